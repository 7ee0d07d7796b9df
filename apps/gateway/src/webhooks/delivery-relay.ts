import { InjectPlatformConfig, PlatformConfig } from '@companyos/platform';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryQueue } from './delivery-queue';

const BATCH = 500;
/** Batches one pass may confirm, so a backlog drains without starving the other step. */
const MAX_BATCHES_PER_PASS = 20;
/** What confirming needs of a delivery: its job id and where it went, not its payload. */
const KEY_COLUMNS: (keyof DeliveryEntity)[] = ['id', 'source', 'deliveryKey', 'queue'];
/** How long the request path gets to enqueue before the relay takes over. */
const PENDING_GRACE = "interval '2 seconds'";
/** How long after enqueueing the relay starts asking Redis about a job. */
const CONFIRM_AFTER = "interval '5 seconds'";

/**
 * Keeps the promise "accepted means processed": enqueues stored deliveries
 * the request path could not enqueue (Redis away), re-enqueues deliveries
 * whose job Redis lost (a restart without persistence), and records which
 * jobs completed or failed for good. Rows are claimed with SKIP LOCKED, so
 * several gateway replicas share the work.
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

  /** One pass: enqueue the pending, then confirm the enqueued (batch after batch while there is a backlog). */
  async relayOnce() {
    const enqueued = await this.enqueuePending();
    const total = { enqueued, completed: 0, lost: 0, failed: 0 };
    for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
      const { claimed, ...confirmed } = await this.confirmEnqueued();
      total.completed += confirmed.completed;
      total.lost += confirmed.lost;
      total.failed += confirmed.failed;
      if (claimed < BATCH) break;
    }
    return total;
  }

  private enqueuePending(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.claim(manager, `d.enqueued_at IS NULL AND d.received_at < now() - ${PENDING_GRACE}`);
      if (!rows.length) return 0;
      await this.queue.push(rows);
      await this.markEnqueued(manager, rows);
      this.logger.log(`re-drove ${rows.length} stored deliveries to their queues`);
      return rows.length;
    });
  }

  /**
   * Asks Redis about enqueued jobs, all of a batch at once. Rows are claimed
   * without their payloads; only a delivery whose job Redis lost is read in
   * full, to be enqueued again.
   */
  private confirmEnqueued() {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.claim(manager, `d.enqueued_at < now() - ${CONFIRM_AFTER}`, KEY_COLUMNS);
      const states = await Promise.all(rows.map((row) => this.queue.state(row)));
      const completed = rows.filter((_, i) => states[i] === 'completed');
      const lost = rows.filter((_, i) => states[i] === 'unknown');
      const failed = rows.filter((_, i) => states[i] === 'failed');
      for (const row of failed) {
        const reason = (await this.queue.failedReason(row)) ?? 'failed';
        await manager.update(DeliveryEntity, { id: row.id }, { failedAt: new Date(), lastError: reason });
        this.logger.error(`delivery ${row.source}/${row.deliveryKey} failed for good: ${reason}`);
      }
      if (completed.length) await manager.update(DeliveryEntity, { id: In(completed.map((row) => row.id)) }, { completedAt: new Date() });
      if (lost.length) {
        const full = await manager.findBy(DeliveryEntity, { id: In(lost.map((row) => row.id)) });
        await this.queue.push(full);
        await this.markEnqueued(manager, full);
        this.logger.warn(`re-enqueued ${lost.length} deliveries whose jobs Redis no longer had`);
      }
      return { claimed: rows.length, completed: completed.length, lost: lost.length, failed: failed.length };
    });
  }

  private claim(manager: EntityManager, condition: string, columns?: (keyof DeliveryEntity)[]): Promise<DeliveryEntity[]> {
    const query = manager.createQueryBuilder(DeliveryEntity, 'd');
    if (columns) query.select(columns.map((column) => `d.${column}`));
    return query
      .where('d.completed_at IS NULL AND d.failed_at IS NULL')
      .andWhere(condition)
      .orderBy('d.id')
      .limit(BATCH)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  private markEnqueued(manager: EntityManager, rows: DeliveryEntity[]) {
    return manager.update(
      DeliveryEntity,
      { id: In(rows.map((row) => row.id)) },
      { enqueuedAt: new Date(), enqueueCount: () => 'enqueue_count + 1' },
    );
  }
}
