import { InjectPlatformConfig, PlatformConfig } from '@companyos/platform';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { LIVE_EVENTS_CHANNEL } from './live-event-log';

const RECONNECT_MS = 2_000;

/**
 * One LISTEN connection per gateway process that wakes every open stream
 * when an event is appended (on any replica). Opened with the first stream;
 * when it drops it reconnects, and streams keep polling meanwhile.
 */
@Injectable()
export class LiveEventWakeups implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveEventWakeups.name);
  private readonly listeners = new Set<() => void>();
  private client?: Client;
  private connecting?: Promise<void>;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(@InjectPlatformConfig() private readonly config: PlatformConfig) {}

  /** Calls `wake` on each append until the returned function is called. */
  subscribe(wake: () => void): () => void {
    this.listeners.add(wake);
    void this.connect();
    return () => this.listeners.delete(wake);
  }

  /** Whether the LISTEN connection is up (streams poll more often when it is not). */
  get listening(): boolean {
    return !!this.client;
  }

  private connect(): Promise<void> {
    if (this.client || this.connecting || this.closed) return this.connecting ?? Promise.resolve();
    this.connecting = (async () => {
      const client = new Client({ connectionString: this.config.databaseUrl, connectionTimeoutMillis: 5_000 });
      try {
        client.on('notification', () => this.wakeAll());
        client.on('error', (error) => this.lost(client, error));
        client.on('end', () => this.lost(client));
        await client.connect();
        await client.query(`LISTEN ${LIVE_EVENTS_CHANNEL}`);
        if (this.closed) return void client.end().catch(() => undefined);
        this.client = client;
        // Whatever was appended while not listening is picked up now.
        this.wakeAll();
      } catch (error) {
        this.logger.warn(`cannot LISTEN for live events (${(error as Error).message}); streams poll, retrying in ${RECONNECT_MS} ms`);
        client.end().catch(() => undefined);
        this.scheduleRetry();
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  private lost(client: Client, error?: Error) {
    if (this.client !== client) return;
    this.client = undefined;
    if (error) this.logger.warn(`live events LISTEN connection lost: ${error.message}`);
    client.end().catch(() => undefined);
    this.scheduleRetry();
  }

  private scheduleRetry() {
    if (this.closed || this.retry || !this.listeners.size) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, RECONNECT_MS);
    this.retry.unref();
  }

  private wakeAll() {
    for (const wake of this.listeners) wake();
  }

  async onApplicationShutdown() {
    this.closed = true;
    clearTimeout(this.retry);
    this.listeners.clear();
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
