import { Column, CreateDateColumn, Entity } from 'typeorm';
import type { DurationSketch } from '../dora/duration-sketch';

/** Service name of the rows that cover every service at once (an incident on two services counts once there). */
export const ALL_SERVICES = '*';

/**
 * The DORA tally of one UTC day for a service (or ALL_SERVICES) and an
 * environment: dashboards add up days instead of reading every deployment.
 * Rebuilt from the deployments and incidents tables by the same code,
 * incrementally (dirty days) or from scratch.
 */
@Entity({ schema: 'deployments', name: 'daily_rollups' })
export class DailyRollupEntity {
  @Column({ type: 'text', primary: true })
  serviceName: string;

  @Column({ type: 'text', primary: true })
  environment: string;

  @Column({ type: 'date', primary: true })
  day: string;

  /** Deployments that finished that day (succeeded, failed or since rolled back). */
  @Column({ type: 'integer' })
  finished: number;

  /** Of those, failed, rolled back, or succeeded and then caused an incident. */
  @Column({ type: 'integer' })
  failures: number;

  /** 1 when a deployment succeeded that day. */
  @Column({ type: 'integer' })
  deploymentDays: number;

  @Column({ type: 'jsonb' })
  leadTimes: DurationSketch;

  /** Incidents resolved that day (production rows only). */
  @Column({ type: 'jsonb' })
  restoreTimes: DurationSketch;
}

/**
 * The same tally for a calendar month (UTC), the sum of its days: a year by
 * month reads a dozen of these instead of 365 days.
 */
@Entity({ schema: 'deployments', name: 'monthly_rollups' })
export class MonthlyRollupEntity {
  @Column({ type: 'text', primary: true })
  serviceName: string;

  @Column({ type: 'text', primary: true })
  environment: string;

  /** The first day of the month. */
  @Column({ type: 'date', primary: true })
  month: string;

  @Column({ type: 'integer' })
  finished: number;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ type: 'integer' })
  deploymentDays: number;

  @Column({ type: 'jsonb' })
  leadTimes: DurationSketch;

  @Column({ type: 'jsonb' })
  restoreTimes: DurationSketch;
}

/** Days whose rollups are out of date; the refresh job recomputes and removes them. */
@Entity({ schema: 'deployments', name: 'rollup_dirty_days' })
export class RollupDirtyDayEntity {
  @Column({ type: 'date', primary: true })
  day: string;

  @CreateDateColumn({ type: 'timestamptz' })
  markedAt: Date;
}
