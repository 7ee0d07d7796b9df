import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { InjectPlatformConfig } from '../config/platform-config.module';
import { PlatformConfig, runsWorker } from '../config/platform.config';
import { DeadLetterRecord, OutboxRecord, ProcessedMessageRecord } from './outbox-record';

/** A table and the rows of it that are old enough to go (`$1` is the cutoff). */
export interface RetentionRule {
  table: string;
  /** SQL condition on the table's rows, with `$1` the cutoff timestamp. */
  expired: string;
  /** Rows older than this many ms go. */
  keepMs: number;
}

const DAY_MS = 24 * 3600_000;
/** Dead letters are kept this long, replayed or not. */
export const DEAD_LETTER_RETENTION_DAYS = 90;
/** Rows one delete removes: short transactions, no long locks. */
const DELETE_BATCH = 1_000;
/** Deletes per table per run: a huge backlog is worked off over several runs. */
const MAX_BATCHES_PER_RUN = 100;
const RUN_EVERY_MS = 3600_000;
const FIRST_RUN_AFTER_MS = 60_000;

/**
 * Prunes what the app no longer needs, in small batches, once an hour (worker
 * role): confirmed outbox rows and processed-messages records after
 * OUTBOX_RETENTION_DAYS, dead letters after 90 days — found among the app's
 * entities by the platform record they extend, so an app that declares those
 * tables gets their retention without code — plus the rules an app adds
 * (the gateway's delivered webhooks). Several replicas may run at once: each
 * batch skips rows another one has locked. The audit log is never pruned.
 */
@Injectable()
export class Retention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Retention.name);
  private readonly extraRules: RetentionRule[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectPlatformConfig() private readonly config: PlatformConfig,
    @Optional() @InjectDataSource() private readonly dataSource?: DataSource,
  ) {}

  /** Adds a table of the app's own to prune. */
  add(rule: RetentionRule) {
    this.extraRules.push(rule);
  }

  rules(): RetentionRule[] {
    const rules: RetentionRule[] = [];
    const outboxMs = this.config.outboxRetentionDays * DAY_MS;
    for (const entity of this.dataSource?.entityMetadatas ?? []) {
      const target = entity.target;
      if (typeof target !== 'function') continue;
      if (target.prototype instanceof OutboxRecord) {
        rules.push({ table: entity.tablePath, expired: 'confirmed_at < $1', keepMs: outboxMs });
      } else if (target.prototype instanceof ProcessedMessageRecord) {
        rules.push({ table: entity.tablePath, expired: 'processed_at < $1', keepMs: outboxMs });
      } else if (target.prototype instanceof DeadLetterRecord) {
        rules.push({ table: entity.tablePath, expired: 'failed_at < $1', keepMs: DEAD_LETTER_RETENTION_DAYS * DAY_MS });
      }
    }
    return [...rules, ...this.extraRules];
  }

  onApplicationBootstrap() {
    if (!this.dataSource || !runsWorker(this.config.role)) return;
    const run = () => {
      if (this.running) return;
      this.running = this.prune()
        .catch((error: Error) => this.logger.warn(`retention paused: ${error.message}`))
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

  /** One run over every rule; answers how many rows went, per table. */
  async prune(now = new Date()): Promise<Record<string, number>> {
    const removed: Record<string, number> = {};
    for (const rule of this.rules()) {
      const cutoff = new Date(now.getTime() - rule.keepMs);
      let count = 0;
      for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
        const [, deleted] = (await this.dataSource!.query(
          `DELETE FROM ${rule.table} WHERE ctid = ANY(ARRAY(
             SELECT ctid FROM ${rule.table} WHERE ${rule.expired} LIMIT ${DELETE_BATCH} FOR UPDATE SKIP LOCKED))`,
          [cutoff],
        )) as [unknown, number];
        count += deleted;
        if (deleted < DELETE_BATCH) break;
      }
      removed[rule.table] = (removed[rule.table] ?? 0) + count;
      if (count) this.logger.log(`pruned ${count} rows of ${rule.table} (${rule.expired.replace('$1', cutoff.toISOString())})`);
    }
    return removed;
  }
}
