import { DomainError } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeploymentEnvironment } from '../deployments/deployment.enums';
import { DeploymentError } from '../deployments/deployment.errors';
import { ALL_SERVICES } from '../rollups/daily-rollup.entity';
import { RollupRow, tallyOfRow } from '../rollups/rollups.service';
import { addTallies, compareWithPrevious, DoraMetrics as Metrics, DoraTally, metricsOf, Period } from './dora-metrics.rules';
import { DoraGranularity, DoraLevelName, DoraMetrics, DoraSnapshot } from './dora.model';
import { bucketsOf, previousPeriod } from './granularity';
import { DAY_MS, isUtcMonthStart, nextUtcMonth, startOfUtcDay, utcDay } from './utc-calendar';

/** Longest period one query may cover (with the previous one, six years of rollups). */
const MAX_PERIOD_DAYS = 3 * 366;

export interface DoraQuery {
  serviceName: string | null;
  environment: DeploymentEnvironment;
  from?: Date;
  to?: Date;
  granularity: DoraGranularity;
}

/**
 * DORA metrics read from the daily rollups: at most a row per day of the
 * period and of the period before, however many deployments there were.
 * Periods are whole UTC days, since rollups are.
 */
@Injectable()
export class DoraService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async metrics(query: DoraQuery, now = new Date()): Promise<DoraMetrics> {
    const period = periodOf(query, now);
    const previous = previousPeriod(period);
    const buckets = bucketsOf(period, query.granularity, 'UTC');
    const source = await this.rollups(query.serviceName ?? ALL_SERVICES, query.environment, [previous, ...buckets]);
    const series = buckets.map((bucket) => source.tally(bucket));
    // The buckets cut the period exactly, so the period's tally is theirs added up.
    const current = metricsOf(addTallies(series), period);
    const before = metricsOf(source.tally(previous), previous);
    return {
      serviceName: query.serviceName,
      environment: query.environment,
      granularity: query.granularity,
      summary: toSnapshot(period, current),
      previous: toSnapshot(previous, before),
      change: compareWithPrevious(current, before),
      series: buckets.map((bucket, i) => toSnapshot(bucket, metricsOf(series[i], bucket))),
    };
  }

  /**
   * The rollups that add up to each of `periods`: the monthly rollup of every
   * calendar month one of them covers whole, daily rollups for the rest.
   */
  private async rollups(serviceName: string, environment: string, periods: Period[]): Promise<RollupSource> {
    const whole = new Set(periods.flatMap(wholeMonthsOf));
    const from = new Date(Math.min(...periods.map((p) => p.from.getTime())));
    const to = new Date(Math.max(...periods.map((p) => p.to.getTime())));
    const months = [...whole].map(utcDay);
    const [monthRows, dayRows]: (RollupRow & { date: string })[][] = await Promise.all([
      months.length
        ? this.dataSource.query(
            `SELECT to_char(month, 'YYYY-MM-DD') AS date, ${COLUMNS} FROM deployments.monthly_rollups
              WHERE service_name = $1 AND environment = $2 AND month = ANY($3::date[])`,
            [serviceName, environment, months],
          )
        : [],
      this.dataSource.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS date, ${COLUMNS} FROM deployments.daily_rollups
          WHERE service_name = $1 AND environment = $2 AND day >= $3::date AND day < $4::date
            AND NOT date_trunc('month', day)::date = ANY($5::date[])`,
        [serviceName, environment, utcDay(from), utcDay(to), months],
      ),
    ]);
    return new RollupSource(byDate(monthRows), byDate(dayRows));
  }
}

const COLUMNS = 'finished, succeeded, failures, deployment_days, lead_times, restore_times';

/** Rollups by the start of their day or month (ms). */
function byDate(rows: (RollupRow & { date: string })[]): Map<number, DoraTally> {
  return new Map(rows.map((row) => [Date.parse(`${row.date}T00:00:00Z`), tallyOfRow(row)]));
}

class RollupSource {
  constructor(
    private readonly months: Map<number, DoraTally>,
    private readonly days: Map<number, DoraTally>,
  ) {}

  /** The tally of a period: whole months from their monthly rollup, other days from their daily one. */
  tally(period: Period): DoraTally {
    const parts: DoraTally[] = [];
    const end = period.to.getTime();
    for (let at = period.from.getTime(); at < end; ) {
      const monthEnd = nextUtcMonth(at);
      if (isUtcMonthStart(at) && monthEnd <= end) {
        const month = this.months.get(at);
        if (month) parts.push(month);
        at = monthEnd;
      } else {
        const day = this.days.get(at);
        if (day) parts.push(day);
        at += DAY_MS;
      }
    }
    return addTallies(parts);
  }
}

/** Starts (ms) of the calendar months lying whole inside the period. */
function wholeMonthsOf(period: Period): number[] {
  const starts: number[] = [];
  let at = isUtcMonthStart(period.from) ? period.from.getTime() : nextUtcMonth(period.from);
  for (; nextUtcMonth(at) <= period.to.getTime(); at = nextUtcMonth(at)) starts.push(at);
  return starts;
}


function toSnapshot(period: Period, metrics: Metrics): DoraSnapshot {
  return {
    from: period.from,
    to: period.to,
    deployments: metrics.deploymentFrequency.deployments,
    deploymentsPerDay: metrics.deploymentFrequency.perDay,
    deploymentDaysPerWeek: metrics.deploymentFrequency.deploymentDaysPerWeek,
    leadTimeSeconds: metrics.leadTimeSeconds,
    changeFailureRate: metrics.changeFailureRate,
    timeToRestoreSeconds: metrics.timeToRestoreSeconds,
    levels: metrics.levels as Record<keyof Metrics['levels'], DoraLevelName | null>,
  };
}

/** The query's period, checked: whole UTC days, from before to, not longer than MAX_PERIOD_DAYS. */
export function periodOf(query: Pick<DoraQuery, 'from' | 'to'>, now: Date): Period {
  const to = query.to ?? new Date(startOfUtcDay(now) + DAY_MS);
  const from = query.from ?? new Date(to.getTime() - 30 * DAY_MS);
  for (const [name, at] of [['from', from], ['to', to]] as const) {
    if (at.getTime() % DAY_MS !== 0) {
      throw new DomainError(DeploymentError.InvalidPeriod, `${name} ${at.toISOString()} is not a UTC midnight: DORA periods are whole UTC days (e.g. 2026-11-01T00:00:00Z)`);
    }
  }
  if (!(to > from)) throw new DomainError(DeploymentError.InvalidPeriod, `from ${from.toISOString()} must be before to ${to.toISOString()}`);
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw new DomainError(DeploymentError.InvalidPeriod, `a DORA period may cover at most ${MAX_PERIOD_DAYS} days`);
  }
  return { from, to };
}
