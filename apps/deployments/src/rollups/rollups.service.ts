import { QueueRegistry, Queues, UnitOfWork } from '@companyos/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DeploymentEnvironment } from '../deployments/deployment.enums';
import { addTallies, DeploymentFact, DoraTally, IncidentFact, tallyOf } from '../dora/dora-metrics.rules';
import { DAY_MS, nextUtcMonth, startOfUtcDay, startOfUtcMonth, utcDay } from '../dora/utc-calendar';
import { ALL_SERVICES } from './daily-rollup.entity';

/** Taken by every transaction that writes rollups, so two refreshes never interleave a day's read and write. */
const ROLLUP_LOCK = `hashtext('deployments.daily_rollups')`;
/** Dirty days recomputed per transaction. */
const DIRTY_BATCH = 50;
const INSERT_BATCH = 2_000;

/** Deployments that finished in [$1, $2), with whether an incident is attributed to them: what a rollup is computed from. */
export const DEPLOYMENT_FACTS_SQL = `SELECT d.id, d.service_name, d.environment, d.status, d.finished_at, d.commit_at,
       EXISTS (SELECT 1 FROM deployments.incidents i WHERE i.deployment_id = d.id) AS caused_incident
  FROM deployments.deployments d
 WHERE d.finished_at >= $1 AND d.finished_at < $2 AND d.status IN ('SUCCEEDED', 'FAILED', 'ROLLED_BACK')`;

/** Incidents resolved in [$1, $2). */
export const INCIDENT_FACTS_SQL = `SELECT incident_id, affected_services, started_at, resolved_at
  FROM deployments.incidents WHERE resolved_at >= $1 AND resolved_at < $2`;

/** The refresh job: one at a time in the queue (same job id), also repeated every ROLLUP_REFRESH_INTERVAL_MS. */
export const REFRESH_JOB_ID = 'refresh';

/**
 * Daily DORA rollups, and monthly ones summed from them. Whatever changes a finished deployment or a resolved
 * incident marks its UTC day dirty in the same transaction; the refresh job
 * recomputes dirty days from the deployments and incidents tables. The full
 * rebuild recomputes every day with the same code, so both give the same
 * numbers.
 */
@Injectable()
export class RollupsService {
  private readonly logger = new Logger(RollupsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
  ) {}

  /**
   * Marks the days of these instants dirty in the caller's transaction (nulls ignored), and asks for a refresh once it commits.
   * The upsert locks each day's row until the caller commits (`ON CONFLICT DO NOTHING` would take no lock): a refresh
   * running meanwhile skips that day (`SKIP LOCKED`) and the next one recomputes it with the change; a refresh that
   * claimed the day first makes this wait, then insert the mark again. Either way no change is left out of a rollup.
   */
  async markDirty(uow: UnitOfWork, instants: (Date | null | undefined)[]): Promise<void> {
    const days = [...new Set(instants.filter((at): at is Date => at instanceof Date).map(utcDay))];
    if (!days.length) return;
    if (!uow.afterCommit.includes(this.requestRefresh)) uow.afterCommit.push(this.requestRefresh);
    await uow.manager.query(
      `INSERT INTO deployments.rollup_dirty_days (day) SELECT unnest($1::date[]) ORDER BY 1
       ON CONFLICT (day) DO UPDATE SET marked_at = now()`,
      [days],
    );
  }

  /** Asks a worker to refresh now (after a commit that marked days dirty); the repeatable job catches up if Redis is away. */
  readonly requestRefresh = (): void => {
    this.queues
      .enqueue(Queues.DeploymentsRollups, [{ name: 'refresh', data: {}, opts: { jobId: REFRESH_JOB_ID, removeOnComplete: true, removeOnFail: true } }])
      .catch((error: Error) => this.logger.warn(`rollup refresh not requested (${error.message}); the periodic refresh will do it`));
  };

