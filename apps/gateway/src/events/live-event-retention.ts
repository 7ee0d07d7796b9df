import { Retention } from '@companyos/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';

/** How long the live event log keeps events: a client away longer resumes at the oldest one kept. */
export const LIVE_EVENT_RETENTION_DAYS = 7;

/** Prunes the live event log with the platform's retention (hourly, in batches). */
@Injectable()
export class LiveEventRetention implements OnModuleInit {
  constructor(private readonly retention: Retention) {}

  onModuleInit() {
    this.retention.add({ table: 'ingest.live_events', expired: 'recorded_at < $1', keepMs: LIVE_EVENT_RETENTION_DAYS * 24 * 3600_000 });
  }
}
