import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource, EntityManager, EntityTarget } from 'typeorm';
import { In } from 'typeorm';
import { relayFailures } from '../metrics/relay-metrics';
import type { DomainEvent } from './messages';
import type { OutboxRecord } from './outbox-record';
import type { QueueRegistry } from './queue-registry';
import {
  chunkBySize,
  FIRST_CHECK_AFTER_MS,
  JobState,
  nextCheckDelayMs,
  PAYLOAD_READ_BYTES,
  PAYLOAD_READ_ROWS,
  settle,
} from './redrive.rules';

/** Rows one confirm batch claims (ids and types only, never payloads). */
const CONFIRM_BATCH = 500;
/** Confirm batches per pass: bounded work, and the due rows of a backlog are all reached within a few passes. */
const CONFIRM_BATCHES_PER_PASS = 10;

export interface ConfirmCounts {
  /** Rows whose jobs were all asked about this pass. */
  checked: number;
  completed: number;
  failed: number;
  /** Rows with a job Redis no longer held, enqueued again. */
  lost: number;
  pending: number;
}

export interface OutboxRelayOptions {
  outbox: EntityTarget<OutboxRecord>;
  subscriptions: Readonly<Record<string, readonly string[]>>;
  intervalMs: number;
  /** Poll on a timer (worker role); otherwise the relay runs only when kicked after a commit. */
  poll: boolean;
  batchSize?: number;
}

