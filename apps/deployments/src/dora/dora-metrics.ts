import { DoraLevel, DoraMetric, doraLevel } from './dora-levels';

export type DeploymentStatus = 'SUCCEEDED' | 'FAILED' | 'ROLLED_BACK' | 'PENDING' | 'IN_PROGRESS';

/** What the DORA math needs to know about one deployment; `commitAt` is when the commit it shipped was made, if known. */
export interface DeploymentFact {
  id: string;
  service: string;
  environment: string;
  status: DeploymentStatus;
  startedAt: Date;
  finishedAt: Date | null;
  commitAt: Date | null;
  causedIncident: boolean;
}

/** An incident; `resolvedAt` null = still open. */
export interface IncidentFact {
  id: string;
  startedAt: Date;
  resolvedAt: Date | null;
}

/** A stretch of time, `from` inclusive, `to` exclusive. */
export interface Period {
  from: Date;
  to: Date;
}

export interface DeploymentFrequency {
  /** Finished deployments (succeeded, failed or rolled back) in the period. */
  deployments: number;
  perDay: number;
  /** Distinct UTC days with at least one successful deployment, per 7 days of the period. */
  deploymentDaysPerWeek: number;
}

export interface DoraMetrics {
  deploymentFrequency: DeploymentFrequency;
  /** null when no successful deployment in the period has a usable commit time. */
  leadTimeSeconds: number | null;
  /** A ratio (0.25), null when nothing finished in the period. */
  changeFailureRate: number | null;
  /** null when no incident was resolved in the period. */
  timeToRestoreSeconds: number | null;
  /** The level of each key under DORA_LEVELS; deployment frequency is rated on `perDay`. */
  levels: Record<DoraMetric, DoraLevel | null>;
}

export interface MetricChange {
  /** (current − previous) ÷ previous: 0.12 = "↑ 12 %"; null when either is missing or previous is 0. */
  change: number | null;
  /** Whether the change goes the better way for this metric; false when unchanged, null when `change` is. */
  improved: boolean | null;
}

/**
 * Period-over-period change of each metric. Higher is better for deployment
 * frequency and deployment days; lower is better for lead time, change failure
 * rate and time to restore. The change of a rate is relative too: a change
 * failure rate going from 20 % to 25 % is +25 %, not +5 points.
 */
export interface DoraComparison {
  deploymentsPerDay: MetricChange;
  deploymentDaysPerWeek: MetricChange;
  leadTime: MetricChange;
  changeFailureRate: MetricChange;
  timeToRestore: MetricChange;
}

const DAY_MS = 86_400_000;
const FINISHED: ReadonlySet<DeploymentStatus> = new Set(['SUCCEEDED', 'FAILED', 'ROLLED_BACK']);

/**
 * The middle value, or with an even count the mean of the two middle values
 * (median([1, 2, 3, 10]) = 2.5); null for no values. DORA uses medians
 * because a few stuck deployments would drag a mean far off.
 */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Finished deployments per day in the period (by when they finished), and how many days a week saw a successful one. */
export function deploymentFrequency(deployments: DeploymentFact[], period: Period): DeploymentFrequency {
  const days = periodDays(period);
  const finished = deployments.filter((d) => FINISHED.has(d.status) && finishedIn(d, period));
  const deploymentDays = new Set(finished.flatMap((d) => (d.status === 'SUCCEEDED' && d.finishedAt ? [utcDay(d.finishedAt)] : [])));
  return { deployments: finished.length, perDay: finished.length / days, deploymentDaysPerWeek: deploymentDays.size / (days / 7) };
}

/**
 * Median of finish − commit over successful deployments. One without a commit
 * time cannot be measured and is left out; a negative lead time (commit after
 * finish: clock skew or a re-run of an old pipeline) is dropped as bad data.
 */
export function leadTimeSeconds(deployments: DeploymentFact[]): number | null {
  const leadTimes = deployments.flatMap((d) =>
    d.status === 'SUCCEEDED' && d.finishedAt && d.commitAt ? [secondsBetween(d.commitAt, d.finishedAt)] : [],
  );
  return median(leadTimes.filter((seconds) => seconds >= 0));
}

