import { InjectPlatformConfig, PlatformConfig, runsWorker } from '@companyos/platform';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import { AlertsConfig, InjectAlertsConfig } from '../../alerts.config';
import { AlertPartition, expiredPartitions, parsePartitionName, partitionsToEnsure, retentionCutoff } from './alert-partition.rules';

const PARENT = 'alerts.alerts';
const DEFAULT_PARTITION = 'alerts.alerts_default';
/** One key for every replica: one maintains at a time, the others skip the run. */
const LOCK_KEY = 0x616c_7274; // 'alrt'
const RUN_EVERY_MS = 3600_000;
const FIRST_RUN_AFTER_MS = 5_000;
/** A partition change waits this long for its locks, then gives up until the next run (never queues the ingest behind it). */
const LOCK_TIMEOUT = '5s';
/** Moving a month's rows out of the default partition may take longer than the app's statement timeout. */
const STATEMENT_TIMEOUT = '10min';

export interface MaintenanceOutcome {
  /** false when another replica held the maintenance lock. */
  ran: boolean;
  created: string[];
  dropped: string[];
  /** Rows deleted one by one: resolved rows of expired partitions that still hold open alerts, and old rows of the default partition. */
  deletedRows: number;
  /** Expired partitions kept because alerts in them are still open. */
  kept: string[];
}

/**
 * Keeps alerts.alerts' monthly partitions (worker role, at boot and then
 * hourly): creates the current month's and the next three (moving any rows the
 * default partition took for them), and applies ALERT_RETENTION_DAYS by
 * dropping whole partitions older than it. An expired partition that still
 * holds an open alert (an always-firing watchdog) is not dropped — its
 * resolved rows are deleted instead, so the open alert is not born again as a
 * new firing by its next notification.
 */
@Injectable()
export class AlertPartitionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertPartitionsService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAlertsConfig() private readonly config: AlertsConfig,
    @InjectPlatformConfig() private readonly platform: PlatformConfig,
  ) {}

  onApplicationBootstrap() {
    if (!runsWorker(this.platform.role)) return;
    const run = () => {
      if (this.running) return;
      this.running = this.maintain()
        .catch((error: Error) => this.logger.warn(`alert partition maintenance failed (next run in an hour): ${error.message}`))
        .finally(() => (this.running = undefined));
    };
    this.timer = setTimeout(() => {
      run();
      this.timer = setInterval(run, RUN_EVERY_MS);
    }, FIRST_RUN_AFTER_MS);
  }

  async beforeApplicationShutdown() {
    clearTimeout(this.timer);
    clearInterval(this.timer);
    await this.running;
  }

  /** One maintenance run at `now`. */
  async maintain(now = new Date()): Promise<MaintenanceOutcome> {
    const outcome: MaintenanceOutcome = { ran: false, created: [], dropped: [], deletedRows: 0, kept: [] };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [LOCK_KEY]);
      if (!locked) return outcome;
      outcome.ran = true;
      try {
        const cutoff = retentionCutoff(now, this.config.alertRetentionDays);
        const existing = new Set((await this.partitions(runner)).map((partition) => partition.name));
        for (const partition of partitionsToEnsure(now, cutoff, await this.monthsInDefault(runner))) {
          if (existing.has(partition.name)) continue;
          await this.create(runner, partition);
          outcome.created.push(partition.name);
        }
        await this.applyRetention(runner, cutoff, outcome);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
      }
      if (outcome.created.length || outcome.dropped.length || outcome.deletedRows) {
        this.logger.log(
          `alert partitions: created ${outcome.created.join(', ') || 'none'}; dropped ${outcome.dropped.join(', ') || 'none'}; ` +
            `${outcome.deletedRows} old rows deleted${outcome.kept.length ? `; kept ${outcome.kept.join(', ')} (open alerts in them)` : ''}`,
        );
      }
      return outcome;
    } finally {
      await runner.release();
    }
  }

  /** The monthly partitions that exist, oldest first. */
  async partitions(runner: QueryRunner = this.dataSource.createQueryRunner()): Promise<AlertPartition[]> {
    const rows: { name: string }[] = await runner.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass`,
      [PARENT],
    );
    return rows
      .map((row) => parsePartitionName(row.name))
      .filter((partition): partition is AlertPartition => partition !== null)
      .sort((a, b) => a.from.getTime() - b.from.getTime());
  }

  private async monthsInDefault(runner: QueryRunner): Promise<Date[]> {
    const rows: { month: Date }[] = await runner.query(
      `SELECT DISTINCT date_trunc('month', starts_at, 'UTC') AS month FROM ${DEFAULT_PARTITION} ORDER BY 1 LIMIT 120`,
    );
    return rows.map((row) => new Date(row.month));
  }

  /** Creates a month's partition, moving into it the rows the default partition holds for that month. */
  private async create(runner: QueryRunner, partition: AlertPartition): Promise<void> {
    const table = `alerts.${partition.name}`;
    const range = [partition.from.toISOString(), partition.to.toISOString()];
    await this.transaction(runner, async () => {
      // Inserts routed to the default partition wait for this month's rows to move (a few seconds at most: LOCK_TIMEOUT).
      await runner.query(`LOCK TABLE ${DEFAULT_PARTITION} IN EXCLUSIVE MODE`);
      await runner.query(`CREATE TABLE ${table} (LIKE ${PARENT} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await runner.query(`INSERT INTO ${table} SELECT * FROM ${DEFAULT_PARTITION} WHERE starts_at >= $1 AND starts_at < $2`, range);
      await runner.query(`DELETE FROM ${DEFAULT_PARTITION} WHERE starts_at >= $1 AND starts_at < $2`, range);
      await runner.query(`ALTER TABLE ${PARENT} ATTACH PARTITION ${table} FOR VALUES FROM ('${range[0]}') TO ('${range[1]}')`);
    });
  }

  private async applyRetention(runner: QueryRunner, cutoff: Date, outcome: MaintenanceOutcome): Promise<void> {
    for (const partition of expiredPartitions(await this.partitions(runner), cutoff)) {
      const table = `alerts.${partition.name}`;
      await this.transaction(runner, async () => {
        const [{ open }] = await runner.query(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE status <> 'RESOLVED') AS open`);
        if (open) {
          const [, deleted] = await runner.query(`DELETE FROM ${table} WHERE status = 'RESOLVED'`);
          outcome.deletedRows += deleted;
          outcome.kept.push(partition.name);
        } else {
          await runner.query(`DROP TABLE ${table}`);
          outcome.dropped.push(partition.name);
        }
      });
    }
    await this.transaction(runner, async () => {
      const [, deleted] = await runner.query(`DELETE FROM ${DEFAULT_PARTITION} WHERE starts_at < $1 AND status = 'RESOLVED'`, [cutoff]);
      outcome.deletedRows += deleted;
    });
  }

  private async transaction(runner: QueryRunner, work: () => Promise<void>): Promise<void> {
    await runner.startTransaction();
    try {
      await runner.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      await runner.query(`SET LOCAL statement_timeout = '${STATEMENT_TIMEOUT}'`);
      await work();
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }
}