/**
 * Publishes a domain's outbox to the queues of the subscribing domains. Rows
 * are locked with SKIP LOCKED, so several replicas share the work; a row is
 * marked published only after every queue accepted it, and the job id is the
 * event id, so a relay that crashes in between republishes harmlessly.
 *
 * Then it confirms: a published row is looked at again when its
 * `next_check_at` comes (backing off per row while its jobs wait), and Redis
 * is asked about each subscriber's job. A job Redis no longer holds (a restart
 * without persistence, a flush) is enqueued again — the consumer's
 * processed-messages table makes a second run a no-op — and a row whose jobs
 * all finished is confirmed and never looked at again.
 */
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    private readonly options: OutboxRelayOptions,
  ) {}

  onApplicationBootstrap() {
    if (this.options.poll) this.start();
  }

  beforeApplicationShutdown() {
    return this.stop();
  }

  start() {
    this.timer = setInterval(() => this.kick(), this.options.intervalMs);
    this.kick();
  }

  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Relays now (after a commit) instead of waiting for the next tick. */
  kick() {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => this.confirm())
      .then(() => undefined)
      .catch((error: Error) => {
        relayFailures().inc();
        this.logger.warn(`outbox relay paused: ${error.message}`);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Publishes until the outbox is empty; returns how many events went out. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < (this.options.batchSize ?? 200)) return total;
    }
  }

  private publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .createQueryBuilder(this.options.outbox, 'o')
        .where('o.publishedAt IS NULL')
        .orderBy('o.seq')
        .limit(this.options.batchSize ?? 200)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (!rows.length) return 0;
      const byQueue = new Map<string, OutboxRecord[]>();
      for (const row of rows) {
        for (const queue of this.options.subscriptions[row.type] ?? []) {
          byQueue.set(queue, [...(byQueue.get(queue) ?? []), row]);
        }
      }
      for (const [queue, events] of byQueue) {
        await this.queues.enqueue(
          queue,
          events.map((row) => ({ name: row.type, data: toEnvelope(row), opts: { jobId: row.eventId } })),
        );
      }
      const now = new Date();
      const firstCheck = new Date(now.getTime() + FIRST_CHECK_AFTER_MS);
      const unsubscribed = rows.filter((row) => !this.queuesOf(row).length);
      const subscribed = rows.filter((row) => this.queuesOf(row).length);
      // An event nobody subscribes to is done once published.
      if (unsubscribed.length) {
        await manager.update(this.options.outbox, { seq: In(unsubscribed.map((row) => row.seq)) }, { publishedAt: now, confirmedAt: now });
      }
      if (subscribed.length) {
        await manager.update(this.options.outbox, { seq: In(subscribed.map((row) => row.seq)) }, { publishedAt: now, nextCheckAt: firstCheck, checkCount: 0 });
      }
      return rows.length;
    });
  }

  /** Confirm passes until nothing due is left or the pass's budget is spent. */
  async confirm(): Promise<ConfirmCounts> {
    const total: ConfirmCounts = { checked: 0, completed: 0, failed: 0, lost: 0, pending: 0 };
    for (let batch = 0; batch < CONFIRM_BATCHES_PER_PASS; batch++) {
      const counts = await this.confirmBatch();
      for (const key of Object.keys(total) as (keyof ConfirmCounts)[]) total[key] += counts[key];
      if (counts.checked < CONFIRM_BATCH) break;
    }
    return total;
  }

  /**
   * Claims the published rows that are due (oldest check first), without
   * payloads; asks Redis about every subscriber's job; confirms, re-enqueues
   * (reading payloads only for those rows, in bounded batches) or pushes the
   * next look back.
   */
  private confirmBatch(): Promise<ConfirmCounts> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .createQueryBuilder(this.options.outbox, 'o')
        .select(['o.seq', 'o.eventId', 'o.type', 'o.checkCount'])
        .where('o.publishedAt IS NOT NULL AND o.confirmedAt IS NULL AND o.nextCheckAt <= now()')
        .orderBy('o.nextCheckAt')
        .limit(CONFIRM_BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      const counts: ConfirmCounts = { checked: rows.length, completed: 0, failed: 0, lost: 0, pending: 0 };
      if (!rows.length) return counts;
      const states = await Promise.all(
        rows.map((row) => Promise.all(this.queuesOf(row).map((queue) => this.queues.get(queue).getJobState(row.eventId) as Promise<JobState>))),
      );
      const now = Date.now();
      const finished: string[] = [];
      const lost = new Map<string, string[]>(); // seq → queues whose job is gone
      const later = new Map<number, string[]>(); // delay → seqs
      rows.forEach((row, i) => {
        const settlement = settle(states[i]);
        counts[settlement]++;
        if (settlement === 'completed' || settlement === 'failed') finished.push(row.seq);
        else if (settlement === 'lost') lost.set(row.seq, this.queuesOf(row).filter((_, q) => states[i][q] === 'unknown'));
        else {
          const delay = nextCheckDelayMs(row.checkCount);
          later.set(delay, [...(later.get(delay) ?? []), row.seq]);
        }
      });
      if (finished.length) await manager.update(this.options.outbox, { seq: In(finished) }, { confirmedAt: new Date(now) });
      for (const [delay, seqs] of later) {
        await manager.update(this.options.outbox, { seq: In(seqs) }, { nextCheckAt: new Date(now + delay), checkCount: () => 'check_count + 1' });
      }
      if (lost.size) await this.republish(manager, lost, new Date(now + FIRST_CHECK_AFTER_MS));
      return counts;
    });
  }

  /** Enqueues lost events again, reading their payloads in bounded batches. */
  private async republish(manager: EntityManager, lost: Map<string, string[]>, nextCheckAt: Date) {
    const table = manager.connection.getMetadata(this.options.outbox).tablePath;
    const sizes: { seq: string; bytes: number }[] = await manager.query(
      `SELECT seq::text AS seq, pg_column_size(payload) AS bytes FROM ${table} WHERE seq = ANY($1::bigint[]) ORDER BY seq`,
      [[...lost.keys()]],
    );
    for (const chunk of chunkBySize(sizes, (row) => row.bytes, PAYLOAD_READ_ROWS, PAYLOAD_READ_BYTES)) {
      const full = await manager.findBy(this.options.outbox, { seq: In(chunk.map((row) => row.seq)) });
      const byQueue = new Map<string, OutboxRecord[]>();
      for (const row of full) {
        for (const queue of lost.get(row.seq) ?? []) byQueue.set(queue, [...(byQueue.get(queue) ?? []), row]);
      }
      for (const [queue, events] of byQueue) {
        await this.queues.enqueue(
          queue,
          events.map((row) => ({ name: row.type, data: toEnvelope(row), opts: { jobId: row.eventId } })),
        );
      }
      await manager.update(this.options.outbox, { seq: In(chunk.map((row) => row.seq)) }, { nextCheckAt, checkCount: 0 });
    }
    this.logger.warn(`re-enqueued ${lost.size} events whose jobs Redis no longer had`);
  }

  private queuesOf(row: Pick<OutboxRecord, 'type'>): readonly string[] {
    return this.options.subscriptions[row.type] ?? [];
  }
}

const toEnvelope = (row: OutboxRecord): DomainEvent => ({
  id: row.eventId,
  type: row.type,
  aggregateId: row.aggregateId,
  occurredAt: row.occurredAt.toISOString(),
  payload: row.payload,
});
