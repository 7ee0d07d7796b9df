import { deliveryJobId, QueueRegistry, WebhookDelivery } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import type { DeliveryEntity } from './delivery.entity';

/** Puts stored deliveries on their domain queue; job id = delivery key, so a second push is a no-op. */
@Injectable()
export class DeliveryQueue {
  constructor(private readonly queues: QueueRegistry) {}

  async push(rows: DeliveryEntity[]): Promise<void> {
    const byQueue = new Map<string, DeliveryEntity[]>();
    for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
    await Promise.all(
      [...byQueue].map(([queue, batch]) =>
        this.queues.enqueue(
          queue,
          batch.map((row) => {
            return { name: row.event, data: toDelivery(row), opts: { jobId: jobIdOf(row) } };
          }),
        ),
      ),
    );
  }

  /** The job's state in Redis: `unknown` when Redis lost it. */
  state(row: DeliveryEntity) {
    return this.queues.get(row.queue).getJobState(jobIdOf(row));
  }

  async failedReason(row: DeliveryEntity): Promise<string | undefined> {
    const job = await this.queues.get(row.queue).getJob(jobIdOf(row));
    return job?.failedReason;
  }
}

const jobIdOf = (row: Pick<DeliveryEntity, 'source' | 'deliveryKey'>) =>
  deliveryJobId({ source: row.source as WebhookDelivery['source'], deliveryId: row.deliveryKey });

export const toDelivery = (row: DeliveryEntity): WebhookDelivery => ({
  deliveryId: row.deliveryKey,
  source: row.source as WebhookDelivery['source'],
  event: row.event,
  receivedAt: row.receivedAt.toISOString(),
  payload: row.payload,
});
