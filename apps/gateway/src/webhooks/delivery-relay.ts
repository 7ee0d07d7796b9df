import { chunkBySize, FIRST_CHECK_AFTER_MS, InjectPlatformConfig, JobState, nextCheckDelayMs, PAYLOAD_READ_BYTES, PAYLOAD_READ_ROWS, PlatformConfig } from '@companyos/platform';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryQueue } from './delivery-queue';

/** Rows one batch claims: keys only, never payloads. */
const BATCH = 500;
/** Batches one pass may look at: bounded work per pass. */
const MAX_BATCHES_PER_PASS = 10;
/** What checking needs of a delivery: its job id, where it went and how often it was asked about; not its payload. */
const KEY_COLUMNS: (keyof DeliveryEntity)[] = ['id', 'source', 'deliveryKey', 'queue', 'enqueuedAt', 'checkCount'];

export interface RelayCounts {
  /** Stored deliveries never enqueued (Redis away at accept time), enqueued now. */
  enqueued: number;
  completed: number;
  /** Deliveries whose job Redis no longer held, enqueued again. */
  lost: number;
  failed: number;
  /** Deliveries whose job still waits or runs: looked at again later (backing off). */
  pending: number;
}

/**
 * Keeps the promise "accepted means processed": enqueues stored deliveries
 * the request path could not enqueue (Redis away), re-enqueues deliveries
 * whose job Redis lost (a restart without persistence), and records which
 * jobs completed or failed for good (the consumer keeps those as dead
 * letters). Each row carries when to look next (`next_check_at`, backing off
 * while its job waits), and a pass claims the rows that are due, oldest look
 * first: rows whose jobs wait for hours step aside, so every other row is
 * reached within a few passes. Rows are claimed with SKIP LOCKED, so several
 * gateway replicas share the work.
 */
@Injectable()
export class DeliveryRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: DeliveryQueue,
    @InjectPlatformConfig() private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => this.tick(), this.config.relayIntervalMs);
  }

  async beforeApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
  }

  private tick() {
    if (this.running) return;
    this.running = this.relayOnce()
      .catch((error: Error) => this.logger.warn(`delivery relay paused: ${error.message}`))
      .finally(() => (this.running = undefined));
  }

  /** One pass: batch after batch of due rows, until none is left or the pass's budget is spent. */
  async relayOnce(): Promise<RelayCounts> {
    const total: RelayCounts = { enqueued: 0, completed: 0, lost: 0, failed: 0, pending: 0 };
    for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
      const { claimed, ...counts } = await this.checkDue();
      for (const key of Object.keys(total) as (keyof RelayCounts)[]) total[key] += counts[key];
      if (claimed < BATCH) break;
    }
    return total;
  }

  /**
   * Asks Redis about the jobs of a batch of due rows, all at once. Only a
   * delivery whose job Redis does not hold is read in full, in bounded
   * batches, to be enqueued.
   */
  private checkDue() {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .createQueryBuilder(DeliveryEntity, 'd')
        .select(KEY_COLUMNS.map((column) => `d.${column}`))
        .where('d.completed_at IS NULL AND d.failed_at IS NULL AND d.next_check_at <= now()')
        .orderBy('d.next_check_at')
        .limit(BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      const states = (await Promise.all(rows.map((row) => this.queue.state(row)))) as JobState[];
      const of = (state: JobState) => rows.filter((_, i) => states[i] === state);
      const completed = of('completed');
      const failed = of('failed');
      const missing = of('unknown');
      const pending = rows.filter((_, i) => !['completed', 'failed', 'unknown'].includes(states[i]));
      for (const row of failed) {
        const reason = (await this.queue.failedReason(row)) ?? 'failed';
        await manager.update(DeliveryEntity, { id: row.id }, { failedAt: new Date(), lastError: reason });
        this.logger.error(`delivery ${row.source}/${row.deliveryKey} failed for good (a dead letter of ${row.queue}): ${reason}`);
      }
      if (completed.length) await manager.update(DeliveryEntity, { id: In(completed.map((row) => row.id)) }, { completedAt: new Date() });
      await this.later(manager, pending);
      if (missing.length) await this.enqueue(manager, missing);
      const lost = missing.filter((row) => row.enqueuedAt !== null).length;
      if (lost) this.logger.warn(`re-enqueued ${lost} deliveries whose jobs Redis no longer had`);
      return {
        claimed: rows.length,
        enqueued: missing.length - lost,
        completed: completed.length,
        lost,
        failed: failed.length,
        pending: pending.length,
      };
    });
  }

  /** Pushes the next look at rows whose jobs still wait, each by its own backoff. */
  private async later(manager: EntityManager, rows: DeliveryEntity[]) {
    const now = Date.now();
    const byDelay = new Map<number, string[]>();
    for (const row of rows) {
      const delay = nextCheckDelayMs(row.checkCount);
      byDelay.set(delay, [...(byDelay.get(delay) ?? []), row.id]);
    }
    for (const [delay, ids] of byDelay) {
      await manager.update(DeliveryEntity, { id: In(ids) }, { nextCheckAt: new Date(now + delay), checkCount: () => 'check_count + 1' });
    }
  }

  /** Reads the payloads of rows to enqueue in bounded batches (rows and bytes), pushes each batch and marks it. */
  private async enqueue(manager: EntityManager, rows: DeliveryEntity[]) {
    const sizes: { id: string; bytes: number }[] = await manager.query(
      'SELECT id::text AS id, pg_column_size(payload) AS bytes FROM ingest.deliveries WHERE id = ANY($1::bigint[]) ORDER BY id',
      [rows.map((row) => row.id)],
    );
    for (const chunk of chunkBySize(sizes, (row) => row.bytes, PAYLOAD_READ_ROWS, PAYLOAD_READ_BYTES)) {
      const full = await manager.findBy(DeliveryEntity, { id: In(chunk.map((row) => row.id)) });
      await this.queue.push(full);
      await manager.update(
        DeliveryEntity,
        { id: In(full.map((row) => row.id)) },
        { enqueuedAt: new Date(), enqueueCount: () => 'enqueue_count + 1', nextCheckAt: new Date(Date.now() + FIRST_CHECK_AFTER_MS), checkCount: 0 },
      );
    }
  }
}
