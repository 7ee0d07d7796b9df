export type DoraMetric = 'deploymentFrequency' | 'leadTime' | 'changeFailureRate' | 'timeToRestore';
export type DoraLevel = 'ELITE' | 'HIGH' | 'MEDIUM' | 'LOW';

export interface DoraBand {
  /** Where the level is reached, inclusive: at least this when higher is better, at most this when lower is; null for LOW (the rest). */
  threshold: number | null;
  /** The report's own words for the band. */
  report: string;
}

export interface DoraLevelTable {
  unit: 'deployments per day' | 'seconds' | 'ratio';
  better: 'HIGHER' | 'LOWER';
  bands: Record<DoraLevel, DoraBand>;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** A month is 30 days and six months 180 for these thresholds; the report gives words, not numbers. */
const MONTH = 30 * DAY;
const SIX_MONTHS = 6 * MONTH;

/**
 * The software delivery performance levels of the Accelerate State of DevOps
 * Report 2021 (DORA, Google Cloud; chapter "How do we compare?",
 * https://cloud.google.com/resources/state-of-devops), the last report with
 * elite, high, medium and low for all four keys (2022 dropped elite). The
 * `report` strings are the report's table verbatim.
 *
 * The bands have gaps and overlaps, so these rules turn them into thresholds:
 * - a level is reached at the worse edge of its band, and the edge belongs to
 *   the better level (a lead time of exactly one hour is ELITE, although the
 *   report says "less than one hour");
 * - a value in a gap between two bands gets the worse of the two (a lead time
 *   of five hours, between "less than one hour" and "between one day and one
 *   week", is HIGH; a restore time of a month, between "one day and one week"
 *   and "more than six months", is LOW);
 * - where bands overlap, the better level wins: the report gives high, medium
 *   and low all "16%-30%" change failure rate, so above 15 % up to 30 % is HIGH, MEDIUM is
 *   never reached on that key, and above 30 % (no band) is LOW;
 * - "on-demand (multiple deploys per day)" is read as at least one deployment
 *   a day on average over the period; the band from once a day to once a week
 *   (which 2021 does not name) falls to HIGH by the gap rule.
 */
export const DORA_LEVELS: Readonly<Record<DoraMetric, DoraLevelTable>> = {
  deploymentFrequency: {
    unit: 'deployments per day',
    better: 'HIGHER',
    bands: {
      ELITE: { threshold: 1, report: 'On-demand (multiple deploys per day)' },
      HIGH: { threshold: DAY / MONTH, report: 'Between once per week and once per month' },
      MEDIUM: { threshold: DAY / SIX_MONTHS, report: 'Between once per month and once every 6 months' },
      LOW: { threshold: null, report: 'Fewer than once per six months' },
    },
  },
  leadTime: {
    unit: 'seconds',
    better: 'LOWER',
    bands: {
      ELITE: { threshold: HOUR, report: 'Less than one hour' },
      HIGH: { threshold: WEEK, report: 'Between one day and one week' },
      MEDIUM: { threshold: SIX_MONTHS, report: 'Between one month and six months' },
      LOW: { threshold: null, report: 'More than six months' },
    },
  },
  changeFailureRate: {
    unit: 'ratio',
    better: 'LOWER',
    bands: {
      ELITE: { threshold: 0.15, report: '0%-15%' },
      HIGH: { threshold: 0.3, report: '16%-30%' },
      MEDIUM: { threshold: 0.3, report: '16%-30%' },
      LOW: { threshold: null, report: '16%-30%' },
    },
  },
  timeToRestore: {
    unit: 'seconds',
    better: 'LOWER',
    bands: {
      ELITE: { threshold: HOUR, report: 'Less than one hour' },
      HIGH: { threshold: DAY, report: 'Less than one day' },
      MEDIUM: { threshold: WEEK, report: 'Between one day and one week' },
      LOW: { threshold: null, report: 'More than six months' },
    },
  },
};

const BEST_FIRST: readonly DoraLevel[] = ['ELITE', 'HIGH', 'MEDIUM', 'LOW'];

/** The level a value reaches under DORA_LEVELS, in the table's unit; null when there is no value (nothing to measure). */
export function doraLevel(metric: DoraMetric, value: number | null): DoraLevel | null {
  if (value === null) return null;
  const { better, bands } = DORA_LEVELS[metric];
  return (
    BEST_FIRST.find((level) => {
      const threshold = bands[level].threshold;
      return threshold === null || (better === 'HIGHER' ? value >= threshold : value <= threshold);
    }) ?? 'LOW'
  );
}
