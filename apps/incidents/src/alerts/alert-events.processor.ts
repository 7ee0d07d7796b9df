import { DomainEvent, QueueWorkers, Queues } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AlertIncidents } from './alert-incidents.service';

/** Consumes the alerts domain's events (critical firings, links, resolutions). */
@Injectable()
export class AlertEventsProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly alertIncidents: AlertIncidents,
  ) {}

  onModuleInit() {
    this.workers.consume<DomainEvent>(Queues.IncidentsAlerts, (job) => this.alertIncidents.apply(job.data));
  }
}
