import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * One attempt of a CI pipeline run: a GitHub Actions workflow run attempt
 * (source `github`, keyed by its run id and attempt) or a run another CI
 * reported over REST (source `api`). Statuses and conclusions as GitHub
 * spells them.
 */
@Entity({ schema: 'builds', name: 'build_runs' })
@Index('build_runs_source_run_attempt', ['source', 'repository', 'externalId', 'attempt'], { unique: true })
@Index('build_runs_repository_workflow_branch', ['repository', 'workflow', 'branch', 'id'])
@Index('build_runs_commit', ['commitSha'])
@Index('build_runs_repository_completed', ['repository', 'completedAt'])
export class BuildRunEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  /** `github` (Actions webhooks) or `api` (another CI over REST). */
  @Column({ type: 'text' })
  source: string;

  /** `owner/name`. */
  @Column({ type: 'text' })
  repository: string;

  /** The workflow's (pipeline's) name; null until known (a job can arrive before its run). */
  @Column({ type: 'text', nullable: true })
  workflow: string | null;

  /** The CI's own run id (GitHub's `workflow_run.id`). */
  @Column({ type: 'text' })
  externalId: string;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: 'integer', nullable: true })
  runNumber: number | null;

  /** What triggered it (`push`, `pull_request`, …). */
  @Column({ type: 'text', nullable: true })
  event: string | null;

  @Column({ type: 'text', nullable: true })
  branch: string | null;

  @Column({ type: 'text' })
  commitSha: string;

  /** The repository's default branch, when the CI said (GitHub does); flip rates are read on it. */
  @Column({ type: 'text', nullable: true })
  defaultBranch: string | null;

  @Column({ type: 'text', nullable: true })
  actor: string | null;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', nullable: true })
  conclusion: string | null;

  /** When the CI created (queued) the run. */
  @Column({ type: 'timestamptz', nullable: true })
  createdAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  /** Files the run's change touched, when the CI reported it (a failure-prediction feature). */
  @Column({ type: 'integer', nullable: true })
  changedFiles: number | null;

  /** Lines added plus deleted, when the CI reported it. */
  @Column({ type: 'integer', nullable: true })
  changedLines: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
