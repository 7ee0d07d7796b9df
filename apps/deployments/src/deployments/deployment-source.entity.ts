import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DeploymentSourceKind } from './deployment.enums';

/**
 * One report of a deployment: the GitHub deployment, the workflow run or the
 * API call that told of it. The same change reported by several of them is
 * one deployment with several sources; `key` makes a repeat of one report
 * land on the same deployment (`github-deployment:<id>`, `github-run:<id>`,
 * `api:<idempotency key>`; null for an API call without a key).
 */
@Entity({ schema: 'deployments', name: 'deployment_sources' })
@Index('deployment_sources_key', ['key'], { unique: true, where: '"key" IS NOT NULL' })
@Index('deployment_sources_deployment', ['deploymentId'])
export class DeploymentSourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  deploymentId: string;

  @Column({ type: 'enum', enum: DeploymentSourceKind, enumName: 'deployment_source_kind' })
  kind: DeploymentSourceKind;

  /** The GitHub deployment id, the run id, or the API idempotency key. */
  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ type: 'text', nullable: true })
  key: string | null;

  /** Where to see it: the run's page, the deployment's status page, the release. */
  @Column({ type: 'text', nullable: true })
  url: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  reportedAt: Date;
}
