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
