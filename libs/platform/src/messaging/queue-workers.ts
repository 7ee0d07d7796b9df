import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { InjectPlatformConfig } from '../config/platform-config.module';
import type { PlatformConfig } from '../config/platform.config';
import { DeadLetters } from './dead-letters';
import { redisOptions } from './redis-options';

type Handler = (job: Job, token?: string) => Promise<unknown>;

/**
 * Runs the BullMQ workers of an app. Processors register a handler for their
 * queue at module init; workers start once the app has booted, with the
 * concurrency and lock settings from config, and drain on shutdown.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly handlers = new Map<string, Handler>();
  private readonly workers: Worker[] = [];

  constructor(
    @InjectPlatformConfig() private readonly config: PlatformConfig,
    private readonly deadLetters: DeadLetters,
  ) {}

  consume<T>(queueName: string, handler: (job: Job<T>) => Promise<unknown>) {
    if (this.handlers.has(queueName)) throw new Error(`queue ${queueName} already has a consumer`);
    // A job failing on its last attempt becomes a dead letter in the app's database.
    this.handlers.set(queueName, this.deadLetters.guard(queueName, handler) as Handler);
  }

  onApplicationBootstrap() {
    for (const [queueName, handler] of this.handlers) {
      const worker = new Worker(queueName, handler, {
        connection: redisOptions(this.config.redisUrl, 'worker'),
        prefix: this.config.queuePrefix,
        concurrency: this.config.worker.concurrency,
        lockDuration: this.config.worker.lockDurationMs,
        stalledInterval: this.config.worker.stalledIntervalMs,
        maxStalledCount: 5,
      });
      worker.on('error', (error) => this.logger.warn(`worker ${queueName}: ${error.message}`));
      worker.on('failed', (job, error) =>
        this.logger.warn(`job ${job?.id} on ${queueName} failed (attempt ${job?.attemptsMade}): ${error.message}`),
      );
      this.workers.push(worker);
      this.logger.log(`consuming ${queueName} (concurrency ${this.config.worker.concurrency})`);
    }
  }

  async beforeApplicationShutdown() {
    await Promise.allSettled(this.workers.map((worker) => worker.close()));
    this.workers.length = 0;
  }
}
