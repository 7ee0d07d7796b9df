import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { IncidentSeverity, IncidentSource, IncidentStatus } from './incident.enums';

@Entity({ schema: 'incidents', name: 'incidents' })
@Index('incidents_github_issue_key', ['githubIssueId'], { unique: true, where: '"github_issue_id" IS NOT NULL' })
// GIN, which serves `affected_services @> ARRAY[$1]` and `&&` (a btree does not); TypeORM cannot declare GIN, so the
// migration creates it and generation leaves it alone (synchronize: false).
@Index('incidents_affected_services', { synchronize: false })
@Index('incidents_open_alert_group', ['alertGroupKey'], { where: `"status" <> 'RESOLVED' AND "alert_group_key" IS NOT NULL` })
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The human number shown as INC-42. */
  @Column({ type: 'integer', unique: true })
  @Generated('increment')
  number: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'enum', enum: IncidentSeverity, enumName: 'incident_severity' })
  severity: IncidentSeverity;

  @Column({ type: 'enum', enum: IncidentStatus, enumName: 'incident_status', default: IncidentStatus.OPEN })
  status: IncidentStatus;

  @Column({ type: 'text', nullable: true })
  commander: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  affectedServices: string[];

  @Column({ type: 'boolean', default: false })
  customerImpact: boolean;

  @Column({ type: 'text', nullable: true })
  impactDescription: string | null;

  @Column({ type: 'enum', enum: IncidentSource, enumName: 'incident_source' })
  source: IncidentSource;

  @Column({ type: 'bigint', nullable: true })
  githubIssueId: string | null;

  @Column({ type: 'text', nullable: true })
  githubRepository: string | null;

  @Column({ type: 'integer', nullable: true })
  githubIssueNumber: number | null;

  @Column({ type: 'text', nullable: true })
  githubIssueUrl: string | null;

  /** For incidents declared from alerts: the Alertmanager group whose critical alerts it collects. */
  @Column({ type: 'text', nullable: true })
  alertGroupKey: string | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  /**
   * Bumped by one in the transaction of every change, and carried in every
   * incident event: consumers keep the state of the highest version, never the
   * latest wall clock (replicas' clocks drift).
   */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
