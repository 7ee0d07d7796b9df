import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A webhook delivery as received, stored before the sender is answered.
 * Unique on (source, delivery key, queue): a redelivery is a no-op; an event
 * several domains consume is stored once per queue. The relay
 * enqueues what is not yet enqueued and re-drives jobs Redis lost; delivered
 * rows are pruned after DELIVERY_RETENTION_DAYS.
 */
@Entity({ schema: 'ingest', name: 'deliveries' })
@Index('deliveries_source_key_queue', ['source', 'deliveryKey', 'queue'], { unique: true })
@Index('deliveries_due', ['nextCheckAt'], { where: '"completed_at" IS NULL AND "failed_at" IS NULL' })
export class DeliveryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  /** `github`, `alertmanager`, … */
  @Column({ type: 'text' })
  source: string;

  /** The sender's own id for the delivery (GitHub's X-GitHub-Delivery). */
  @Column({ type: 'text' })
  deliveryKey: string;

  /** The sender's event name (GitHub's X-GitHub-Event). */
  @Column({ type: 'text' })
  event: string;

  /** The queue the delivery is routed to. */
  @Column({ type: 'text' })
  queue: string;

  /** The validated payload, as enqueued. */
  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  enqueuedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  enqueueCount: number;

  /** When the relay next asks Redis about this delivery's job (backs off per row while the job waits). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextCheckAt: Date;

  /** How often the relay has asked about the job since it was last enqueued. */
  @Column({ type: 'integer', default: 0 })
  checkCount: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}
