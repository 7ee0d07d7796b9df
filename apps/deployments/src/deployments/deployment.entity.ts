import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DeploymentEnvironment, DeploymentSource, DeploymentStatus } from './deployment.enums';

/**
 * One deployment of a service version to an environment, reported by CI/CD
 * through the API or by GitHub's webhooks; each report is a row of
 * deployment_sources (one change reported three ways is one deployment).
 */
@Entity({ schema: 'deployments', name: 'deployments' })
@Index('deployments_service_started', ['serviceName', 'startedAt'])
@Index('deployments_finished', ['finishedAt'], { where: '"finished_at" IS NOT NULL' })
@Index('deployments_succeeded_by_service', ['serviceName', 'environment', 'finishedAt'], { where: `"status" = 'SUCCEEDED'` })
@Index('deployments_same_change', ['serviceName', 'environment', 'commitSha', 'startedAt'], { where: '"commit_sha" IS NOT NULL' })
@Index('deployments_run_url', ['githubRunUrl'], { where: '"github_run_url" IS NOT NULL' })
@Index('deployments_rollback_of', ['rollbackOf'], { where: '"rollback_of" IS NOT NULL' })
export class DeploymentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Arrival order: lists page on it. */
  @Column({ type: 'bigint', unique: true })
  @Generated('increment')
  seq: string;

  @Column({ type: 'text' })
  serviceName: string;

  @Column({ type: 'text' })
  version: string;

  @Column({ type: 'enum', enum: DeploymentEnvironment, enumName: 'deployment_environment' })
  environment: DeploymentEnvironment;

  @Column({ type: 'enum', enum: DeploymentStatus, enumName: 'deployment_status' })
  status: DeploymentStatus;

  /** When the current status was reached (GitHub's time for its events): later events win, see mergeStatus. */
  @Column({ type: 'timestamptz' })
  statusAt: Date;

  @Column({ type: 'enum', enum: DeploymentSource, enumName: 'deployment_source' })
  source: DeploymentSource;

  @Column({ type: 'text' })
  deployedBy: string;

  @Column({ type: 'text', nullable: true })
  commitSha: string | null;

  /** When the deployed commit was made; lead time needs it. */
  @Column({ type: 'timestamptz', nullable: true })
  commitAt: Date | null;

  @Column({ type: 'text', nullable: true })
  githubRunUrl: string | null;

  @Column({ type: 'text', nullable: true })
  releaseUrl: string | null;

  /** GitHub `owner/name`, for deployments GitHub reported. */
  @Column({ type: 'text', nullable: true })
  repository: string | null;

  @Column({ type: 'text', nullable: true })
  ref: string | null;

  /** GitHub's own environment name (`production`, `prod-eu`). */
  @Column({ type: 'text', nullable: true })
  githubEnvironment: string | null;

  /** GitHub's last word on it (`success`, `cancelled`, `in_progress`). */
  @Column({ type: 'text', nullable: true })
  githubState: string | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  /** When it reached SUCCEEDED or FAILED (kept when a success is later rolled back). */
  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** For a rollback: the deployment it rolled back. */
  @Column({ type: 'uuid', nullable: true })
  rollbackOf: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
