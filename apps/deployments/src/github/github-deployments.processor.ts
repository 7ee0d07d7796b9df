import { QueueWorkers, Queues, WebhookDelivery } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { GithubDeploymentsIngest } from './github-deployments.ingest';

/** Consumes GitHub deployment, deployment_status and workflow_run deliveries accepted by the gateway's webhook edge. */
@Injectable()
export class GithubDeploymentsProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly ingest: GithubDeploymentsIngest,
  ) {}

  onModuleInit() {
    this.workers.consume<WebhookDelivery>(Queues.DeploymentsGithub, (job) => this.ingest.apply(job.data));
  }
}
