/**
 * Pure decisions about build runs, stages and tasks: how a status moves,
 * how observations arriving twice or out of order merge, matrix grouping
 * and the derived timings. Statuses and conclusions are kept as GitHub
 * spells them (`in_progress`, `timed_out`); a cancelled run is not a failed one.
 */

/** GitHub's statuses of runs, jobs and steps, in the order they move. */
export const BUILD_STATUSES = ['requested', 'pending', 'queued', 'waiting', 'in_progress', 'completed'] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

/** GitHub's conclusions of a completed run, job or step. */
export const BUILD_CONCLUSIONS = [
  'success',
  'failure',
  'cancelled',
  'timed_out',
  'skipped',
  'neutral',
  'action_required',
  'startup_failure',
  'stale',
] as const;
export type BuildConclusion = (typeof BUILD_CONCLUSIONS)[number];

/** Conclusions that mean the build itself failed (cancelled, skipped, neutral and stale do not). */
export const FAILED_CONCLUSIONS: readonly string[] = ['failure', 'timed_out', 'startup_failure'];

/** How far a status is along; a status GitHub adds later ranks below every known one, so it never overrides them. */
export const statusRank = (status: string): number => BUILD_STATUSES.indexOf(status as BuildStatus);

/** Where a run, stage or task stands, as one observation says or as merged so far. */
export interface Progress {
  status: string;
  conclusion: string | null;
  createdAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
}

const earliest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a <= b ? a : b);
const later = (a: Date | null, b: Date | null) => (a?.getTime() ?? -Infinity) > (b?.getTime() ?? -Infinity);

/**
 * Merges an observation into what is known. The status only moves forward;
 * once completed, the conclusion is the one GitHub gave with the completion
 * (between two completions, the later one's: GitHub's latest word, the same
 * whichever arrives first). Creation and start take the earliest time known.
 * The merge is commutative and idempotent for the observations of one run,
 * so deliveries can arrive twice and in any order.
 */
export function mergeProgress(current: Progress | null, incoming: Progress): Progress {
  if (!current) return normalize(incoming);
  const [behind, ahead] = ordered(current, incoming);
  const completed = ahead.status === 'completed';
  return {
    status: ahead.status,
    conclusion: completed ? ahead.conclusion ?? behind.conclusion : null,
    createdAt: earliest(current.createdAt, incoming.createdAt),
    startedAt: earliest(current.startedAt, incoming.startedAt),
    completedAt: completed ? ahead.completedAt ?? behind.completedAt : null,
  };
}

/** Which of two observations is further along (ties between completions: the later completion; else the one with a conclusion). */
function ordered(a: Progress, b: Progress): [Progress, Progress] {
  const byRank = statusRank(b.status) - statusRank(a.status);
  if (byRank !== 0) return byRank > 0 ? [a, b] : [b, a];
  if (a.status === 'completed') {
    if (later(b.completedAt, a.completedAt)) return [a, b];
    if (later(a.completedAt, b.completedAt)) return [b, a];
    if (!a.conclusion && b.conclusion) return [a, b];
    if ((a.conclusion ?? '') < (b.conclusion ?? '')) return [a, b];
  }
  return [b, a];
}

const normalize = (p: Progress): Progress => (p.status === 'completed' ? p : { ...p, conclusion: null, completedAt: null });

/** A conclusion as GitHub spells it, or null for none or one CompanyOS does not know (kept out rather than guessed). */
export const knownConclusion = (value: string | null | undefined): BuildConclusion | null =>
  value && (BUILD_CONCLUSIONS as readonly string[]).includes(value) ? (value as BuildConclusion) : null;

/**
 * The job a matrix leg belongs to: GitHub names legs `test (ubuntu-latest, 20)`,
 * so the group is the name before the last parenthesised suffix; other jobs are their own group.
 */
export function matrixGroup(jobName: string): string {
  const match = /^(.*\S)\s+\([^()]*\)$/.exec(jobName.trim());
  return match ? match[1] : jobName.trim();
}

const seconds = (from: Date | null, to: Date | null): number | null =>
  from && to ? Math.max(0, (to.getTime() - from.getTime()) / 1000) : null;

/** Time waiting for a runner: started − created, never negative (GitHub's clocks disagree); null until started. */
export const queuedSeconds = (p: Pick<Progress, 'createdAt' | 'startedAt'>) => seconds(p.createdAt, p.startedAt);

/** Time running: completed − started, never negative; null until completed. */
export const durationSeconds = (p: Pick<Progress, 'startedAt' | 'completedAt'>) => seconds(p.startedAt, p.completedAt);
