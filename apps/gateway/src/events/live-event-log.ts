import { DomainEvent } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { LiveEvent } from './live-events.rules';

/** The channel a NOTIFY wakes the streams on when an event is appended. */
export const LIVE_EVENTS_CHANNEL = 'companyos_live_events';

/** Any constant: the key of the transaction lock that makes ids commit in their order. */
const APPEND_LOCK_KEY = 7_316_402_001;

interface LiveEventRow {
  id: string;
  event_id: string;
  type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/** Reads and appends the live event log (`ingest.live_events`). */
@Injectable()
export class LiveEventLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends a domain event unless it is already there (true when it was new)
   * and wakes the streams. Appends take one transaction lock in turn, so ids
   * become visible in their order: a reader that has seen id n never sees an
   * id below n appear later (which a cursor would skip for good).
   */
  async append(event: DomainEvent): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO ingest.live_events (event_id, type, aggregate_id, payload, occurred_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (event_id) DO NOTHING RETURNING id`,
        [event.id, event.type, event.aggregateId, JSON.stringify(event.payload ?? {}), event.occurredAt],
      );
      if (!rows.length) return false;
      await manager.query('SELECT pg_notify($1, $2)', [LIVE_EVENTS_CHANNEL, String(rows[0].id)]);
      return true;
    });
  }

  /** Up to `limit` events of `types` after `cursor`, oldest first. */
  async after(cursor: string, types: string[], limit: number): Promise<LiveEvent[]> {
    if (!types.length) return [];
    const rows: LiveEventRow[] = await this.dataSource.query(
      `SELECT id, event_id, type, aggregate_id, payload, occurred_at FROM ingest.live_events
       WHERE id > $1 AND type = ANY($2) ORDER BY id LIMIT $3`,
      [cursor, types, limit],
    );
    return rows.map((row) => ({
      id: String(row.id),
      eventId: row.event_id,
      type: row.type,
      aggregateId: row.aggregate_id,
      occurredAt: new Date(row.occurred_at).toISOString(),
      payload: row.payload,
    }));
  }

  /** The newest event's id ('0' when the log is empty): where a stream without a cursor starts. */
  async newest(): Promise<string> {
    const [row]: { id: string | null }[] = await this.dataSource.query('SELECT max(id) AS id FROM ingest.live_events');
    return row?.id ? String(row.id) : '0';
  }
}
