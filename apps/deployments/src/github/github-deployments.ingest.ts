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
import { DeploymentSourceEntity } from '../deployments/deployment-source.entity';
import { DeploymentsService, UNKNOWN_ACTOR } from '../deployments/deployments.service';
import { RollupsService } from '../rollups/rollups.service';
import { DeploymentPlan, mergeStatus, planDeploymentEvent, planDeploymentStatusEvent, planWorkflowRunEvent } from './github-deployment.rules';

/** GitHub events that make or advance deployments. */
export const GITHUB_DEPLOYMENT_EVENTS = ['deployment', 'deployment_status', 'workflow_run'] as const;

/**
 * Applies GitHub `deployment`, `deployment_status` and `workflow_run`
 * deliveries: one record per change, whatever order the events arrive in
 * (see mergeStatus): a GitHub deployment, its workflow run and the API call
 * reporting the same change are one deployment with three sources (see
 * deployment-merge.rules.ts); each delivery applied once.
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
      const existing = await this.deployments.findReported(uow, plan.key);

      if (plan.type === 'discard') {
        // A re-run that skipped everything does not undo an earlier attempt that deployed.
        if (existing && isTerminalStatus(existing.status)) return;
        await uow.manager.createQueryBuilder().insert().into(DiscardedGithubKeyEntity).values({ externalKey: plan.key, reason: plan.reason }).orIgnore().execute();
        if (existing) {
          await uow.manager.delete(DeploymentSourceEntity, { key: plan.key });
          // Other reports of the same change (a GitHub deployment, the API) keep the deployment.
          if (!(await uow.manager.existsBy(DeploymentSourceEntity, { deploymentId: existing.id }))) {
            await this.rollups.markDirty(uow, [existing.finishedAt]);
            await uow.manager.remove(existing);
          }
        }
        return;
      }

      const { facts } = plan;
      const source = { kind: plan.source.kind, key: plan.key, reference: plan.source.reference, url: plan.source.url };
      if (existing) {
        const merged = mergeStatus(existing.status, plan.status, existing.statusAt, plan.at);
        const incomingWon = merged.status === plan.status && merged.at.getTime() === plan.at.getTime();
        if (plan.at >= existing.statusAt) {
          // A newer event knows the run as it is now (a re-run's new start, an actor filled in).
          Object.assign(existing, {
            deployedBy: facts.deployedBy ?? existing.deployedBy,
            commitAt: facts.commitAt ?? existing.commitAt,
            githubRunUrl: facts.githubRunUrl ?? existing.githubRunUrl,
            ref: facts.ref ?? existing.ref,
            githubEnvironment: facts.githubEnvironment ?? existing.githubEnvironment,
            startedAt: facts.startedAt,
          });
        }
        if (incomingWon) existing.githubState = plan.githubState;
        await this.deployments.record(uow, existing, merged.status, merged.at);
        return;
      }

      // The first event of this GitHub deployment or run: the same change may have been reported already (by the run,
      // the GitHub deployment or the API) and this is one more source of that deployment.
      const same = await this.deployments.findSameChange(uow, {
        kind: plan.source.kind,
        serviceName: facts.repository,
        environment: facts.environment,
        commitSha: facts.commitSha,
        runUrl: facts.githubRunUrl,
        startedAt: facts.startedAt,
      });
      if (same) {
        const merged = mergeStatus(same.status, plan.status, same.statusAt, plan.at);
        Object.assign(same, {
          deployedBy: same.deployedBy === UNKNOWN_ACTOR ? (facts.deployedBy ?? UNKNOWN_ACTOR) : same.deployedBy,
          commitSha: same.commitSha ?? facts.commitSha,
          commitAt: same.commitAt ?? facts.commitAt,
          githubRunUrl: same.githubRunUrl ?? facts.githubRunUrl,
          repository: same.repository ?? facts.repository,
          ref: same.ref ?? facts.ref,
          githubEnvironment: same.githubEnvironment ?? facts.githubEnvironment,
          startedAt: facts.startedAt < same.startedAt ? facts.startedAt : same.startedAt,
        });
        if (merged.status === plan.status && merged.at.getTime() === plan.at.getTime()) same.githubState = plan.githubState;
        await this.deployments.addSource(uow, same.id, source);
        await this.deployments.record(uow, same, merged.status, merged.at);
        return;
      }

      const created = uow.manager.create(DeploymentEntity, {
        serviceName: facts.repository,
        version: facts.commitSha,
        environment: facts.environment,
        deployedBy: facts.deployedBy ?? UNKNOWN_ACTOR,
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
        rollbackOf: null,
      });
      const saved = await this.deployments.record(uow, created, plan.status, plan.at);
      await this.deployments.addSource(uow, saved.id, source);
    });
  }
}
