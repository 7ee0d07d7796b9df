import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LogisticModel } from './logistic.rules';

/**
 * The failure model of one repository as last trained by the retrain job:
 * its weights (null when there was too little history), the figures of the
 * model and of the last-outcome baseline on the newest runs, and whether it
 * is served.
 */
@Entity({ schema: 'builds', name: 'failure_models' })
export class FailureModelEntity {
  @PrimaryColumn({ type: 'text' })
  repository: string;

  @Column({ type: 'timestamptz' })
  trainedAt: Date;

  @Column({ type: 'boolean' })
  served: boolean;

  @Column({ type: 'text', nullable: true })
  unavailableBecause: string | null;

  /** Feature names, standardisation, weights and bias. */
  @Column({ type: 'jsonb', nullable: true })
  coefficients: ({ features: string[] } & LogisticModel) | null;

  @Column({ type: 'double precision' })
  threshold: number;

  @Column({ type: 'integer' })
  trainingRuns: number;

  @Column({ type: 'integer' })
  evaluationRuns: number;

  @Column({ type: 'integer' })
  evaluationFailures: number;

  @Column({ type: 'double precision', nullable: true })
  precision: number | null;

  @Column({ type: 'double precision', nullable: true })
  recall: number | null;

  @Column({ type: 'double precision', nullable: true })
  f1: number | null;

  @Column({ type: 'double precision', nullable: true })
  auc: number | null;

  @Column({ type: 'double precision', nullable: true })
  baselinePrecision: number | null;

  @Column({ type: 'double precision', nullable: true })
  baselineRecall: number | null;

  @Column({ type: 'double precision', nullable: true })
  baselineF1: number | null;

  @Column({ type: 'double precision', nullable: true })
  baselineAuc: number | null;
}
