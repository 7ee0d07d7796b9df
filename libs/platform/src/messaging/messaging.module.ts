import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import IORedis from 'ioredis';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform.config';
import { QueueRegistry } from './queue-registry';
import { QueueWorkers } from './queue-workers';
import { DeadLetters } from './dead-letters';
import { Retention } from './retention';
import { redisOptions } from './redis-options';

/** A plain Redis client for health checks and small reads. */
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
        const client = new IORedis(redisOptions(config.redisUrl, 'client'));
        const logger = new Logger('Redis');
        client.on('error', (error) => logger.warn(error.message));
        return client;
      },
    },
  ],
  exports: [QueueRegistry, QueueWorkers, DeadLetters, Retention, REDIS_CLIENT],
})
export class MessagingModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: IORedis) {}

  onApplicationShutdown() {
    this.redis.disconnect();
  }
}
