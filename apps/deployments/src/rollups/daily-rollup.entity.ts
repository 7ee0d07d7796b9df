import { Column, CreateDateColumn, Entity } from 'typeorm';
import type { DurationSketch } from '../dora/duration-sketch';

/** Service name of the rows that cover every service at once (an incident on two services counts once there). */
export const ALL_SERVICES = '*';

/** The DORA tally columns, for a service (or ALL_SERVICES) and an environment over a day or a month. */
export abstract class RollupRecord {
  @Column({ type: 'text', primary: true })
  serviceName: string;

  @Column({ type: 'text', primary: true })
  environment: string;

  /** Deployments that finished (succeeded, failed or since rolled back). */
  @Column({ type: 'integer' })
  finished: number;

  /** Of those, the ones that succeeded (and were not rolled back): deployment frequency counts these only. */
  @Column({ type: 'integer', default: 0 })
  succeeded: number;

  /** Of those, failed, rolled back, or succeeded and then caused an incident. */
  @Column({ type: 'integer' })
  failures: number;

  /** Days with a successful deployment (0 or 1 for a day). */
  @Column({ type: 'integer' })
  deploymentDays: number;

  @Column({ type: 'jsonb' })
  leadTimes: DurationSketch;

  /** Incidents resolved (production rows only). */
  @Column({ type: 'jsonb' })
  restoreTimes: DurationSketch;
}

/**
 * The DORA tally of one UTC day: dashboards add up rollups instead of
 * reading every deployment. Rebuilt from the deployments and incidents
 * tables by the same code, incrementally (dirty days) or from scratch.
 */
@Entity({ schema: 'deployments', name: 'daily_rollups' })
export class DailyRollupEntity extends RollupRecord {
  @Column({ type: 'date', primary: true })
  day: string;
}

/**
 * The same tally for a calendar month (UTC), the sum of its days: a year by
 * month reads a dozen of these instead of 365 days.
 */
@Entity({ schema: 'deployments', name: 'monthly_rollups' })
export class MonthlyRollupEntity extends RollupRecord {
  /** The first day of the month. */
  @Column({ type: 'date', primary: true })
  month: string;
}

/** Days whose rollups are out of date; the refresh job recomputes and removes them. */
@Entity({ schema: 'deployments', name: 'rollup_dirty_days' })
export class RollupDirtyDayEntity {
  @Column({ type: 'date', primary: true })
  day: string;

  @CreateDateColumn({ type: 'timestamptz' })
  markedAt: Date;
}
