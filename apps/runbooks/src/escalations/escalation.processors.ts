import { DomainEvent, QueueWorkers, Queues } from '@companyos/platform';
import type { IncidentEventPayload } from '@companyos/contracts';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EscalationsService, PageJob, StepJob } from './escalations.service';

/** Consumes incident events (start, stop), due escalation levels and pages to send. */
@Injectable()
export class EscalationProcessors implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly escalations: EscalationsService,
  ) {}

  onModuleInit() {
    this.workers.consume<DomainEvent<IncidentEventPayload>>(Queues.RunbooksIncidents, (job) => this.escalations.onIncidentEvent(job.data));
    this.workers.consume<StepJob>(Queues.RunbooksEscalations, (job) => this.escalations.runStep(job.data));
    this.workers.consume<PageJob>(Queues.RunbooksPages, (job) => this.escalations.sendPage(job.data, job.attemptsMade + 1));
  }
}
