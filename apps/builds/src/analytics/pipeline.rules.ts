import { FAILED_CONCLUSIONS } from '../runs/build-run.rules';

/**
 * Pipeline analytics as pure functions: success rate, percentiles, pipeline
 * MTTR and the critical path of a run inferred from its job timings.
 */

/** Conclusions left out of the success rate: a cancelled or skipped run says nothing about the code. */
const NOT_COUNTED: readonly string[] = ['cancelled', 'skipped'];

export interface FinishedRun {
  branch: string | null;
  conclusion: string | null;
  completedAt: Date;
}

/** success ÷ finished runs, cancelled and skipped left out; null when none counts. */
export function successRate(runs: Pick<FinishedRun, 'conclusion'>[]): number | null {
  const counted = runs.filter((run) => run.conclusion && !NOT_COUNTED.includes(run.conclusion));
  return counted.length ? counted.filter((run) => run.conclusion === 'success').length / counted.length : null;
}

/** The p-th percentile (0–100) by linear interpolation between closest ranks; null for no values. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/**
 * Pipeline MTTR: on each branch, from a failed run's end to the end of the
 * next green run (the first failure of a red streak starts the clock);
 * the mean over recoveries, null when nothing recovered. A streak still red
 * at the end of the list is not a recovery.
 */
export function pipelineMttrSeconds(runs: FinishedRun[]): number | null {
  const byBranch = new Map<string, FinishedRun[]>();
  for (const run of runs) {
    const key = run.branch ?? '';
    const list = byBranch.get(key);
    if (list) list.push(run);
    else byBranch.set(key, [run]);
  }
  const recoveries: number[] = [];
  for (const list of byBranch.values()) {
    let failedAt: Date | null = null;
    for (const run of [...list].sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime())) {
      if (run.conclusion && FAILED_CONCLUSIONS.includes(run.conclusion)) failedAt ??= run.completedAt;
      else if (run.conclusion === 'success' && failedAt) {
        recoveries.push((run.completedAt.getTime() - failedAt.getTime()) / 1000);
        failedAt = null;
      }
    }
  }
  return recoveries.length ? recoveries.reduce((sum, s) => sum + s, 0) / recoveries.length : null;
}

export interface TimedJob {
  name: string;
  startedAt: Date;
  completedAt: Date;
}

export interface PathSegment {
  name: string;
  /** The part of the run's span this job alone extended: completed − max(started, the previous path job's completion). */
  exclusiveSeconds: number;
}

/**
 * The critical path of a run, inferred from job timings (GitHub does not
 * send `needs`): from the job that completed last, each step back goes to
 * the job that completed latest before it; a job's exclusive time is its
 * completion minus the later of its own start and that job's completion. A
 * job that overlaps its predecessor gets only the time beyond it, so the
 * exclusive times add up to the span the path covers, not to the jobs'
 * total durations. Returned in time order.
 */
export function criticalPath(jobs: TimedJob[]): PathSegment[] {
  const sorted = jobs
    .filter((job) => job.completedAt >= job.startedAt)
    .sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime() || a.startedAt.getTime() - b.startedAt.getTime());
  const path: PathSegment[] = [];
  let index = 0;
  while (index < sorted.length) {
    const job = sorted[index];
    // The predecessor: the next job (by completion, descending) that completed strictly before this one.
    let previous = index + 1;
    while (previous < sorted.length && sorted[previous].completedAt.getTime() >= job.completedAt.getTime()) previous++;
    const before = sorted[previous];
    const from = before && before.completedAt > job.startedAt ? before.completedAt : job.startedAt;
    path.push({ name: job.name, exclusiveSeconds: (job.completedAt.getTime() - from.getTime()) / 1000 });
    if (!before) break;
    index = previous;
  }
  return path.reverse();
}
