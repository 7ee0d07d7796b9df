import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BuildRunEntity } from './build-run.entity';

/** One job of a run (a GitHub Actions job, or a stage another CI reported); matrix legs share a group. */
@Entity({ schema: 'builds', name: 'stages' })
@Index('stages_run_job', ['runId', 'externalId'], { unique: true })
export class StageEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'bigint' })
  runId: string;

  @ManyToOne(() => BuildRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: BuildRunEntity;

  /** The CI's id of the job (GitHub's `workflow_job.id`; the stage name for REST reports). */
  @Column({ type: 'text' })
  externalId: string;

  /** The job's name as the CI shows it (`test (ubuntu-latest, 20)`). */
  @Column({ type: 'text' })
  name: string;

  /** The job a matrix leg belongs to (`test`); the name itself for other jobs. */
  @Column({ type: 'text' })
  groupName: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', nullable: true })
  conclusion: string | null;

  @Column({ type: 'text', nullable: true })
  runnerName: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  runnerLabels: string[];

  @Column({ type: 'timestamptz', nullable: true })
  createdAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;
}
