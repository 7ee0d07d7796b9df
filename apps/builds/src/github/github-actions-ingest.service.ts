import { githubWorkflowJobEvent, githubWorkflowRunEvent } from '@companyos/contracts';
import { claimMessage, deliveryMessageId, WebhookDelivery } from '@companyos/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { BuildProcessedMessageEntity } from '../runs/build-messaging.entities';
import { BuildRunsService } from '../runs/build-runs.service';
import { BUILD_DELIVERIES_TOTAL } from '../runs/builds.metrics';
import { observeRunOfJob, observeWorkflowJob, observeWorkflowRun } from './github-actions.rules';

export type GithubActionsOutcome = 'applied' | 'duplicate' | 'ignored';

/**
 * Applies GitHub Actions deliveries: `workflow_run` to its run attempt,
 * `workflow_job` to its stage and tasks (creating the run first when the
 * job arrives before it). One delivery is one transaction, claimed once.
 */
@Injectable()
export class GithubActionsIngest {
  private readonly logger = new Logger(GithubActionsIngest.name);

  constructor(
    private readonly runs: BuildRunsService,
    @InjectMetric(BUILD_DELIVERIES_TOTAL) private readonly deliveries: Counter<string>,
  ) {}

  async apply(delivery: WebhookDelivery): Promise<GithubActionsOutcome> {
    if (delivery.event !== 'workflow_run' && delivery.event !== 'workflow_job') {
      this.logger.warn(`delivery ${delivery.deliveryId}: builds does not consume "${delivery.event}" events`);
      return 'ignored';
    }
    const outcome = await this.runs.run(async (uow): Promise<GithubActionsOutcome> => {
      if (!(await claimMessage(uow.manager, BuildProcessedMessageEntity, deliveryMessageId(delivery)))) return 'duplicate';
      if (delivery.event === 'workflow_run') {
        await this.runs.recordRun(uow, observeWorkflowRun(githubWorkflowRunEvent.parse(delivery.payload)));
      } else {
        const event = githubWorkflowJobEvent.parse(delivery.payload);
        const run = await this.runs.recordRun(uow, observeRunOfJob(event));
        await this.runs.recordStage(uow, run, observeWorkflowJob(event));
      }
      return 'applied';
    });
    this.deliveries.inc({ event: delivery.event, outcome });
    return outcome;
  }
}
