import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A successful production deployment, from the deployments domain's events (never from its schema): what makes a runbook stale. */
@Entity({ schema: 'runbooks', name: 'production_deployments' })
@Index('production_deployments_by_service', ['serviceName', 'finishedAt'])
export class ProductionDeploymentEntity {
  @PrimaryColumn({ type: 'uuid' })
  deploymentId: string;

  @Column({ type: 'text' })
  serviceName: string;

  @Column({ type: 'timestamptz' })
  finishedAt: Date;
}
