import { DeploymentEventPayload, DeploymentEvents } from '@companyos/contracts';
import { DomainEvent, QueueWorkers, Queues } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { StalenessService } from './staleness.service';

/** Consumes the deployments domain's `deployment.finished` events (successful production ones count towards staleness). */
@Injectable()
export class DeploymentEventsProcessor implements OnModuleInit {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly staleness: StalenessService,
  ) {}

  onModuleInit() {
    this.workers.consume<DomainEvent<DeploymentEventPayload>>(Queues.RunbooksDeployments, async (job) => {
      if (job.data.type === DeploymentEvents.Finished) await this.staleness.recordDeployment(job.data.payload);
    });
  }
}
