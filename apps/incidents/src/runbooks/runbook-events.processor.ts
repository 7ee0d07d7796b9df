import { DomainEvent, QueueWorkers, Queues } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { RunbookTimeline } from './runbook-timeline.service';

/** Consumes the runbooks domain's execution events (started, finished). */
@Injectable()
export class RunbookEventsProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly timeline: RunbookTimeline,
  ) {}

  onModuleInit() {
    this.workers.consume<DomainEvent>(Queues.IncidentsRunbooks, (job) => this.timeline.apply(job.data));
  }
}
