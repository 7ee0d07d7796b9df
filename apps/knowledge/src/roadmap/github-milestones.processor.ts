import { QueueWorkers, Queues, WebhookDelivery } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { GithubMilestones } from './github-milestones.service';

/** Consumes the GitHub deliveries routed to the knowledge app (milestones, and issues in milestones). */
@Injectable()
export class GithubMilestonesProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly milestones: GithubMilestones,
  ) {}

  onModuleInit() {
    this.workers.consume<WebhookDelivery>(Queues.KnowledgeGithub, (job) => this.milestones.apply(job.data));
  }
}
