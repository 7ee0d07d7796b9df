import { INCIDENT_LIFECYCLE_EVENTS, IncidentEventPayload, IncidentEventType } from '@companyos/contracts';
import { DomainEvent, QueueWorkers, Queues } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { INCIDENT_FACT_EVENTS } from './incident-facts.rules';
import { IncidentRecordsService } from './incident-records.service';

/**
 * Keeps the knowledge domain's incident records (and drafts postmortems) from the incidents domain's lifecycle events,
 * and what other domains said of incidents (alerts attached, runbook executions, the causing deployment) from theirs.
 */
@Injectable()
export class IncidentEventsProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly records: IncidentRecordsService,
  ) {}

  onModuleInit() {
    this.workers.consume<DomainEvent<IncidentEventPayload>>(Queues.KnowledgeIncidents, async (job) => {
      if (INCIDENT_LIFECYCLE_EVENTS.includes(job.data.type as IncidentEventType)) await this.records.apply(job.data);
      else if (INCIDENT_FACT_EVENTS.includes(job.data.type)) await this.records.applyFact(job.data);
    });
  }
}
