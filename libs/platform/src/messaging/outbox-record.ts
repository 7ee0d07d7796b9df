import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Columns of a domain's outbox table. Each domain declares its own entity in
 * its own schema: `@Entity({ schema: 'incidents', name: 'outbox' })`.
 * Events are written in the transaction that changed state and published by
 * the OutboxRelay.
 */
export abstract class OutboxRecord {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq: string;

  @Column({ type: 'uuid', unique: true })
  eventId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  aggregateId: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /**
   * When every subscribing queue's job had finished: completed, or failed for
   * good (then it is the consumer's dead letter). Until then the relay asks
   * Redis about the jobs and re-enqueues the ones it lost.
   */
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** When the relay next asks Redis about this published event's jobs (backs off per row). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextCheckAt: Date;

  /** How often the relay has asked already (the backoff grows with it). */
  @Column({ type: 'integer', default: 0 })
  checkCount: number;
}

/**
 * Columns of a domain's processed-messages table: one row per delivery or
 * event already applied, written in the same transaction as its effect, so a
 * job that runs twice has its effect once.
 */
export abstract class ProcessedMessageRecord {
  @Column({ type: 'text', primary: true })
  messageId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  processedAt: Date;
}

/**
 * Columns of a consuming domain's dead letters: a job that failed on its last
 * attempt, kept with its data and last error until an operator replays it
 * (`npm run dead-letters -- replay`). One row per (queue, job id): failing
 * again after a replay updates the same row.
 */
export abstract class DeadLetterRecord {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  queue: string;

  @Column({ type: 'text' })
  jobId: string;

  /** The job's name (the event type or the webhook event). */
  @Column({ type: 'text' })
  jobName: string;

  /** The job's data as enqueued (the event envelope or the webhook delivery). */
  @Column({ type: 'jsonb' })
  data: unknown;

  @Column({ type: 'text' })
  lastError: string;

  @Column({ type: 'integer' })
  attempts: number;

  /** Times the job became a dead letter (1, plus one per replay that failed again). */
  @Column({ type: 'integer', default: 1 })
  failures: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  failedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  replayedAt: Date | null;
}
