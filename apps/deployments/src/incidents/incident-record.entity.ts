import { Column, Entity, Index } from 'typeorm';

/** MANUAL (a person linked it) is never replaced by an AUTOMATIC attribution. */
export const Attribution = { AUTOMATIC: 'AUTOMATIC', MANUAL: 'MANUAL' } as const;
export type Attribution = (typeof Attribution)[keyof typeof Attribution];

/**
 * What deployments knows of an incident, built from the incidents domain's
 * events (never from its tables), and the deployment it is attributed to.
 */
@Entity({ schema: 'deployments', name: 'incidents' })
@Index('deployments_incidents_open', ['status'], { where: `"status" <> 'RESOLVED'` })
@Index('deployments_incidents_started', ['startedAt'])
@Index('deployments_incidents_deployment', ['deploymentId'], { where: '"deployment_id" IS NOT NULL' })
// GIN for `affected_services @> ARRAY[$1]` (created by the migration: TypeORM cannot declare GIN).
@Index('deployments_incidents_services', { synchronize: false })
@Index('deployments_incidents_resolved', ['resolvedAt'], { where: '"resolved_at" IS NOT NULL' })
export class IncidentRecordEntity {
  @Column({ type: 'uuid', primary: true })
  incidentId: string;

  @Column({ type: 'integer' })
  number: number;

  /** SEV1 … SEV4. */
  @Column({ type: 'text' })
  severity: string;

  /** OPEN … RESOLVED. */
  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  affectedServices: string[];

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** The deployment that caused it, when known. */
  @Column({ type: 'uuid', nullable: true })
  deploymentId: string | null;

  @Column({ type: 'text', nullable: true })
  attribution: Attribution | null;

  /** Who linked it, for a MANUAL attribution. */
  @Column({ type: 'text', nullable: true })
  linkedBy: string | null;

  /** occurredAt of the last event applied (for events without a version; see incident-projection.rules.ts). */
  @Column({ type: 'timestamptz' })
  eventAt: Date;

  /** The incident's version in the last event applied: a lower or equal one arriving late changes nothing. */
  @Column({ type: 'integer', default: 0 })
  version: number;
}
