import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AdvanceOn, Restriction, RotationUnit } from './schedule.rules';

/** A layer as stored: the rotation's phase anchor as an ISO instant. */
export interface StoredLayer {
  name: string;
  priority: number;
  members: string[][];
  rotation: { handoffTime: string; every: number; unit: RotationUnit; startsAt: string };
  restrictions: Restriction[];
  advanceOn: AdvanceOn;
}

/** An on-call schedule; its definition lives in versions (each effective from an instant), its exceptions in overrides. */
@Entity({ schema: 'runbooks', name: 'schedules' })
export class ScheduleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  name: string;

  /** Services this schedule is on call for (`Service.onCall`, `Incident.onCall`). */
  @Column({ type: 'text', array: true })
  services: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One edit of a schedule: in effect from effectiveFrom until the next version's. Never changed once later ones exist. */
@Entity({ schema: 'runbooks', name: 'schedule_versions' })
@Index('schedule_versions_effective', ['scheduleId', 'effectiveFrom'], { unique: true })
export class ScheduleVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  scheduleId: string;

  @Column({ type: 'timestamptz' })
  effectiveFrom: Date;

  @Column({ type: 'text' })
  timeZone: string;

  @Column({ type: 'jsonb' })
  layers: StoredLayer[];

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Someone on call instead of the layers, for a stretch of time. */
@Entity({ schema: 'runbooks', name: 'schedule_overrides' })
@Index('schedule_overrides_by_schedule', ['scheduleId', 'endsAt'])
export class ScheduleOverrideEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  scheduleId: string;

  @Column({ type: 'text' })
  user: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'text' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
