import { byKeys, decodeCursor, DomainError, DomainEvent, inUnitOfWork, isUuid, OutboxRelay, toConnection, UnitOfWork } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { DataSource, In } from 'typeorm';
import { SloViolationsService } from '../slos/slo-violations.service';
import { AlertsFilter } from './dto/alerts-filter.input';
import { linkedToIncident, resolvedEvents } from './alert-events';
import { AlertOutboxEntity } from './alert-messaging.entities';
import { AlertEntity } from './alert.entity';
import { AlertStatus } from './alert.enums';
import { AlertError } from './alert.errors';
import { toAlert } from './alert.mapper';
import { ALERTS_TOTAL } from './alerts.metrics';

/** SQL for "firing now": FIRING, or SILENCED with the silence run out. */
export const FIRING_NOW = `(a.status IN ('FIRING', 'SILENCED') AND (a.status = 'FIRING' OR a.silenced_until <= now()))`;

/**
 * Alert management: reading alerts and the changes people make to them
 * (acknowledge, resolve, silence, link to an incident). Ingestion from
 * Alertmanager lives in AlertmanagerIngest.
 */
@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly violations: SloViolationsService,
    @InjectMetric(ALERTS_TOTAL) private readonly alertsTotal: Counter<string>,
  ) {}

  async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return (await inUnitOfWork(this.dataSource, AlertOutboxEntity, this.relay, work)).result;
  }

  acknowledge(id: string, actor: string) {
    return this.change(id, (alert) => {
      if (alert.status === AlertStatus.ACKNOWLEDGED) {
        throw new DomainError(AlertError.AlreadyAcknowledged, `alert ${id} was already acknowledged by ${alert.acknowledgedBy}`);
      }
      Object.assign(alert, { status: AlertStatus.ACKNOWLEDGED, acknowledgedBy: actor, acknowledgedAt: new Date(), silencedUntil: null });
      return [];
    });
  }

  async silence(id: string, until: Date) {
    if (until <= new Date()) throw new DomainError(AlertError.InvalidSilence, `silence until ${until.toISOString()} is not in the future`);
    return this.change(id, (alert) => {
      Object.assign(alert, { status: AlertStatus.SILENCED, silencedUntil: until });
      return [];
    });
  }

  resolve(id: string, actor: string) {
    return this.change(id, (alert, uow) => this.markResolved(uow, [alert], new Date(), actor).then(() => resolvedEvents(alert)));
  }

  linkToIncident(id: string, incidentId: string, actor: string) {
    return this.change(id, (alert) => {
      if (alert.incidentId === incidentId) return [];
      alert.incidentId = incidentId;
      return [linkedToIncident(alert, actor)];
    }, { allowResolved: true });
  }

  /**
   * Marks alerts resolved (status, when, by whom) in one statement and closes
   * their SLO violations. An alert resolves when Alertmanager says it ended,
   * if that is known and not in the future, else now.
   */
  async markResolved(uow: UnitOfWork, alerts: AlertEntity[], at: Date, actor: string): Promise<void> {
    if (!alerts.length) return;
    for (const alert of alerts) {
      const resolvedAt = alert.endsAt && alert.endsAt <= at ? alert.endsAt : at;
      Object.assign(alert, { status: AlertStatus.RESOLVED, resolvedAt, resolvedBy: actor, endsAt: alert.endsAt ?? resolvedAt, silencedUntil: null });
    }
    uow.afterCommit.push(() => alerts.forEach((alert) => this.alertsTotal.inc({ severity: alert.severity.toLowerCase(), status: 'resolved' })));
    await uow.manager.query(
      `UPDATE alerts.alerts a SET status = 'RESOLVED', resolved_at = r.resolved_at, resolved_by = $2, ends_at = r.ends_at, silenced_until = NULL
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, resolved_at timestamptz, ends_at timestamptz)
        WHERE a.id = r.id`,
      [JSON.stringify(alerts.map((alert) => ({ id: alert.id, resolved_at: alert.resolvedAt, ends_at: alert.endsAt }))), actor],
    );
    await this.violations.close(uow, alerts);
  }

  /** Records the incident the incidents domain attached an alert to; a person's earlier link wins. */
  async recordIncident(alertId: string, incidentId: string): Promise<void> {
    await this.dataSource.manager
      .createQueryBuilder()
      .update(AlertEntity)
      .set({ incidentId })
      .where({ id: alertId })
      .andWhere('incident_id IS NULL')
      .execute();
  }

  private change(
    id: string,
    apply: (alert: AlertEntity, uow: UnitOfWork) => DomainEvent[] | Promise<DomainEvent[]>,
    { allowResolved = false } = {},
  ): Promise<AlertEntity> {
    return this.run(async (uow) => {
      const alert = isUuid(id) ? await uow.manager.findOne(AlertEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!alert) throw new DomainError(AlertError.NotFound, `alert ${id} does not exist`);
      if (alert.status === AlertStatus.RESOLVED && !allowResolved) {
        throw new DomainError(AlertError.AlreadyResolved, `alert ${id} is already resolved`);
      }
      uow.events.push(...(await apply(alert, uow)));
      return uow.manager.save(alert);
    });
  }

  async findById(id: string): Promise<AlertEntity> {
    const alert = isUuid(id) ? await this.dataSource.manager.findOneBy(AlertEntity, { id }) : null;
    if (!alert) throw new DomainError(AlertError.NotFound, `alert ${id} does not exist`);
    return alert;
  }

  async list(filter: AlertsFilter = {}, first = 50, after?: string) {
    const query = this.filtered(filter);
    // Counted only if the operation selects totalCount (before the cursor narrows the query).
    const countQuery = query.clone();
    if (after) query.andWhere('a.seq < :cursor', { cursor: decodeCursor(after) });
    const rows = await query.orderBy('a.seq', 'DESC').take(first + 1).getMany();
    return toConnection(rows, first, () => countQuery.getCount(), (row) => Number(row.seq), toAlert);
  }

  /** Alerts matching the filter, unordered: what a list page and its count read (an int test EXPLAINs it). */
  filtered(filter: AlertsFilter = {}) {
    const query = this.dataSource.manager.createQueryBuilder(AlertEntity, 'a');
    if (filter.status?.length) query.andWhere('a.status IN (:...status)', { status: filter.status });
    if (filter.severity?.length) query.andWhere('a.severity IN (:...severity)', { severity: filter.severity });
    if (filter.service) query.andWhere('a.service = :service', { service: filter.service });
    if (filter.alertName) query.andWhere('a.alert_name = :alertName', { alertName: filter.alertName });
    if (filter.incidentId) query.andWhere('a.incident_id = :incidentId', { incidentId: filter.incidentId });
    if (filter.firing !== undefined) query.andWhere(filter.firing ? FIRING_NOW : `NOT ${FIRING_NOW}`);
    return query;
  }

  /** Alerts firing now, most severe first, then newest. */
  firing(): Promise<AlertEntity[]> {
    return this.firingQuery().getMany();
  }

  /** The query behind `firing` (served by the partial index alerts_firing; an int test EXPLAINs it). */
  firingQuery() {
    return this.dataSource.manager
      .createQueryBuilder(AlertEntity, 'a')
      .where(FIRING_NOW)
      .orderBy('a.severity', 'ASC')
      .addOrderBy('a.starts_at', 'DESC')
      .limit(1000);
  }

  async firingByServices(names: readonly string[]): Promise<AlertEntity[][]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(AlertEntity, 'a')
      .where(FIRING_NOW)
      .andWhere('a.service IN (:...names)', { names: [...names] })
      .orderBy('a.starts_at', 'DESC')
      .getMany();
    return names.map((name) => rows.filter((row) => row.service === name));
  }

  /** Alerts by id, in the order asked (null where there is none): entity references from other subgraphs. */
  async byIds(ids: readonly string[]): Promise<(AlertEntity | null)[]> {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await this.dataSource.manager.findBy(AlertEntity, { id: In(valid) }) : [];
    return byKeys(ids, rows, (row) => row.id);
  }

  async byIncidents(incidentIds: readonly string[]): Promise<AlertEntity[][]> {
    const valid = incidentIds.filter(isUuid);
    const rows = valid.length
      ? await this.dataSource.manager.find(AlertEntity, { where: { incidentId: In(valid) }, order: { startsAt: 'ASC' } })
      : [];
    return incidentIds.map((id) => rows.filter((row) => row.incidentId === id));
  }
}
