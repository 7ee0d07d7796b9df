import { INCIDENT_LIFECYCLE_EVENTS, IncidentEventPayload, IncidentEventType } from '@companyos/contracts';
import { DomainEvent, QueueWorkers, Queues } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { IncidentRecordsService } from './incident-records.service';

/** Keeps the knowledge domain's incident records (and drafts postmortems) from the incidents domain's lifecycle events. */
@Injectable()
export class IncidentEventsProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly records: IncidentRecordsService,
  ) {}

  onModuleInit() {
    this.workers.consume<DomainEvent<IncidentEventPayload>>(Queues.KnowledgeIncidents, async (job) => {
      if (!INCIDENT_LIFECYCLE_EVENTS.includes(job.data.type as IncidentEventType)) return;
      await this.records.apply(job.data);
    });
  }
}
