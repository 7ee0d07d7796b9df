import { FIRST_CHECK_AFTER_MS } from '@companyos/platform';
import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryQueue } from './delivery-queue';
import { WEBHOOK_DELIVERIES_TOTAL } from './webhook.metrics';

export interface IncomingDelivery {
  source: string;
  deliveryKey: string;
  event: string;
  queue: string;
  payload: unknown;
  /**
   * For senders without a delivery id (Alertmanager): `deliveryKey` is the
   * body's hash, and the same hash received within this many ms of the last
   * accepted receipt is a duplicate (a retry), whatever minute it falls in.
   */
  retryWindowMs?: number;
}

export type IntakeOutcome = 'accepted' | 'duplicate';

/**
 * Accepting a delivery means storing it durably first: once the row is
 * committed the delivery is never lost, whatever happens to Redis or the
 * workers. Enqueueing right away is only the fast path; the relay re-drives
 * anything this could not enqueue, and anything Redis lost.
 */
@Injectable()
export class DeliveryIntake {
  private readonly logger = new Logger(DeliveryIntake.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: DeliveryQueue,
    @InjectMetric(WEBHOOK_DELIVERIES_TOTAL) private readonly deliveries: Counter<string>,
  ) {}

  /** Stores and enqueues a delivery; `receivedAt` is when it arrived (a test passes its own clock). */
  async accept(delivery: IncomingDelivery, receivedAt = new Date()): Promise<IntakeOutcome> {
    const row = await this.store(delivery, receivedAt);
    return this.enqueue(delivery, row ? [row] : []);
  }

  /**
   * Stores a delivery once for each queue that consumes it, in one statement:
   * two gateways receiving the same delivery at once cannot each store a part
   * and both answer `accepted` (the second waits on the first's rows, then
   * finds them). A retry after a partial store fills the gap and is accepted.
   */
  async acceptForQueues(delivery: Omit<IncomingDelivery, 'queue' | 'retryWindowMs'>, queues: readonly string[]): Promise<IntakeOutcome> {
    const rows = await this.guard(delivery, () => this.insert(this.dataSource.manager, queues.map((queue) => ({ ...delivery, queue }))));
    return this.enqueue(delivery, rows);
  }

  private async enqueue(delivery: Pick<IncomingDelivery, 'source' | 'event' | 'deliveryKey'>, rows: DeliveryEntity[]): Promise<IntakeOutcome> {
    const outcome: IntakeOutcome = rows.length ? 'accepted' : 'duplicate';
    this.deliveries.inc({ source: delivery.source, event: delivery.event, outcome });
    if (!rows.length) return outcome;
    try {
      await this.queue.push(rows);
    } catch (error) {
      this.logger.warn(`delivery ${delivery.source}/${delivery.deliveryKey} stored, enqueue deferred to the relay: ${(error as Error).message}`);
      // Hand it to the relay's pending step now; if even this fails, its confirm step finds the job missing and enqueues it.
      await this.dataSource.manager
        .update(DeliveryEntity, { id: In(rows.map((row) => row.id)) }, { enqueuedAt: null, enqueueCount: 0, nextCheckAt: () => 'now()' })
        .catch(() => undefined);
    }
    return outcome;
  }

  /** Inserts the delivery unless it is a duplicate; returns the new row, or null for a duplicate. */
  private async store(delivery: IncomingDelivery, receivedAt: Date): Promise<DeliveryEntity | null> {
    const rows = await this.guard(delivery, async () =>
      delivery.retryWindowMs === undefined
        ? this.insert(this.dataSource.manager, [delivery])
        : [await this.insertNewReceipt(delivery, receivedAt, delivery.retryWindowMs)].filter((row) => row !== null),
    );
    return rows[0] ?? null;
  }

  /** A delivery that cannot be stored durably is refused (503): the sender retries it. */
  private async guard<T>(delivery: Pick<IncomingDelivery, 'source' | 'deliveryKey'>, store: () => Promise<T>): Promise<T> {
    try {
      return await store();
    } catch (error) {
      this.logger.error(`could not store ${delivery.source} delivery ${delivery.deliveryKey}: ${(error as Error).message}`);
      throw new ServiceUnavailableException('the delivery could not be stored durably; retry later');
    }
  }

  /**
   * For a body-hash key: records the receipt unless one was accepted within
   * the window and, only then, stores the delivery (keyed by hash and time),
   * in one statement. The receipt is an upsert: a concurrent twin waits on
   * its key until this statement's transaction ends, then sees the fresh
   * receipt and is a duplicate.
   */
  private async insertNewReceipt(delivery: IncomingDelivery, receivedAt: Date, windowMs: number): Promise<DeliveryEntity | null> {
    const deliveryKey = `${delivery.deliveryKey}.${receivedAt.getTime()}`;
    const rows: { id: string; received_at: Date }[] = await this.dataSource.query(
      `WITH receipt AS (
         INSERT INTO ingest.delivery_receipts (source, body_hash, received_at) VALUES ($1, $2, $3)
         ON CONFLICT (source, body_hash) DO UPDATE SET received_at = excluded.received_at
           WHERE delivery_receipts.received_at <= excluded.received_at - make_interval(secs => $4::double precision / 1000)
         RETURNING 1)
       INSERT INTO ingest.deliveries (source, delivery_key, event, queue, payload, enqueued_at, enqueue_count, next_check_at)
       SELECT $1, $5, $6, $7, $8::jsonb, now(), 1, now() + make_interval(secs => $9::double precision / 1000)
        WHERE EXISTS (SELECT 1 FROM receipt)
       ON CONFLICT (source, delivery_key, queue) DO NOTHING
       RETURNING id, received_at`,
      [delivery.source, delivery.deliveryKey, receivedAt, windowMs, deliveryKey, delivery.event, delivery.queue, JSON.stringify(delivery.payload), FIRST_CHECK_AFTER_MS],
    );
    const { retryWindowMs: _window, ...columns } = delivery;
    return rows[0] ? Object.assign(new DeliveryEntity(), columns, { deliveryKey, id: rows[0].id, receivedAt: rows[0].received_at }) : null;
  }

  /** Inserts the rows not stored yet (one per queue); returns those inserted. */
  private async insert(manager: EntityManager, deliveries: IncomingDelivery[]): Promise<DeliveryEntity[]> {
    const columns = deliveries.map(({ retryWindowMs: _window, ...rest }) => rest);
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(DeliveryEntity)
      // Marked enqueued in the same write (one commit per request): the push follows at once, and a push that never
      // happened (a crash in between) shows up to the relay's first look as a job Redis does not have, which it enqueues.
      .values(
        columns.map(
          (each) =>
            ({
              ...each,
              enqueuedAt: () => 'now()',
              enqueueCount: 1,
              nextCheckAt: () => `now() + interval '${FIRST_CHECK_AFTER_MS} milliseconds'`,
            }) as QueryDeepPartialEntity<DeliveryEntity>,
        ),
      )
      .orIgnore()
      .returning(['id', 'queue', 'receivedAt'])
      .execute();
    const inserted = result.raw as { id: string; queue: string; received_at: Date }[];
    return inserted.map((row) =>
      Object.assign(new DeliveryEntity(), columns.find((each) => each.queue === row.queue), { id: row.id, receivedAt: row.received_at }),
    );
  }
}
