import { Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { Gauge, register } from 'prom-client';
import type { DataSource } from 'typeorm';
import { DeadLetterRecord } from './outbox-record';

export const DEAD_LETTERS_METRIC = 'companyos_dead_letters';
/** When a dead letter cannot be stored (its database away), the job waits this long and fails into it again. */
const DEAD_LETTER_RETRY_MS = 60_000;

/** Whether this run of the job is its last: no attempt is left, or the error says retrying is pointless. */
export const isLastAttempt = (job: Pick<Job, 'attemptsMade' | 'opts'>, error: unknown) =>
  error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** The first line of an error, bounded: what an operator needs to see in a list. */
export const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2_000);

/**
 * The consuming app's dead letters: a job that fails on its last attempt is
 * kept in the app's own `<schema>.dead_letters` table (the entity extending
 * DeadLetterRecord among the app's entities) with its data and last error,
 * counted in `companyos_dead_letters{queue}` (not yet replayed) and replayed
 * by `npm run dead-letters -- replay`.
 */
@Injectable()
export class DeadLetters implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeadLetters.name);
  private readonly queues = new Set<string>();

  constructor(@Optional() @InjectDataSource() private readonly dataSource?: DataSource) {}

  /** The app's dead-letter table (`schema.dead_letters`), or null when it declares none. */
  table(): string | null {
    const metadata = this.dataSource?.entityMetadatas.find(
      (entity) => typeof entity.target === 'function' && entity.target.prototype instanceof DeadLetterRecord,
    );
    return metadata?.tablePath ?? null;
  }

  /**
   * Wraps a queue's handler: on the job's last attempt, a failure is stored as
   * a dead letter before the job fails. If even that cannot be stored, the job
   * is put back (delayed, its attempts untouched) rather than lost.
   */
  guard<T>(queue: string, handler: (job: Job<T>) => Promise<unknown>): (job: Job<T>, token?: string) => Promise<unknown> {
    if (!this.table()) throw new Error(`queue ${queue} has a consumer but the app declares no dead-letter entity (extends DeadLetterRecord)`);
    this.queues.add(queue);
    return async (job, token) => {
      try {
        return await handler(job);
      } catch (error) {
        if (!isLastAttempt(job, error)) throw error;
        try {
          await this.record(queue, job, error);
        } catch (storeError) {
          this.logger.error(`job ${job.id} on ${queue} failed for good but its dead letter could not be stored (${(storeError as Error).message}); retrying in ${DEAD_LETTER_RETRY_MS} ms`);
          await job.moveToDelayed(Date.now() + DEAD_LETTER_RETRY_MS, token);
          throw new DelayedError();
        }
        this.logger.error(`job ${job.id} on ${queue} failed after ${job.attemptsMade + 1} attempts and is now a dead letter: ${describeError(error)}`);
        throw error;
      }
    };
  }

  /** Stores (or, after a replay that failed again, refreshes) the dead letter of a job. */
  async record(queue: string, job: Pick<Job, 'id' | 'name' | 'data' | 'attemptsMade'>, error: unknown): Promise<void> {
    const table = this.table()!;
    await this.dataSource!.query(
      `INSERT INTO ${table} AS d (queue, job_id, job_name, data, last_error, attempts) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (queue, job_id) DO UPDATE SET job_name = excluded.job_name, data = excluded.data, last_error = excluded.last_error,
         attempts = excluded.attempts, failures = d.failures + 1, failed_at = now(), replayed_at = NULL`,
      [queue, job.id, job.name, JSON.stringify(job.data ?? null), describeError(error), job.attemptsMade + 1],
    );
  }

  /** `companyos_dead_letters{queue}`: dead letters not yet replayed, per queue this app consumes, read at each scrape. */
  onApplicationBootstrap() {
    const table = this.table();
    if (!table || !this.queues.size) return;
    const queues = [...this.queues];
    const dataSource = this.dataSource!;
    const logger = this.logger;
    if (register.getSingleMetric(DEAD_LETTERS_METRIC)) register.removeSingleMetric(DEAD_LETTERS_METRIC);
    new Gauge({
      name: DEAD_LETTERS_METRIC,
      help: 'Jobs that failed on their last attempt and wait in Postgres to be replayed (npm run dead-letters), by queue',
      labelNames: ['queue'],
      async collect() {
        try {
          const rows: { queue: string; n: number }[] = await dataSource.query(
            `SELECT queue, count(*)::int AS n FROM ${table} WHERE replayed_at IS NULL AND queue = ANY($1) GROUP BY queue`,
            [queues],
          );
          for (const queue of queues) this.set({ queue }, rows.find((row) => row.queue === queue)?.n ?? 0);
        } catch (error) {
          logger.warn(`could not count dead letters: ${(error as Error).message}`);
        }
      },
    });
  }
}
