import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type IORedis from 'ioredis';
import { Gauge, register } from 'prom-client';
import type { DataSource } from 'typeorm';
import { withTimeout } from '../async/with-timeout';
import { CHECK_TIMEOUT_MS, runCheck } from '../health/dependency-checks';
import { REDIS_CLIENT } from '../messaging/messaging.module';
import { QueueRegistry } from '../messaging/queue-registry';
import { QueueWorkers } from '../messaging/queue-workers';
import { relayFailures } from './relay-metrics';

/** 1 when the app reaches the dependency (the same probe as GET /health/ready), 0 when not; by `dependency` (postgres, redis). */
export const DEPENDENCY_UP_METRIC = 'companyos_dependency_up';
/** Jobs of each queue the app consumes, by `queue` and `state` (waiting, active, delayed, failed). */
export const QUEUE_JOBS_METRIC = 'companyos_queue_jobs';
/** Age in seconds of the oldest job waiting in each queue the app consumes (0 when none waits). */
export const QUEUE_OLDEST_JOB_AGE_METRIC = 'companyos_queue_oldest_job_age_seconds';

/** The states a queue's jobs are counted in (BullMQ's `wait` is reported as `waiting`). */
export const QUEUE_JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** A metric of the process-wide registry, (re)created so that a second app module in one process (tests) does not collide. */
function freshMetric<T>(name: string, create: () => T): T {
  if (register.getSingleMetric(name)) register.removeSingleMetric(name);
  return create();
}


/**
 * The gauges Prometheus' rules (ops/prometheus/rules.yml) watch beside the
 * request timings: dependencies reachable, queue depth and oldest waiting job
 * of every queue this app consumes. Each is read when /metrics is scraped,
 * every probe bounded by CHECK_TIMEOUT_MS, so a scrape never hangs on Redis.
 */
@Injectable()
export class OperationalMetrics implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
    private readonly workers: QueueWorkers,
    private readonly queues: QueueRegistry,
  ) {}

  onApplicationBootstrap() {
    const { dataSource, redis } = this;
    freshMetric(DEPENDENCY_UP_METRIC, () =>
      new Gauge({
        name: DEPENDENCY_UP_METRIC,
        help: 'Whether the app reaches the dependency (the probe of GET /health/ready): 1 up, 0 down',
        labelNames: ['dependency'],
        async collect() {
          const [postgres, redisCheck] = await Promise.all([
            runCheck(() => dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS),
            runCheck(() => redis.ping(), CHECK_TIMEOUT_MS),
          ]);
          this.set({ dependency: 'postgres' }, postgres.status === 'up' ? 1 : 0);
          this.set({ dependency: 'redis' }, redisCheck.status === 'up' ? 1 : 0);
        },
      }),
    );

    // Registered even by an app that consumes no queue, so every app exposes the same metric families.
    const consumed = this.workers.queueNames();
    const queues = this.queues;
    const counts = async (name: string) =>
      withTimeout(queues.get(name).getJobCounts('wait', 'active', 'delayed', 'failed'), CHECK_TIMEOUT_MS, `no job counts of ${name} within ${CHECK_TIMEOUT_MS} ms`);
    const oldestAge = async (name: string) => {
      const [oldest] = await withTimeout(queues.get(name).getJobs(['wait'], 0, 0, true), CHECK_TIMEOUT_MS, `no waiting job of ${name} within ${CHECK_TIMEOUT_MS} ms`);
      return oldest?.timestamp ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0;
    };
    freshMetric(QUEUE_JOBS_METRIC, () =>
      new Gauge({
        name: QUEUE_JOBS_METRIC,
        help: 'Jobs of each queue the app consumes, by state (waiting, active, delayed, failed)',
        labelNames: ['queue', 'state'],
        async collect() {
          this.reset();
          await Promise.all(
            consumed.map(async (queue) => {
              // Redis unreachable: no sample for the queue (companyos_dependency_up says why), never a made-up zero.
              const jobs = await counts(queue).catch(() => undefined);
              if (!jobs) return;
              this.set({ queue, state: 'waiting' }, jobs.wait ?? 0);
              this.set({ queue, state: 'active' }, jobs.active ?? 0);
              this.set({ queue, state: 'delayed' }, jobs.delayed ?? 0);
              this.set({ queue, state: 'failed' }, jobs.failed ?? 0);
            }),
          );
        },
      }),
    );
    freshMetric(QUEUE_OLDEST_JOB_AGE_METRIC, () =>
      new Gauge({
        name: QUEUE_OLDEST_JOB_AGE_METRIC,
        help: 'Age in seconds of the oldest job waiting in each queue the app consumes (0 when none waits)',
        labelNames: ['queue'],
        async collect() {
          this.reset();
          await Promise.all(
            consumed.map(async (queue) => {
              const age = await oldestAge(queue).catch(() => undefined);
              if (age !== undefined) this.set({ queue }, age);
            }),
          );
        },
      }),
    );
    relayFailures();
  }
}
