import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RunbookStep } from '../runbooks/runbook-file.rules';
import { ExecutionStatus, TriggerSource } from './execution.enums';

/** The runbook as it was when an execution started: later syncs never change what was run. */
export interface RunbookSnapshot {
  title: string;
  version: number;
  contentHash: string;
  steps: RunbookStep[];
}

/** One run of a runbook by a person, with its progress step by step. */
@Entity({ schema: 'runbooks', name: 'executions' })
@Index('executions_by_runbook', ['runbookId', 'startedAt'])
@Index('executions_by_incident', ['incidentId'], { where: '"incident_id" IS NOT NULL' })
export class ExecutionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Start order: lists are newest first and page on it. */
  @Column({ type: 'bigint', unique: true })
  @Generated('increment')
  seq: string;

  @Column({ type: 'uuid' })
  runbookId: string;

  @Column({ type: 'jsonb' })
  snapshot: RunbookSnapshot;

  @Column({ type: 'uuid', nullable: true })
  incidentId: string | null;

  @Column({ type: 'text' })
  triggeredBy: string;

  @Column({ type: 'enum', enum: TriggerSource, enumName: 'execution_trigger_source' })
  triggerSource: TriggerSource;

  /** The alert (alerts subgraph) it answered, when started from one. */
  @Column({ type: 'uuid', nullable: true })
  alertId: string | null;

  /** The alert name it answered, when known: success on the same alert name ranks suggestions. */
  @Column({ type: 'text', nullable: true })
  alertName: string | null;

  /** Services it ran for: the one given, else the runbook's; success on the same service ranks suggestions. */
  @Column({ type: 'text', array: true })
  services: string[];

  @Column({ type: 'enum', enum: ExecutionStatus, enumName: 'execution_status' })
  status: ExecutionStatus;

  @Column({ type: 'integer' })
  stepsCompleted: number;

  @Column({ type: 'integer' })
  stepsTotal: number;

  @Column({ type: 'text', nullable: true })
  currentStep: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** When each step was completed: element i is step i + 1's time (ISO). */
  @Column({ type: 'jsonb' })
  stepCompletedAt: string[];

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  finishedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
