import type { AlertmanagerWebhook } from '@companyos/contracts';
import { QueueWorkers, Queues, WebhookDelivery } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AlertmanagerIngest } from './alertmanager-ingest.service';

/** Consumes Alertmanager notifications accepted by the gateway's webhook edge. */
@Injectable()
export class AlertmanagerProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly ingest: AlertmanagerIngest,
  ) {}

  onModuleInit() {
    this.workers.consume<WebhookDelivery<AlertmanagerWebhook>>(Queues.AlertsAlertmanager, (job) => this.ingest.apply(job.data));
  }
}
