import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { hostname } from 'node:os';
import { InjectPlatformConfig } from '../config/platform-config.module';
import type { PlatformConfig } from '../config/platform.config';
import { DeadLetters } from './dead-letters';
import { bullConnection, closeBullConnection, queueKeyPrefix } from './redis-options';

/** `signal` is aborted when the job runs out of time: a handler that can stop early (a fetch, a loop) should. */
type Handler = (job: Job, signal: AbortSignal) => Promise<unknown>;

export interface ConsumeOptions {
  /** This queue's job time limit, when its jobs are legitimately longer (or shorter) than JOB_TIMEOUT_MS. */
  timeoutMs?: number;
  /** This queue's jobs at once per worker, when they wait on I/O elsewhere (outbound HTTP) rather than on the database: WORKER_CONCURRENCY otherwise. */
  concurrency?: number;
}

/** What a worker runs for a job: the handler under its deadline, failures on the last attempt kept as dead letters. */
type Processor = (job: Job, token?: string) => Promise<unknown>;

/**
 * Runs the BullMQ workers of an app. Processors register a handler for their
 * queue at module init; workers start once the app has booted, with the
 * concurrency and lock settings from config, and drain on shutdown.
 *
 * A job gets JOB_TIMEOUT_MS (or its queue's own `timeoutMs`): past it the job
 * fails with an error saying so, BullMQ retries it with the queue's backoff,
 * and its worker slot takes the next job. The late handler is told through
 * its AbortSignal; whatever it still does is bounded by the database's own
 * statement timeout, and every job is idempotent, so a retry overlapping a
 * straggler does no double effect.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly handlers = new Map<string, Processor>();
  private readonly concurrency = new Map<string, number>();
  private readonly workers: Worker[] = [];

  constructor(
    @InjectPlatformConfig() private readonly config: PlatformConfig,
    private readonly deadLetters: DeadLetters,
  ) {}

  consume<T>(queueName: string, handler: (job: Job<T>, signal: AbortSignal) => Promise<unknown>, options: ConsumeOptions = {}) {
    if (this.handlers.has(queueName)) throw new Error(`queue ${queueName} already has a consumer`);
    const timeoutMs = options.timeoutMs ?? this.config.worker.jobTimeoutMs;
    if (options.concurrency) this.concurrency.set(queueName, options.concurrency);
    // A job over its time fails like any failed attempt; failing on its last attempt, it becomes a dead letter in the app's database.
    this.handlers.set(queueName, this.deadLetters.guard(queueName, (job: Job) => runWithDeadline(queueName, job, handler as Handler, timeoutMs)));
  }

  /** The queues this app consumes (registered at module init). */
  queueNames(): string[] {
    return [...this.handlers.keys()];
  }

  onApplicationBootstrap() {
    for (const [queueName, processor] of this.handlers) {
      const concurrency = this.concurrency.get(queueName) ?? this.config.worker.concurrency;
      const worker = new Worker(queueName, processor, {
        connection: bullConnection(this.config, 'worker'),
        prefix: queueKeyPrefix(this.config.queuePrefix, queueName),
        // Shown as the job's processedBy: which process of which app ran it.
        name: `${this.config.appName}:${hostname()}:${process.pid}`,
        concurrency,
        lockDuration: this.config.worker.lockDurationMs,
        stalledInterval: this.config.worker.stalledIntervalMs,
        maxStalledCount: 5,
      });
      worker.on('error', (error) => this.logger.warn(`worker ${queueName}: ${error.message}`));
      worker.on('failed', (job, error) =>
        this.logger.warn(`job ${job?.id} on ${queueName} failed (attempt ${job?.attemptsMade}): ${error.message}`),
      );
      this.workers.push(worker);
      this.logger.log(`consuming ${queueName} (concurrency ${concurrency})`);
    }
  }

  async beforeApplicationShutdown() {
    await Promise.allSettled(this.workers.map((worker) => worker.close().finally(() => closeBullConnection(worker.opts.connection))));
    this.workers.length = 0;
  }
}

/** Runs `handler` for `job`, rejecting (and aborting its signal) once `timeoutMs` has passed. */
export async function runWithDeadline(queueName: string, job: Job, handler: Handler, timeoutMs: number): Promise<unknown> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`job ${job.id} on ${queueName} ran longer than its ${timeoutMs} ms (JOB_TIMEOUT_MS); it will be retried`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([handler(job, controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
