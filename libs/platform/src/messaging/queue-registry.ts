import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { withTimeout } from '../async/with-timeout';
import { InjectPlatformConfig } from '../config/platform-config.module';
import type { PlatformConfig } from '../config/platform.config';
import { DEFAULT_JOB_OPTIONS } from './queues';
import { bullConnection, closeBullConnection, queueKeyPrefix } from './redis-options';

/** One fail-fast BullMQ producer per queue name, opened on first use. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueRegistry.name);
  private readonly queues = new Map<string, Queue>();

  constructor(@InjectPlatformConfig() private readonly config: PlatformConfig) {}

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: bullConnection(this.config, 'producer'),
        prefix: queueKeyPrefix(this.config.queuePrefix, name),
        defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, attempts: this.config.jobAttempts },
      });
      queue.on('error', (error) => this.logger.warn(`queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Adds jobs to a queue, or rejects within ENQUEUE_TIMEOUT_MS: BullMQ waits
   * for a lost connection indefinitely, and callers hold a request or a
   * transaction while they enqueue.
   */
  async enqueue(name: string, jobs: { name: string; data: unknown; opts: JobsOptions }[]): Promise<void> {
    const ms = this.config.enqueueTimeoutMs;
    await withTimeout(this.get(name).addBulk(jobs), ms, `Redis did not accept jobs on ${name} within ${ms} ms`);
  }

  async onApplicationShutdown() {
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close().finally(() => closeBullConnection(queue.opts.connection))));
    this.queues.clear();
  }
}
