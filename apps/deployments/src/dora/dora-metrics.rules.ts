import type { DeploymentStatus } from '../deployments/deployment.enums';
import { DoraLevel, DoraMetric, doraLevel } from './dora-levels';
import { addSketch, DurationSketch, medianOf, sketchOf } from './duration-sketch';
import { DAY_MS, utcDay } from './utc-calendar';

/** What the DORA math needs to know about one deployment; `commitAt` is when the commit it shipped was made, if known. */
export interface DeploymentFact {
  id: string;
  service: string;
  environment: string;
  status: DeploymentStatus;
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
  /** Successful deployments in the period (DORA's deployment frequency: failed and rolled-back ones count in change failure rate only). */
  deployments: number;
  perDay: number;
  /** Distinct UTC days with at least one successful deployment, per 7 days of the period. */
  deploymentDaysPerWeek: number;
}

export interface DoraMetrics {
  deploymentFrequency: DeploymentFrequency;
  /** Median; null when no successful deployment in the period has a usable commit time. */
  leadTimeSeconds: number | null;
  /** A ratio (0.25), null when nothing finished in the period. */
  changeFailureRate: number | null;
  /** Median; null when no incident was resolved in the period. */
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

const FINISHED: ReadonlySet<DeploymentStatus> = new Set(['SUCCEEDED', 'FAILED', 'ROLLED_BACK']);

/**
 * What the four keys are computed from, for one day or added up over many:
 * daily rollups store tallies, dashboards add them.
 */
export interface DoraTally {
  /** Deployments that finished (succeeded, failed or rolled back): the change failure rate's denominator. */
  finished: number;
  /** Of those, the ones still SUCCEEDED: deployment frequency. */
  succeeded: number;
  /** Of those: failed, rolled back, or succeeded and caused an incident (each counted once). */
  failures: number;
  /** Distinct UTC days with a successful deployment. */
  deploymentDays: number;
  /** finish − commit of successful deployments with a usable commit time. */
  leadTimes: DurationSketch;
  /** resolved − started of resolved incidents. */
  restoreTimes: DurationSketch;
}

export const emptyTally = (): DoraTally => ({ finished: 0, succeeded: 0, failures: 0, deploymentDays: 0, leadTimes: {}, restoreTimes: {} });

/**
 * The tally of deployments and incidents the caller has narrowed down (to a
 * day, a service, an environment). Every DORA rule about which facts count is
 * here:
 * - pending and in-progress deployments have no outcome yet and count nowhere;
 * - deployment frequency (and deployment days) counts successful deployments
 *   only, as DORA defines it: a failed or rolled-back deployment delivered
 *   nothing and counts in the change failure rate only (ten failures a day
 *   are not an ELITE frequency);
 * - lead time is finish − commit over successful deployments; one without a
 *   commit time cannot be measured and is left out, and a negative one
 *   (commit after finish: clock skew, a re-run of an old pipeline) is dropped
 *   as bad data;
 * - a failure is a failed or rolled-back deployment, or a successful one that
 *   caused an incident; a failed one that also caused an incident counts once;
 * - time to restore is resolved − started over resolved incidents; open ones
 *   have not been restored, and negative durations are bad data.
 */
export function tallyOf(deployments: DeploymentFact[], incidents: IncidentFact[]): DoraTally {
  const finished = deployments.filter((d) => FINISHED.has(d.status) && d.finishedAt !== null);
  const succeeded = finished.filter((d) => d.status === 'SUCCEEDED');
  const leadTimes = succeeded.flatMap((d) => (d.commitAt ? [secondsBetween(d.commitAt, d.finishedAt!)] : []));
  const restoreTimes = incidents.flatMap((i) => (i.resolvedAt ? [secondsBetween(i.startedAt, i.resolvedAt)] : []));
  return {
    finished: finished.length,
    succeeded: succeeded.length,
    failures: finished.filter((d) => d.status !== 'SUCCEEDED' || d.causedIncident).length,
    deploymentDays: new Set(succeeded.map((d) => utcDay(d.finishedAt!))).size,
    leadTimes: sketchOf(leadTimes.filter((seconds) => seconds >= 0)),
    restoreTimes: sketchOf(restoreTimes.filter((seconds) => seconds >= 0)),
  };
}

/**
 * Tallies of distinct days added up (of one service, or of ALL_SERVICES: adding
 * services would count a day two services deployed on twice, and an incident
 * on two services twice).
 */
export function addTallies(tallies: Iterable<DoraTally>): DoraTally {
  const sum = emptyTally();
  for (const tally of tallies) {
    sum.finished += tally.finished;
    sum.succeeded += tally.succeeded;
    sum.failures += tally.failures;
    sum.deploymentDays += tally.deploymentDays;
    addSketch(sum.leadTimes, tally.leadTimes);
    addSketch(sum.restoreTimes, tally.restoreTimes);
  }
  return sum;
}

/**
 * The four keys of a period from its tally: successful deployments per day and
 * deployment days per week over the period's length, the median lead time and
 * time to restore (within SKETCH_ACCURACY), the change failure rate (null when
 * nothing finished), and the level of each (deployment frequency is rated on
 * deployments per day). A median within 1 % of a level's threshold may be
 * rated on either side of it (a lead time of exactly one hour reads 3,605 s:
 * HIGH, not ELITE).
 */
export function metricsOf(tally: DoraTally, period: Period): DoraMetrics {
  const days = periodDays(period);
  const perDay = tally.succeeded / days;
  const leadTime = medianOf(tally.leadTimes);
  const failureRate = tally.finished === 0 ? null : tally.failures / tally.finished;
  const restore = medianOf(tally.restoreTimes);
  return {
    deploymentFrequency: { deployments: tally.succeeded, perDay, deploymentDaysPerWeek: tally.deploymentDays / (days / 7) },
    leadTimeSeconds: leadTime,
    changeFailureRate: failureRate,
    timeToRestoreSeconds: restore,
    levels: {
      deploymentFrequency: doraLevel('deploymentFrequency', perDay),
      leadTime: doraLevel('leadTime', leadTime),
      changeFailureRate: doraLevel('changeFailureRate', failureRate),
      timeToRestore: doraLevel('timeToRestore', restore),
    },
  };
}

/**
 * The four keys for a period straight from facts the caller has narrowed to
 * a service (or all) and an environment: deployments count when they
 * finished in the period, incidents when they were resolved in it (a restore
 * belongs to the period it happened in).
 */
export function doraMetrics(deployments: DeploymentFact[], incidents: IncidentFact[], period: Period): DoraMetrics {
  const inPeriod = deployments.filter((d) => d.finishedAt !== null && within(d.finishedAt, period));
  const resolved = incidents.filter((i) => i.resolvedAt !== null && within(i.resolvedAt, period));
  return metricsOf(tallyOf(inPeriod, resolved), period);
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


function within(at: Date, period: Period): boolean {
  return at.getTime() >= period.from.getTime() && at.getTime() < period.to.getTime();
}

/** Length of the period in days; an empty or backwards one has no rate to divide by. */
function periodDays(period: Period): number {
  const ms = period.to.getTime() - period.from.getTime();
  if (!(ms > 0)) throw new RangeError(`a period must end after it starts: ${period.from.toISOString()} – ${period.to.toISOString()}`);
  return ms / DAY_MS;
}
