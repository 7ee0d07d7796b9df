import { QueueWorkers, Queues, WebhookDelivery } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { GithubActionsIngest } from './github-actions-ingest.service';

/** Consumes GitHub `workflow_run` and `workflow_job` deliveries accepted by the gateway's webhook edge. */
@Injectable()
export class GithubActionsProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly ingest: GithubActionsIngest,
  ) {}

  onModuleInit() {
    this.workers.consume<WebhookDelivery>(Queues.BuildsGithub, (job) => this.ingest.apply(job.data));
  }
}
