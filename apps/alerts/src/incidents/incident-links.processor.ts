import { IncidentAlertAttached, IncidentAlertEvents } from '@companyos/contracts';
import { DomainEvent, QueueWorkers, Queues } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';

/** Records which incident the incidents domain attached an alert to (idempotent: a replay sets the same link). */
@Injectable()
export class IncidentLinksProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly alerts: AlertsService,
  ) {}

  onModuleInit() {
    this.workers.consume<DomainEvent<IncidentAlertAttached>>(Queues.AlertsIncidents, async (job) => {
      if (job.data.type !== IncidentAlertEvents.AlertAttached) return;
      await this.alerts.recordIncident(job.data.payload.alertId, job.data.payload.incidentId);
    });
  }
}
