import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What the knowledge domain knows of an incident, kept from the incidents
 * domain's lifecycle events (never read from its schema): enough to check a
 * postmortem's incident and to pre-fill its draft.
 */
@Entity({ schema: 'knowledge', name: 'incidents' })
// GIN indexes for the copilot's search (written by hand in the migration: TypeORM cannot declare GIN).
@Index('knowledge_incidents_search', { synchronize: false })
@Index('knowledge_incidents_services', { synchronize: false })
export class IncidentRecordEntity {
  @PrimaryColumn({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'integer' })
  number: number;

  /** Null for events recorded before the payload carried the title. */
  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'text' })
  severity: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  affectedServices: string[];

  @Column({ type: 'boolean', default: false })
  customerImpact: boolean;

  @Column({ type: 'text', nullable: true })
  impactDescription: string | null;

  @Column({ type: 'text', nullable: true })
  commander: string | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  /** The first event that showed it MONITORING (mitigated, being watched). */
  @Column({ type: 'timestamptz', nullable: true })
  mitigatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  /** Full-text document (title, impact, services, its postmortem's title, root cause, factors, trigger), kept by CopilotService. */
  @Column({ type: 'tsvector', nullable: true, select: false })
  search: string | null;

  /** occurredAt of the last event applied. */
  @Column({ type: 'timestamptz' })
  eventAt: Date;

  /**
   * The incident's version this record holds (bumped by the incidents domain with each change; 0 before the first
   * event): the highest wins, never the latest occurredAt (replicas' clocks drift); an older one only fills gaps.
   */
  @Column({ type: 'integer', default: 0 })
  version: number;
}
