import type { Provider } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityTarget } from 'typeorm';
import { PLATFORM_CONFIG, PlatformConfig, runsWorker } from '../config/platform.config';
import type { OutboxRecord } from './outbox-record';
import { OutboxRelay } from './outbox-relay';
import { QueueRegistry } from './queue-registry';
import { EVENT_SUBSCRIPTIONS } from './queues';

/** The app's OutboxRelay over its own outbox table; polls in the worker role. */
export const outboxRelayProvider = (
  outbox: EntityTarget<OutboxRecord>,
  subscriptions: Readonly<Record<string, readonly string[]>> = EVENT_SUBSCRIPTIONS,
): Provider => ({
  provide: OutboxRelay,
  inject: [getDataSourceToken(), QueueRegistry, getConfigToken(PLATFORM_CONFIG)],
  useFactory: (dataSource: DataSource, queues: QueueRegistry, config: PlatformConfig) =>
    new OutboxRelay(dataSource, queues, {
      outbox,
      subscriptions,
      intervalMs: config.relayIntervalMs,
      poll: runsWorker(config.role),
    }),
});
