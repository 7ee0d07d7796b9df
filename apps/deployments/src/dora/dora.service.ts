import { DomainError } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeploymentEnvironment } from '../deployments/deployment.enums';
import { DeploymentError } from '../deployments/deployment.errors';
import { ALL_SERVICES } from '../rollups/daily-rollup.entity';
import { addTallies, compareWithPrevious, DoraMetrics as Metrics, DoraTally, metricsOf, Period } from './dora-metrics';
import { DoraGranularity, DoraLevelName, DoraMetrics, DoraSnapshot } from './dora.model';
import { bucketsOf, previousPeriod } from './granularity';

const DAY_MS = 86_400_000;
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
    const days = await this.dailyTallies(query.serviceName ?? ALL_SERVICES, query.environment, previous.from, period.to);
    const metricsIn = (p: Period) => metricsOf(addTallies(tallies(days, p)), p);
    const current = metricsIn(period);
    const before = metricsIn(previous);
    return {
      serviceName: query.serviceName,
      environment: query.environment,
      granularity: query.granularity,
      summary: toSnapshot(period, current),
      previous: toSnapshot(previous, before),
      change: compareWithPrevious(current, before),
      series: bucketsOf(period, query.granularity, 'UTC').map((bucket) => toSnapshot(bucket, metricsIn(bucket))),
    };
  }

  /** The rollup of each day in [from, to) that has one, by day start (ms). */
  private async dailyTallies(serviceName: string, environment: string, from: Date, to: Date): Promise<Map<number, DoraTally>> {
    const rows: { day: string; finished: number; failures: number; deployment_days: number; lead_times: DoraTally['leadTimes']; restore_times: DoraTally['restoreTimes'] }[] =
      await this.dataSource.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, finished, failures, deployment_days, lead_times, restore_times
           FROM deployments.daily_rollups
          WHERE service_name = $1 AND environment = $2 AND day >= $3::date AND day < $4::date`,
        [serviceName, environment, from.toISOString().slice(0, 10), to.toISOString().slice(0, 10)],
      );
    return new Map(
      rows.map((row) => [
        Date.parse(`${row.day}T00:00:00Z`),
        { finished: row.finished, failures: row.failures, deploymentDays: row.deployment_days, leadTimes: row.lead_times, restoreTimes: row.restore_times },
      ]),
    );
  }
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

function* tallies(days: Map<number, DoraTally>, period: Period): Iterable<DoraTally> {
  for (let day = period.from.getTime(); day < period.to.getTime(); day += DAY_MS) {
    const tally = days.get(day);
    if (tally) yield tally;
  }
}

/** The query's period, checked: whole UTC days, from before to, not longer than MAX_PERIOD_DAYS. */
export function periodOf(query: Pick<DoraQuery, 'from' | 'to'>, now: Date): Period {
  const to = query.to ?? new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);
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
