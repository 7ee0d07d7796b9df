import { Injectable } from '@nestjs/common';
import type { UnitOfWork } from '@companyos/platform';
import { In } from 'typeorm';
import { DeploymentEntity } from '../deployments/deployment.entity';
import { incidentAttributedEvent } from '../deployments/deployment-events';
import { DeploymentEnvironment, DeploymentStatus } from '../deployments/deployment.enums';
import { DeploymentsConfig, InjectDeploymentsConfig } from '../deployments.config';
import { RollupsService } from '../rollups/rollups.service';
import { attributionRange } from './incident-attribution.rules';
import { Attribution, IncidentRecordEntity } from './incident-record.entity';

/**
 * Which deployment caused an incident: unless a person linked one
 * (MANUAL, never replaced), the most recent successful PRODUCTION deployment
 * of an affected service that finished before the incident started, within
 * INCIDENT_ATTRIBUTION_WINDOW of it (see incident-attribution.rules.ts).
 * A changed attribution marks the days of both deployments dirty, since it
 * moves a failure from one to the other in the change failure rate.
 */
@Injectable()
export class IncidentAttribution {
  constructor(
    private readonly rollups: RollupsService,
    @InjectDeploymentsConfig() private readonly config: DeploymentsConfig,
  ) {}

  /** (Re)attributes an incident whose services or start changed, or that is new. */
  async attribute(uow: UnitOfWork, incident: IncidentRecordEntity): Promise<void> {
    if (incident.attribution === Attribution.MANUAL) return;
    const range = attributionRange(incident.startedAt, this.config.incidentAttributionWindowMs);
    const [cause]: { id: string; finished_at: Date }[] = incident.affectedServices.length
      ? await uow.manager.query(
          `SELECT id, finished_at FROM deployments.deployments
            WHERE service_name = ANY($1) AND environment = $2 AND status = $3 AND finished_at < $4 AND finished_at >= $5
            ORDER BY finished_at DESC LIMIT 1`,
          [incident.affectedServices, DeploymentEnvironment.PRODUCTION, DeploymentStatus.SUCCEEDED, range.finishedBefore, range.finishedFrom],
        )
      : [];
    await this.assign(uow, incident, cause?.id ?? null, cause ? Attribution.AUTOMATIC : null, null);
  }

  /** A person says which deployment caused the incident. */
  link(uow: UnitOfWork, incident: IncidentRecordEntity, deployment: DeploymentEntity, actor: string): Promise<void> {
    return this.assign(uow, incident, deployment.id, Attribution.MANUAL, actor);
  }

  /**
   * A production deployment just succeeded (or its success was reported
   * late): incidents of its service that started after it finished (within the
   * attribution window) and are
   * attributed automatically to an older deployment (or none) are its now.
   */
  async deploymentSucceeded(uow: UnitOfWork, deployment: DeploymentEntity): Promise<void> {
    if (deployment.environment !== DeploymentEnvironment.PRODUCTION || deployment.status !== DeploymentStatus.SUCCEEDED || !deployment.finishedAt) return;
    // UPDATE … RETURNING answers [rows, count].
    const [moved]: [{ incident_id: string; previous_finished_at: Date | null; attributed_at: Date }[], number] = await uow.manager.query(
      `WITH candidates AS (
         SELECT i.incident_id, previous.finished_at AS previous_finished_at
           FROM deployments.incidents i
           LEFT JOIN deployments.deployments previous ON previous.id = i.deployment_id
          WHERE i.affected_services @> ARRAY[$1::text] AND i.started_at > $2 AND i.started_at <= $4
            AND i.attribution IS DISTINCT FROM 'MANUAL'
            AND (i.deployment_id IS NULL OR previous.finished_at < $2)
            AND i.deployment_id IS DISTINCT FROM $3
          FOR UPDATE OF i)
       UPDATE deployments.incidents i SET deployment_id = $3, attribution = 'AUTOMATIC'
         FROM candidates c WHERE i.incident_id = c.incident_id
       RETURNING i.incident_id, c.previous_finished_at, clock_timestamp() AS attributed_at`,
      [deployment.serviceName, deployment.finishedAt, deployment.id, new Date(deployment.finishedAt.getTime() + this.config.incidentAttributionWindowMs)],
    );
    if (!moved.length) return;
    await this.rollups.markDirty(uow, [deployment.finishedAt, ...moved.map((row) => row.previous_finished_at)]);
    for (const row of moved) uow.events.push(incidentAttributedEvent(row.incident_id, deployment, Attribution.AUTOMATIC, null, row.attributed_at));
  }

  private async assign(
    uow: UnitOfWork,
    incident: IncidentRecordEntity,
    deploymentId: string | null,
    attribution: Attribution | null,
    linkedBy: string | null,
  ): Promise<void> {
    if (incident.deploymentId === deploymentId && incident.attribution === attribution) return;
    const involved = await uow.manager.findBy(DeploymentEntity, { id: In([incident.deploymentId, deploymentId].filter((id) => id !== null)) });
    Object.assign(incident, { deploymentId, attribution, linkedBy });
    await uow.manager.update(IncidentRecordEntity, { incidentId: incident.incidentId }, { deploymentId, attribution, linkedBy });
    await this.rollups.markDirty(uow, involved.map((row) => row.finishedAt));
    // The incident's row is locked (its event or link is being applied), so the clock orders its attributions.
    const [{ now }]: { now: Date }[] = await uow.manager.query('SELECT clock_timestamp() AS now');
    const cause = involved.find((row) => row.id === deploymentId) ?? null;
    uow.events.push(incidentAttributedEvent(incident.incidentId, cause, attribution, linkedBy, now));
  }
}
