import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform.config';
import { QueueRegistry } from './queue-registry';
import { QueueWorkers } from './queue-workers';
import { DeadLetters } from './dead-letters';
import { Retention } from './retention';
import { createRedisClient, RedisClient } from './redis-options';

/** The app's own Redis client (one server or a cluster client) for health checks, nonces, counters and small reads. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

@Global()
@Module({
  providers: [
    QueueRegistry,
    QueueWorkers,
    DeadLetters,
    Retention,
    {
      provide: REDIS_CLIENT,
      inject: [getConfigToken(PLATFORM_CONFIG)],
      useFactory: (config: PlatformConfig) => {
        const client = createRedisClient(config, 'client');
        const logger = new Logger('Redis');
        client.on('error', (error) => logger.warn(error.message));
        return client;
      },
    },
  ],
  exports: [QueueRegistry, QueueWorkers, DeadLetters, Retention, REDIS_CLIENT],
})
export class MessagingModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  onApplicationShutdown() {
    this.redis.disconnect();
  }
}
