import type { AuditRecord } from '@companyos/contracts';
import { DomainEvent, QueueWorkers, Queues } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditLogService } from './audit-log.service';

/** Stores the `audit.recorded` events the gateway's outbox relays to `access.audit` (a retried job stores nothing twice). */
@Injectable()
export class AuditLogProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly auditLog: AuditLogService,
  ) {}

  onModuleInit() {
    this.workers.consume<DomainEvent<AuditRecord>>(Queues.AccessAudit, async (job) => {
      await this.auditLog.append(job.data.payload);
    });
  }
}
