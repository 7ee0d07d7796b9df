import { Module } from '@nestjs/common';
import { AuditLogResolver } from './audit-log.resolver';
import { AuditLogService } from './audit-log.service';

@Module({
  providers: [AuditLogService],
  exports: [AuditLogService],
})
export class AuditLogModule {}

/** The GraphQL face of the audit trail, loaded in the api role. */
@Module({
  imports: [AuditLogModule],
  providers: [AuditLogResolver],
})
export class AuditLogApiModule {}
