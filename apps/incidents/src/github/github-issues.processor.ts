import type { GithubIssuesEvent } from '@companyos/contracts';
import { QueueWorkers, Queues, WebhookDelivery } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { GithubIssueSync } from './github-issue-sync.service';

/** Consumes GitHub `issues` deliveries accepted by the gateway's webhook edge. */
@Injectable()
export class GithubIssuesProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly sync: GithubIssueSync,
  ) {}

  onModuleInit() {
    this.workers.consume<WebhookDelivery<GithubIssuesEvent>>(Queues.IncidentsGithub, (job) => this.sync.apply(job.data));
  }
}
