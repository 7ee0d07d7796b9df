import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource, EntityTarget } from 'typeorm';
import { In } from 'typeorm';
import type { DomainEvent } from './messages';
import type { OutboxRecord } from './outbox-record';
import type { QueueRegistry } from './queue-registry';

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
      .then(() => undefined)
      .catch((error: Error) => this.logger.warn(`outbox relay paused: ${error.message}`))
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
      await manager.update(this.options.outbox, { seq: In(rows.map((row) => row.seq)) }, { publishedAt: new Date() });
      return rows.length;
    });
  }
}

const toEnvelope = (row: OutboxRecord): DomainEvent => ({
  id: row.eventId,
  type: row.type,
  aggregateId: row.aggregateId,
  occurredAt: row.occurredAt.toISOString(),
  payload: row.payload,
});
