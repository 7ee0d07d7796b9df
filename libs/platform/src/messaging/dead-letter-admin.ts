import type { DataSource } from 'typeorm';
import type { QueueRegistry } from './queue-registry';
import { Queues } from './queues';

/** A dead letter as the command lists it. */
export interface DeadLetterListing {
  /** The dead letter's id in its queue's table (use with `replay --queue Q --id ID`). */
  id: string;
  queue: string;
  jobId: string;
  jobName: string;
  attempts: number;
  failures: number;
  failedAt: Date;
  replayedAt: Date | null;
  lastError: string;
}

export type DeadLetterCommand =
  | { command: 'help' }
  | { command: 'list'; queue?: string }
  | { command: 'replay'; queue: string; since?: Date; id?: string };

export class DeadLetterUsageError extends Error {}

export const DEAD_LETTERS_USAGE = `usage:
  npm run dead-letters -- list [--queue Q]
  npm run dead-letters -- replay --queue Q [--since ISO-8601] [--id ID]
queues: ${Object.values(Queues).join(', ')}
`;

/** Parses the command's arguments; a DeadLetterUsageError names the argument that is wrong. */
export function parseDeadLetterArgs(argv: readonly string[], knownQueues: readonly string[] = Object.values(Queues)): DeadLetterCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command !== 'list' && command !== 'replay') throw new DeadLetterUsageError(`unknown command "${command}" (list or replay)`);
  const allowed = command === 'list' ? ['--queue'] : ['--queue', '--since', '--id'];
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i];
    const value = rest[i + 1];
    if (!allowed.includes(name)) throw new DeadLetterUsageError(`${name}: not an option of ${command} (${allowed.join(', ')})`);
    if (value === undefined || value.startsWith('--')) throw new DeadLetterUsageError(`${name}: needs a value`);
    if (name in options) throw new DeadLetterUsageError(`${name}: given twice`);
    options[name] = value;
  }
  const queue = options['--queue'];
  if (queue !== undefined && !knownQueues.includes(queue)) {
    throw new DeadLetterUsageError(`--queue: unknown queue "${queue}" (one of ${knownQueues.join(', ')})`);
  }
  if (command === 'list') return { command, queue };
  if (queue === undefined) throw new DeadLetterUsageError('--queue: required for replay');
  let since: Date | undefined;
  if (options['--since'] !== undefined) {
    since = new Date(options['--since']);
    if (!/^\d{4}-\d{2}-\d{2}/.test(options['--since']) || Number.isNaN(since.getTime())) {
      throw new DeadLetterUsageError(`--since: "${options['--since']}" is not an ISO-8601 date or time (e.g. 2026-12-01T10:00:00Z)`);
    }
  }
  const id = options['--id'];
  if (id !== undefined && !/^[1-9]\d{0,17}$/.test(id)) throw new DeadLetterUsageError(`--id: "${id}" is not a dead letter id (a positive integer from list)`);
  return { command, queue, since, id };
}

/**
 * Lists and replays dead letters across every domain's `dead_letters` table
 * (each consuming domain keeps its own, in its own schema). A replay puts the
 * job back on its queue under its own job id and marks the dead letter
 * replayed; the consumer's processed-messages record makes a job that already
 * took effect a no-op, so replaying twice is harmless. A job that fails again
 * becomes the same dead letter again, not yet replayed.
 */
export class DeadLetterAdmin {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
  ) {}

  /** Every `schema.dead_letters` table in the database. */
  async tables(): Promise<string[]> {
    const rows: { schema: string }[] = await this.dataSource.query(
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'dead_letters' ORDER BY table_schema`,
    );
    return rows.map((row) => `"${row.schema}"."dead_letters"`);
  }

  async list(queue?: string): Promise<DeadLetterListing[]> {
    const listings: DeadLetterListing[] = [];
    for (const table of await this.tables()) {
      const rows: Record<string, any>[] = await this.dataSource.query(
        `SELECT id::text, queue, job_id, job_name, attempts, failures, failed_at, replayed_at, last_error
           FROM ${table} WHERE ($1::text IS NULL OR queue = $1) ORDER BY failed_at, id`,
        [queue ?? null],
      );
      listings.push(...rows.map(toListing));
    }
    return listings.sort((a, b) => a.failedAt.getTime() - b.failedAt.getTime());
  }

  /** Replays the dead letters of a queue not replayed yet (failed since `since`, or the one `id`); answers what it replayed. */
  async replay(queue: string, filter: { since?: Date; id?: string } = {}): Promise<DeadLetterListing[]> {
    const replayed: DeadLetterListing[] = [];
    for (const table of await this.tables()) {
      await this.dataSource.transaction(async (manager) => {
        const rows: Record<string, any>[] = await manager.query(
          `SELECT id::text, queue, job_id, job_name, data, attempts, failures, failed_at, replayed_at, last_error
             FROM ${table}
            WHERE queue = $1 AND replayed_at IS NULL AND ($2::timestamptz IS NULL OR failed_at >= $2) AND ($3::bigint IS NULL OR id = $3)
            ORDER BY failed_at, id FOR UPDATE SKIP LOCKED`,
          [queue, filter.since ?? null, filter.id ?? null],
        );
        for (const row of rows) {
          await this.requeue(queue, row.job_id, row.job_name, row.data);
          const [updated] = (await manager.query(`UPDATE ${table} SET replayed_at = now() WHERE id = $1 RETURNING replayed_at`, [row.id])) as [
            { replayed_at: Date }[],
            number,
          ];
          replayed.push({ ...toListing(row), replayedAt: updated[0].replayed_at });
        }
      });
    }
    return replayed;
  }

  /**
   * Puts the job back under its own id: a failed job still in Redis is removed
   * first (BullMQ ignores an add whose id it holds); a job that is back already
   * (waiting, running, done) is left alone.
   */
  private async requeue(queue: string, jobId: string, name: string, data: unknown) {
    const existing = await this.queues.get(queue).getJob(jobId);
    if (existing) {
      if ((await existing.getState()) !== 'failed') return;
      await existing.remove();
    }
    await this.queues.enqueue(queue, [{ name, data, opts: { jobId } }]);
  }
}

const toListing = (row: Record<string, any>): DeadLetterListing => ({
  id: row.id,
  queue: row.queue,
  jobId: row.job_id,
  jobName: row.job_name,
  attempts: row.attempts,
  failures: row.failures,
  failedAt: row.failed_at,
  replayedAt: row.replayed_at,
  lastError: row.last_error,
});

/** One line per dead letter, for the terminal. */
export const formatListing = (d: DeadLetterListing) =>
  [
    `#${d.id}`,
    d.queue,
    `job ${d.jobId}`,
    d.jobName,
    `failed ${d.failedAt.toISOString()}`,
    `after ${d.attempts} attempts`,
    d.failures > 1 ? `(${d.failures} times)` : '',
    d.replayedAt ? `replayed ${d.replayedAt.toISOString()}` : 'not replayed',
    `— ${d.lastError.split('\n')[0]}`,
  ]
    .filter(Boolean)
    .join('  ');
