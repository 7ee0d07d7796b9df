import { Module } from '@nestjs/common';
import { AuditLogProcessor } from './audit-log.processor';
import { AuditLogModule } from './audit-log.module';

/** The access app's worker, loaded in the worker role: stores the audit trail. */
@Module({
  imports: [AuditLogModule],
  providers: [AuditLogProcessor],
})
export class AuditLogWorkersModule {}
