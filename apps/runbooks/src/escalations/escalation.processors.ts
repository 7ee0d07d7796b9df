import { DomainEvent, QueueWorkers, Queues } from '@companyos/platform';
import type { IncidentEventPayload } from '@companyos/contracts';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRunbooksConfig, RunbooksConfig } from '../runbooks.config';
import { EscalationsService, PageJob, StepJob } from './escalations.service';

/** Consumes incident events (start, adopt, stop), alert events (a critical alert without incident starts, its group resolved stops), due escalation levels and pages to send. */
@Injectable()
export class EscalationProcessors implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly escalations: EscalationsService,
    @InjectRunbooksConfig() private readonly config: RunbooksConfig,
  ) {}

  onModuleInit() {
    this.workers.consume<DomainEvent<IncidentEventPayload>>(Queues.RunbooksIncidents, (job) => this.escalations.onIncidentEvent(job.data));
    this.workers.consume<DomainEvent>(Queues.RunbooksAlerts, (job) => this.escalations.onAlertEvent(job.data));
    this.workers.consume<StepJob>(Queues.RunbooksEscalations, (job) => this.escalations.runStep(job.data));
    // A page mostly waits on the receiver: many at once (PAGE_CONCURRENCY), so a burst is not queued behind WORKER_CONCURRENCY slots.
    this.workers.consume<PageJob>(Queues.RunbooksPages, (job) => this.escalations.sendPage(job.data, job.attemptsMade + 1), { concurrency: this.config.paging.concurrency });
  }
}
