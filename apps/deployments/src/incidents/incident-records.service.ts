import { IncidentEventPayload, isNewerIncidentState } from '@companyos/contracts';
import { claimMessage, DomainError, DomainEvent, eventMessageId, isUuid } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { DeploymentProcessedMessageEntity } from '../deployments/deployment-messaging.entities';
import { DeploymentEntity } from '../deployments/deployment.entity';
import { DeploymentError } from '../deployments/deployment.errors';
import { DeploymentsService } from '../deployments/deployments.service';
import { RollupsService } from '../rollups/rollups.service';
import { IncidentAttribution } from './incident-attribution.service';
import { IncidentRecordEntity } from './incident-record.entity';

/** SEV1 and SEV2 are what the release gate counts as active incidents. */
export interface ActiveIncidentCounts {
  sev1: number;
  sev2: number;
}

/**
 * The deployments domain's view of incidents, kept from the incidents
 * domain's events: when they started and were resolved (time to restore),
 * which services they hit, and the deployment that caused them (change
 * failure rate).
 */
@Injectable()
export class IncidentRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deployments: DeploymentsService,
    private readonly attribution: IncidentAttribution,
    private readonly rollups: RollupsService,
  ) {}

  /**
   * Applies an incident lifecycle event once. Each carries the incident's
   * whole state and version, so the highest version wins and an older one
   * arriving late changes nothing, whatever the clocks of the replicas that
   * built them said (see incident-projection.rules.ts).
   */
  apply(event: DomainEvent<IncidentEventPayload>): Promise<void> {
    const state = event.payload;
    const occurredAt = new Date(event.occurredAt);
    return this.deployments.run(async (uow) => {
      if (!(await claimMessage(uow.manager, DeploymentProcessedMessageEntity, eventMessageId(event)))) return;
      const incidentId = state.incidentId;
      await uow.manager
        .createQueryBuilder()
        .insert()
        .into(IncidentRecordEntity)
        .values({
          incidentId,
          number: state.number,
          severity: state.severity,
          status: state.status,
          affectedServices: state.affectedServices,
          startedAt: new Date(state.startedAt),
          resolvedAt: null,
          eventAt: new Date(0),
          version: 0,
        })
        .orIgnore()
        .execute();
      const record = await uow.manager.findOneOrFail(IncidentRecordEntity, { where: { incidentId }, lock: { mode: 'pessimistic_write' } });
      if (!isNewerIncidentState({ version: state.version, occurredAt }, record)) return;

      const before = { services: [...record.affectedServices].sort().join('\n'), startedAt: record.startedAt.getTime(), resolvedAt: record.resolvedAt };
      Object.assign(record, {
        number: state.number,
        severity: state.severity,
        status: state.status,
        affectedServices: state.affectedServices,
        startedAt: new Date(state.startedAt),
        resolvedAt: state.resolvedAt ? new Date(state.resolvedAt) : null,
        eventAt: occurredAt,
        version: typeof state.version === 'number' ? state.version : record.version,
      });
      await uow.manager.save(record);
      const moved = before.services !== [...record.affectedServices].sort().join('\n') || before.startedAt !== record.startedAt.getTime();
      // New, not attributed yet, or its services or start changed (a MANUAL link is kept by `attribute`).
      if (moved || record.attribution === null) await this.attribution.attribute(uow, record);
      if (moved || before.resolvedAt?.getTime() !== record.resolvedAt?.getTime()) {
        await this.rollups.markDirty(uow, [before.resolvedAt, record.resolvedAt]);
      }
    });
  }

  /** A person says which deployment caused an incident; it stays so whatever later events say. */
  link(incidentId: string, deploymentId: string, actor: string): Promise<IncidentRecordEntity> {
    return this.deployments.run(async (uow) => {
      const record = isUuid(incidentId)
        ? await uow.manager.findOne(IncidentRecordEntity, { where: { incidentId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!record) {
        throw new DomainError(DeploymentError.IncidentNotFound, `incident ${incidentId} is not known to deployments (no event about it has arrived)`);
      }
      const deployment = isUuid(deploymentId) ? await uow.manager.findOneBy(DeploymentEntity, { id: deploymentId }) : null;
      if (!deployment) throw new DomainError(DeploymentError.NotFound, `deployment ${deploymentId} does not exist`);
      await this.attribution.link(uow, record, deployment, actor);
      return record;
    });
  }

  /** Open SEV1 and SEV2 incidents that affect the service. */
  async activeCounts(serviceName: string): Promise<ActiveIncidentCounts> {
    const rows: { severity: string; count: number }[] = await this.dataSource.query(
      `SELECT severity, count(*)::int AS count FROM deployments.incidents
        WHERE status <> 'RESOLVED' AND affected_services @> ARRAY[$1::text] AND severity IN ('SEV1', 'SEV2')
        GROUP BY severity`,
      [serviceName],
    );
    const count = (severity: string) => rows.find((row) => row.severity === severity)?.count ?? 0;
    return { sev1: count('SEV1'), sev2: count('SEV2') };
  }

  /** The incident records of incidents, for Incident.causedBy. */
  async byIds(incidentIds: readonly string[]): Promise<(IncidentRecordEntity | null)[]> {
    const valid = incidentIds.filter(isUuid);
    const rows = valid.length ? await this.dataSource.manager.findBy(IncidentRecordEntity, { incidentId: In(valid) }) : [];
    return incidentIds.map((id) => rows.find((row) => row.incidentId === id) ?? null);
  }

  /** Incidents attributed to each deployment. */
  async byDeployments(deploymentIds: readonly string[]): Promise<IncidentRecordEntity[][]> {
    const valid = deploymentIds.filter(isUuid);
    const rows = valid.length ? await this.dataSource.manager.find(IncidentRecordEntity, { where: { deploymentId: In(valid) }, order: { startedAt: 'ASC' } }) : [];
    return deploymentIds.map((id) => rows.filter((row) => row.deploymentId === id));
  }
}
