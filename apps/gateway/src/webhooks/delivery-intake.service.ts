import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
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

  async accept(delivery: IncomingDelivery): Promise<IntakeOutcome> {
    const row = await this.store(delivery);
    const outcome: IntakeOutcome = row ? 'accepted' : 'duplicate';
    this.deliveries.inc({ source: delivery.source, event: delivery.event, outcome });
    if (!row) return outcome;
    try {
      await this.queue.push([row]);
    } catch (error) {
      this.logger.warn(`delivery ${delivery.source}/${delivery.deliveryKey} stored, enqueue deferred to the relay: ${(error as Error).message}`);
      // Hand it to the relay's pending step now; if even this fails, its confirm step finds the job missing and enqueues it.
      await this.dataSource.manager.update(DeliveryEntity, { id: row.id }, { enqueuedAt: null, enqueueCount: 0 }).catch(() => undefined);
    }
    return outcome;
  }

  /** Inserts the delivery unless its key is known; returns the new row, or null for a duplicate. */
  private async store(delivery: IncomingDelivery): Promise<DeliveryEntity | null> {
    try {
      const result = await this.dataSource.manager
        .createQueryBuilder()
        .insert()
        .into(DeliveryEntity)
        // Marked enqueued in the same write (one commit per request): the push follows at once, and a push that never
        // happened (a crash in between) shows up to the relay as a job Redis does not have, which it enqueues.
        .values({ ...delivery, enqueuedAt: () => 'now()', enqueueCount: 1 } as QueryDeepPartialEntity<DeliveryEntity>)
        .orIgnore()
        .returning(['id', 'receivedAt'])
        .execute();
      const inserted = result.raw[0] as { id: string; received_at: Date } | undefined;
      return inserted
        ? Object.assign(new DeliveryEntity(), delivery, { id: inserted.id, receivedAt: inserted.received_at })
        : null;
    } catch (error) {
      this.logger.error(`could not store ${delivery.source} delivery ${delivery.deliveryKey}: ${(error as Error).message}`);
      throw new ServiceUnavailableException('the delivery could not be stored durably; retry later');
    }
  }
}
