/**
 * How a relay confirms what it published: it asks Redis about each job of a
 * row and decides from the answers. Shared by the outbox relays (one job per
 * subscribing queue) and the gateway's delivery relay (one job per delivery).
 */

/** A BullMQ job state as `Queue.getJobState` answers it (`unknown`: Redis does not hold the job). */
export type JobState = 'completed' | 'failed' | 'active' | 'waiting' | 'waiting-children' | 'delayed' | 'prioritized' | 'unknown';

/**
 * What to do with a row given its jobs' states:
 * * `lost` — some job is gone from Redis (a restart without persistence, an eviction, a flush): enqueue those again;
 * * `completed` — every job completed: confirmed, never looked at again;
 * * `failed` — every job finished and at least one failed for good (the consumer keeps it as a dead letter);
 * * `pending` — some job is still waiting, running or backing off: ask again later.
 */
export type Settlement = 'lost' | 'completed' | 'failed' | 'pending';

export function settle(states: readonly JobState[]): Settlement {
  if (states.includes('unknown')) return 'lost';
  if (states.every((state) => state === 'completed')) return 'completed';
  if (states.every((state) => state === 'completed' || state === 'failed')) return 'failed';
  return 'pending';
}

/** First look at a job this long after it was enqueued. */
export const FIRST_CHECK_AFTER_MS = 5_000;
/** Never wait longer than this between two looks at a pending job. */
export const MAX_CHECK_INTERVAL_MS = 5 * 60_000;

/**
 * When to look again at a row whose job is still pending, after `checks`
 * looks: 5 s, 10 s, 20 s, … up to 5 minutes. Rows that wait long (a consumer
 * backing off for hours) are asked about rarely and step aside, so a pass
 * always reaches the rows behind them.
 */
export function nextCheckDelayMs(checks: number): number {
  return Math.min(FIRST_CHECK_AFTER_MS * 2 ** Math.min(Math.max(checks, 0), 20), MAX_CHECK_INTERVAL_MS);
}

/**
 * Splits rows into read batches of at most `maxRows` rows and about
 * `maxBytes` of payload (a row larger than the budget goes alone), so a relay
 * never loads hundreds of multi-MB payloads at once.
 */
export function chunkBySize<T>(rows: readonly T[], sizeOf: (row: T) => number, maxRows: number, maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = sizeOf(row);
    if (current.length && (current.length >= maxRows || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Payloads one read may load: 50 rows, about 16 MB. */
export const PAYLOAD_READ_ROWS = 50;
export const PAYLOAD_READ_BYTES = 16 * 1024 * 1024;
