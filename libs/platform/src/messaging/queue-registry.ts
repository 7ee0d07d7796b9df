import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { withTimeout } from '../async/with-timeout';
import { InjectPlatformConfig } from '../config/platform-config.module';
import type { PlatformConfig } from '../config/platform.config';
import { DEFAULT_JOB_OPTIONS } from './queues';
import { bullConnection, closeBullConnection, queueKeyPrefix } from './redis-options';

/** How often at most a kept schedule is put back in Redis (see `keepScheduled`). */
const SCHEDULE_CHECK_MS = 60_000;

/** One fail-fast BullMQ producer per queue name, opened on first use. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueRegistry.name);
  private readonly queues = new Map<string, Queue>();
  private readonly scheduleTimers: NodeJS.Timeout[] = [];

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

  /**
   * Keeps a repeatable job (`jobName` on queue `name`, every `everyMs`)
   * scheduled for as long as the app runs: upserted now and again every
   * min(everyMs, 60 s). A schedule lives only in Redis, so one that Redis
   * lost (a flush, a restart without persistence, Redis away when the app
   * booted) is back within that time instead of at the next boot; upserting
   * one that is there keeps its next run. A failure is logged once per
   * outage, and the next check tries again. Resolves after the first try
   * (never rejects): the app boots with its schedule in place when Redis is
   * there, and BullMQ's scheduler of the queue exists before anyone else asks
   * for it (two first asks at once would each open a connection).
   */
  keepScheduled(name: string, schedulerId: string, everyMs: number, jobName: string): Promise<void> {
    let failing = false;
    const upsert = () => {
      const schedule = this.get(name).upsertJobScheduler(schedulerId, { every: everyMs }, { name: jobName, opts: { removeOnComplete: true, removeOnFail: true } });
      return withTimeout(schedule, this.config.enqueueTimeoutMs, `Redis did not accept the schedule ${schedulerId} within ${this.config.enqueueTimeoutMs} ms`).then(
        () => {
          if (failing) this.logger.log(`schedule ${schedulerId} on ${name} is in place again`);
          failing = false;
        },
        (error: Error) => {
          if (!failing) this.logger.warn(`${error.message}; tried again every ${Math.min(everyMs, SCHEDULE_CHECK_MS)} ms`);
          failing = true;
        },
      );
    };
    const timer = setInterval(upsert, Math.min(everyMs, SCHEDULE_CHECK_MS));
    timer.unref();
    this.scheduleTimers.push(timer);
    return upsert();
  }

  async onApplicationShutdown() {
    for (const timer of this.scheduleTimers.splice(0)) clearInterval(timer);
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close().finally(() => closeBullConnection(queue.opts.connection))));
    this.queues.clear();
  }
}