  /** Recomputes every dirty day; returns how many there were. */
  async refresh(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})`);
        // DELETE … RETURNING answers [rows, count].
        const [rows]: [{ day: string }[], number] = await manager.query(
          `DELETE FROM deployments.rollup_dirty_days
            WHERE day IN (SELECT day FROM deployments.rollup_dirty_days ORDER BY day LIMIT ${DIRTY_BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING to_char(day, 'YYYY-MM-DD') AS day`,
        );
        for (const { day } of rows) {
          const from = new Date(`${day}T00:00:00Z`);
          await this.recompute(manager, from, new Date(from.getTime() + DAY_MS));
        }
        return rows.length;
      });
      total += done;
      if (done < DIRTY_BATCH) return total;
    }
  }

  /**
   * Recomputes every rollup from scratch, a month at a time, in one
   * transaction (dashboards keep reading the old rollups until it commits).
   */
  async rebuild(): Promise<{ days: number; rows: number }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})`);
      // JIT compilation took two thirds of a busy month's fact query (bench/dora-query.ts) and buys nothing here.
      await manager.query(`SET LOCAL jit = off`);
      await manager.query(`DELETE FROM deployments.rollup_dirty_days`);
      await manager.query(`DELETE FROM deployments.daily_rollups`);
      await manager.query(`DELETE FROM deployments.monthly_rollups`);
      const [range]: { first: Date | null; last: Date | null }[] = await manager.query(
        `SELECT least(min(d.first), min(i.first)) AS first, greatest(max(d.last), max(i.last)) AS last
           FROM (SELECT min(finished_at) AS first, max(finished_at) AS last FROM deployments.deployments) d,
                (SELECT min(resolved_at) AS first, max(resolved_at) AS last FROM deployments.incidents) i`,
      );
      if (!range.first || !range.last) return { days: 0, rows: 0 };
      let rows = 0;
      const end = new Date(range.last.getTime() + 1);
      for (let from = startOfUtcMonth(range.first); from < end.getTime(); from = nextUtcMonth(from)) {
        rows += await this.recompute(manager, new Date(from), new Date(nextUtcMonth(from)));
      }
      return { days: Math.ceil((end.getTime() - startOfUtcDay(range.first)) / DAY_MS), rows };
    });
  }

  /** Replaces the rollups of the UTC days in [from, to) (both at midnight) with ones computed from the facts; returns the rows written. */
  private async recompute(manager: EntityManager, from: Date, to: Date): Promise<number> {
    const deployments = await this.deploymentFacts(manager, from, to);
    const incidents = await this.incidentFacts(manager, from, to);
    const groups = new Map<string, { deployments: DeploymentFact[]; incidents: IncidentFact[] }>();
    const group = (day: string, service: string, environment: string) => {
      const key = `${day}|${service}|${environment}`;
      let found = groups.get(key);
      if (!found) groups.set(key, (found = { deployments: [], incidents: [] }));
      return found;
    };
    for (const fact of deployments) {
      const day = utcDay(fact.finishedAt!);
      group(day, fact.service, fact.environment).deployments.push(fact);
      group(day, ALL_SERVICES, fact.environment).deployments.push(fact);
    }
    // Incidents are production's: they count in the PRODUCTION rows of each affected service, and once in ALL_SERVICES.
    for (const incident of incidents) {
      const day = utcDay(incident.resolvedAt!);
      for (const service of new Set(incident.services)) group(day, service, DeploymentEnvironment.PRODUCTION).incidents.push(incident);
      group(day, ALL_SERVICES, DeploymentEnvironment.PRODUCTION).incidents.push(incident);
    }

    // DELETE … RETURNING answers [rows, count].
    const [removed]: [{ service_name: string }[], number] = await manager.query(
      `DELETE FROM deployments.daily_rollups WHERE day >= $1::date AND day < $2::date RETURNING service_name`,
      [utcDay(from), utcDay(to)],
    );
    const rows = [...groups].map(([key, facts]) => {
      const [day, serviceName, environment] = key.split('|');
      return { date: day, serviceName, environment, tally: tallyOf(facts.deployments, facts.incidents) };
    });
    await this.write(manager, 'daily_rollups', 'day', rows);
    const services = new Set([...removed.map((row) => row.service_name), ...rows.map((row) => row.serviceName)]);
    await this.recomputeMonths(manager, from, to, [...services]);
    return rows.length;
  }

  /** Replaces the monthly rollups of these services for the UTC months that [from, to) touches with the sum of their days. */
  private async recomputeMonths(manager: EntityManager, from: Date, to: Date, services: string[]): Promise<void> {
    if (!services.length) return;
    for (let month = startOfUtcMonth(from); month < to.getTime(); month = nextUtcMonth(month)) {
      const [start, end] = [utcDay(month), utcDay(nextUtcMonth(month))];
      await manager.query(`DELETE FROM deployments.monthly_rollups WHERE month = $1::date AND service_name = ANY($2)`, [start, services]);
      const days: RollupRow[] = await manager.query(
        `SELECT service_name, environment, finished, succeeded, failures, deployment_days, lead_times, restore_times
           FROM deployments.daily_rollups WHERE day >= $1::date AND day < $2::date AND service_name = ANY($3)`,
        [start, end, services],
      );
      const sums = new Map<string, DoraTally[]>();
      for (const day of days) {
        const key = `${day.service_name}|${day.environment}`;
        const list = sums.get(key) ?? [];
        list.push(tallyOfRow(day));
        sums.set(key, list);
      }
      const rows = [...sums].map(([key, tallies]) => {
        const [serviceName, environment] = key.split('|');
        return { date: start, serviceName, environment, tally: addTallies(tallies) };
      });
      await this.write(manager, 'monthly_rollups', 'month', rows);
    }
  }

  private async write(
    manager: EntityManager,
    table: 'daily_rollups' | 'monthly_rollups',
    dateColumn: 'day' | 'month',
    rows: { date: string; serviceName: string; environment: string; tally: DoraTally }[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const batch = rows.slice(i, i + INSERT_BATCH).map(({ date, serviceName, environment, tally }) => ({
        date,
        service_name: serviceName,
        environment,
        finished: tally.finished,
        succeeded: tally.succeeded,
        failures: tally.failures,
        deployment_days: tally.deploymentDays,
        lead_times: tally.leadTimes,
        restore_times: tally.restoreTimes,
      }));
      await manager.query(
        `INSERT INTO deployments.${table} (service_name, environment, ${dateColumn}, finished, succeeded, failures, deployment_days, lead_times, restore_times)
         SELECT service_name, environment, date, finished, succeeded, failures, deployment_days, lead_times, restore_times
           FROM jsonb_to_recordset($1::jsonb) AS r(service_name text, environment text, date date, finished int, succeeded int, failures int,
                                                  deployment_days int, lead_times jsonb, restore_times jsonb)`,
        [JSON.stringify(batch)],
      );
    }
  }

  private async deploymentFacts(manager: EntityManager, from: Date, to: Date): Promise<DeploymentFact[]> {
    const rows: { id: string; service_name: string; environment: string; status: DeploymentFact['status']; finished_at: Date; commit_at: Date | null; caused_incident: boolean }[] =
      await manager.query(
        DEPLOYMENT_FACTS_SQL,
        [from, to],
      );
    return rows.map((row) => ({
      id: row.id,
      service: row.service_name,
      environment: row.environment,
      status: row.status,
      finishedAt: row.finished_at,
      commitAt: row.commit_at,
      causedIncident: row.caused_incident,
    }));
  }

  private async incidentFacts(manager: EntityManager, from: Date, to: Date): Promise<(IncidentFact & { services: string[] })[]> {
    const rows: { incident_id: string; affected_services: string[]; started_at: Date; resolved_at: Date }[] = await manager.query(
      INCIDENT_FACTS_SQL,
      [from, to],
    );
    return rows.map((row) => ({ id: row.incident_id, services: row.affected_services, startedAt: row.started_at, resolvedAt: row.resolved_at }));
  }
}

/** A rollup row as stored (both tables). */
export interface RollupRow {
  service_name: string;
  environment: string;
  finished: number;
  succeeded: number;
  failures: number;
  deployment_days: number;
  lead_times: DoraTally['leadTimes'];
  restore_times: DoraTally['restoreTimes'];
}

export const tallyOfRow = (row: RollupRow): DoraTally => ({
  finished: row.finished,
  succeeded: row.succeeded,
  failures: row.failures,
  deploymentDays: row.deployment_days,
  leadTimes: row.lead_times,
  restoreTimes: row.restore_times,
});

