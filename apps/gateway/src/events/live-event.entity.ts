import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The live event log: each domain event the gateway streams, once (unique on
 * the event's id, so a redelivery is a no-op), in the order the gateway
 * received them (`id`, a bigserial, is the stream's cursor). Pruned after
 * LIVE_EVENT_RETENTION_DAYS.
 */
@Entity({ schema: 'ingest', name: 'live_events' })
@Index('ingest_live_events_event_id', ['eventId'], { unique: true })
@Index('ingest_live_events_recorded_at', ['recordedAt'])
export class LiveEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  aggregateId: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
