import type { DeploymentEventPayload } from '@companyos/contracts';
import { isUuid } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InjectRunbooksConfig, RunbooksConfig } from '../runbooks.config';
import { ProductionDeploymentEntity } from './production-deployment.entity';

export interface Staleness {
  /** Successful production deployments of the runbook's services since its last COMPLETED run (since it was added, if never). */
  deploymentsSinceLastSuccess: number;
  stale: boolean;
}

/** Whether runbooks have fallen behind their services: RUNBOOK_STALE_AFTER_DEPLOYS production deployments without a successful run. */
@Injectable()
export class StalenessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRunbooksConfig() private readonly config: RunbooksConfig,
  ) {}

  /** Records a successful production deployment (idempotent: keyed by the deployment id). */
  async recordDeployment(deployment: DeploymentEventPayload): Promise<void> {
    if (deployment.environment !== 'PRODUCTION' || deployment.status !== 'SUCCEEDED' || !deployment.finishedAt || !isUuid(deployment.deploymentId)) return;
    await this.dataSource.manager
      .createQueryBuilder()
      .insert()
      .into(ProductionDeploymentEntity)
      .values({ deploymentId: deployment.deploymentId, serviceName: deployment.serviceName, finishedAt: new Date(deployment.finishedAt) })
      .orIgnore()
      .execute();
  }

  /** Staleness of each runbook, in the order asked. */
  async of(runbookIds: readonly string[]): Promise<Staleness[]> {
    const rows: { id: string; deployments: number }[] = await this.dataSource.query(
      `SELECT r.id, count(d.deployment_id)::int AS deployments
         FROM runbooks.runbooks r
         LEFT JOIN LATERAL (
           SELECT max(e.finished_at) AS last_success FROM runbooks.executions e WHERE e.runbook_id = r.id AND e.status = 'COMPLETED'
         ) s ON true
         LEFT JOIN runbooks.production_deployments d
           ON d.service_name = ANY(r.services) AND d.finished_at > COALESCE(s.last_success, r.created_at)
        WHERE r.id = ANY($1::uuid[])
        GROUP BY r.id`,
      [runbookIds.filter(isUuid)],
    );
    const byId = new Map(rows.map((row) => [row.id, row.deployments]));
    return runbookIds.map((id) => {
      const deployments = byId.get(id) ?? 0;
      return { deploymentsSinceLastSuccess: deployments, stale: deployments >= this.config.staleAfterDeploys };
    });
  }
}
