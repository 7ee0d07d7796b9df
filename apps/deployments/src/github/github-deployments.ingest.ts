import {
  githubDeploymentEvent,
  githubDeploymentStatusEvent,
  githubWorkflowRunEvent,
} from '@companyos/contracts';
import { claimMessage, deliveryMessageId, WebhookDelivery } from '@companyos/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDeploymentsConfig, DeploymentsConfig } from '../deployments.config';
import { DeploymentProcessedMessageEntity, DiscardedGithubKeyEntity } from '../deployments/deployment-messaging.entities';
import { DeploymentEntity } from '../deployments/deployment.entity';
import { DeploymentSource, isTerminalStatus } from '../deployments/deployment.enums';
import { DeploymentsService } from '../deployments/deployments.service';
import { RollupsService } from '../rollups/rollups.service';
import { DeploymentPlan, mergeStatus, planDeploymentEvent, planDeploymentStatusEvent, planWorkflowRunEvent } from './github-deployment.rules';

/** GitHub events that make or advance deployments. */
export const GITHUB_DEPLOYMENT_EVENTS = ['deployment', 'deployment_status', 'workflow_run'] as const;

/**
 * Applies GitHub `deployment`, `deployment_status` and `workflow_run`
 * deliveries: one record per GitHub deployment or workflow run, in whatever
 * order the events arrive (see mergeStatus), each delivery applied once.
 * The service is the repository (`owner/name`) and the version the commit
 * sha, as in the seed's CI/CD example.
 */
@Injectable()
export class GithubDeploymentsIngest {
  private readonly logger = new Logger(GithubDeploymentsIngest.name);

  constructor(
    private readonly deployments: DeploymentsService,
    private readonly rollups: RollupsService,
    @InjectDeploymentsConfig() private readonly config: DeploymentsConfig,
  ) {}

  /** What the delivery asks for; throws when its payload is not what the event promises (the edge validated it already). */
  plan(delivery: WebhookDelivery): DeploymentPlan {
    const rules = this.config.environmentRules;
    switch (delivery.event) {
      case 'deployment':
        return planDeploymentEvent(githubDeploymentEvent.parse(delivery.payload), rules);
      case 'deployment_status':
        return planDeploymentStatusEvent(githubDeploymentStatusEvent.parse(delivery.payload), rules);
      case 'workflow_run':
        return planWorkflowRunEvent(githubWorkflowRunEvent.parse(delivery.payload), this.config.deployWorkflowPattern, rules);
      default:
        return { type: 'ignore', reason: `GitHub "${delivery.event}" events do not concern deployments` };
    }
  }

  async apply(delivery: WebhookDelivery): Promise<void> {
    const plan = this.plan(delivery);
    if (plan.type === 'ignore') {
      this.logger.debug(`delivery ${delivery.deliveryId} (${delivery.event}) ignored: ${plan.reason}`);
      return;
    }
    await this.deployments.run(async (uow) => {
      if (!(await claimMessage(uow.manager, DeploymentProcessedMessageEntity, deliveryMessageId(delivery)))) return;
      // Every event of one GitHub deployment or run waits for the one before: the merge reads, then writes.
      await uow.manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [plan.key]);
      if (await uow.manager.existsBy(DiscardedGithubKeyEntity, { externalKey: plan.key })) return;
      const existing = await uow.manager.findOneBy(DeploymentEntity, { externalKey: plan.key });

      if (plan.type === 'discard') {
        // A re-run that skipped everything does not undo an earlier attempt that deployed.
        if (existing && isTerminalStatus(existing.status)) return;
        await uow.manager.createQueryBuilder().insert().into(DiscardedGithubKeyEntity).values({ externalKey: plan.key, reason: plan.reason }).orIgnore().execute();
        if (existing) {
          await this.rollups.markDirty(uow, [existing.finishedAt]);
          await uow.manager.remove(existing);
        }
        return;
      }

      const { facts } = plan;
      if (!existing) {
        const created = uow.manager.create(DeploymentEntity, {
          serviceName: facts.repository,
          version: facts.commitSha,
          environment: facts.environment,
          deployedBy: facts.deployedBy ?? 'unknown',
          commitSha: facts.commitSha,
          commitAt: facts.commitAt,
          githubRunUrl: facts.githubRunUrl,
          releaseUrl: null,
          repository: facts.repository,
          ref: facts.ref,
          githubEnvironment: facts.githubEnvironment,
          githubState: plan.githubState,
          startedAt: facts.startedAt,
          source: DeploymentSource.GITHUB,
          externalKey: plan.key,
          rollbackOf: null,
        });
        await this.deployments.record(uow, created, plan.status, plan.at);
        return;
      }

      const merged = mergeStatus(existing.status, plan.status, existing.statusAt, plan.at);
      const incomingWon = merged.status === plan.status && merged.at.getTime() === plan.at.getTime();
      if (plan.at >= existing.statusAt) {
        // A newer event knows the run as it is now (a re-run's new start, an actor filled in).
        Object.assign(existing, {
          environment: facts.environment,
          deployedBy: facts.deployedBy ?? existing.deployedBy,
          commitAt: facts.commitAt ?? existing.commitAt,
          githubRunUrl: facts.githubRunUrl ?? existing.githubRunUrl,
          ref: facts.ref,
          githubEnvironment: facts.githubEnvironment,
          startedAt: facts.startedAt,
        });
      }
      if (incomingWon) existing.githubState = plan.githubState;
      await this.deployments.record(uow, existing, merged.status, merged.at);
    });
  }
}
