import { PageArgs, RequiresRole } from '@companyos/platform';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { AuditLogFilter } from './dto/audit-log-filter.input';
import { AuditEvent, AuditEventConnection } from './audit-event.model';
import { AuditLogService } from './audit-log.service';

@Resolver(() => AuditEvent)
export class AuditLogResolver {
  constructor(private readonly service: AuditLogService) {}

  @RequiresRole('admin')
  @Query(() => AuditEventConnection, { description: 'The audit trail (every mutation and denied request), newest first.' })
  auditLog(@Args('filter', { type: () => AuditLogFilter, nullable: true }) filter: AuditLogFilter | undefined, @Args() page: PageArgs) {
    return this.service.list(filter, page.first, page.after);
  }
}