/**
 * (failed + rolled back + successful ones that caused an incident) ÷ finished
 * deployments. A failed deployment that also caused an incident counts once;
 * pending and in-progress ones have no outcome yet and count nowhere.
 */
export function changeFailureRate(deployments: DeploymentFact[]): number | null {
  const finished = deployments.filter((d) => FINISHED.has(d.status));
  if (finished.length === 0) return null;
  return finished.filter((d) => d.status !== 'SUCCEEDED' || d.causedIncident).length / finished.length;
}

/** Median of resolved − started over resolved incidents; open ones have not been restored, negative durations are bad data. */
export function timeToRestoreSeconds(incidents: IncidentFact[]): number | null {
  const durations = incidents.flatMap((i) => (i.resolvedAt ? [secondsBetween(i.startedAt, i.resolvedAt)] : []));
  return median(durations.filter((seconds) => seconds >= 0));
}

/**
 * The four keys for a period. The caller has already narrowed the facts to a
 * service (or all) and an environment; here deployments count when they
 * finished in the period and incidents when they were resolved in it (a
 * restore belongs to the period it happened in).
 */
export function doraMetrics(deployments: DeploymentFact[], incidents: IncidentFact[], period: Period): DoraMetrics {
  const inPeriod = deployments.filter((d) => finishedIn(d, period));
  const resolved = incidents.filter((i) => i.resolvedAt !== null && within(i.resolvedAt, period));
  const frequency = deploymentFrequency(deployments, period);
  const leadTime = leadTimeSeconds(inPeriod);
  const failureRate = changeFailureRate(inPeriod);
  const restore = timeToRestoreSeconds(resolved);
  return {
    deploymentFrequency: frequency,
    leadTimeSeconds: leadTime,
    changeFailureRate: failureRate,
    timeToRestoreSeconds: restore,
    levels: {
      deploymentFrequency: doraLevel('deploymentFrequency', frequency.perDay),
      leadTime: doraLevel('leadTime', leadTime),
      changeFailureRate: doraLevel('changeFailureRate', failureRate),
      timeToRestore: doraLevel('timeToRestore', restore),
    },
  };
}

/** How each metric moved from the previous period to the current one (see DoraComparison for which way is better). */
export function compareWithPrevious(current: DoraMetrics, previous: DoraMetrics): DoraComparison {
  const cur = current.deploymentFrequency;
  const prev = previous.deploymentFrequency;
  return {
    deploymentsPerDay: metricChange(cur.perDay, prev.perDay, 'HIGHER'),
    deploymentDaysPerWeek: metricChange(cur.deploymentDaysPerWeek, prev.deploymentDaysPerWeek, 'HIGHER'),
    leadTime: metricChange(current.leadTimeSeconds, previous.leadTimeSeconds, 'LOWER'),
    changeFailureRate: metricChange(current.changeFailureRate, previous.changeFailureRate, 'LOWER'),
    timeToRestore: metricChange(current.timeToRestoreSeconds, previous.timeToRestoreSeconds, 'LOWER'),
  };
}

function metricChange(current: number | null, previous: number | null, better: 'HIGHER' | 'LOWER'): MetricChange {
  if (current === null || previous === null || previous === 0) return { change: null, improved: null };
  const change = (current - previous) / previous;
  return { change, improved: better === 'HIGHER' ? change > 0 : change < 0 };
}

function secondsBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 1000;
}

/** The UTC calendar day of an instant, '2026-03-01'. */
function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function finishedIn(d: DeploymentFact, period: Period): boolean {
  return d.finishedAt !== null && within(d.finishedAt, period);
}

function within(at: Date, period: Period): boolean {
  return at.getTime() >= period.from.getTime() && at.getTime() < period.to.getTime();
}

/** Length of the period in days; an empty or backwards one has no rate to divide by. */
function periodDays(period: Period): number {
  const ms = period.to.getTime() - period.from.getTime();
  if (!(ms > 0)) throw new RangeError(`a period must end after it starts: ${period.from.toISOString()} – ${period.to.toISOString()}`);
  return ms / DAY_MS;
}
