import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The latest state of each incident, from the incidents domain's events: the highest `version` wins (events arrive
 * out of order, and their occurredAt comes from whichever replica's clock built them).
 */
@Entity({ schema: 'runbooks', name: 'incident_states' })
export class IncidentStateEntity {
  @PrimaryColumn({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'text' })
  severity: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', array: true })
  affectedServices: string[];

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  /** The Alertmanager group of an incident declared from alerts (its group's escalation is handed over to it). */
  @Index('incident_states_alert_group', { where: `"alert_group_key" IS NOT NULL` })
  @Column({ type: 'text', nullable: true })
  alertGroupKey: string | null;

  /** 0, or the highest version that reopened it: escalations start once per opening. */
  @Column({ type: 'integer', default: 0 })
  opening: number;

  /** The incident's version this state is of (bumped by the incidents domain with each change). */
  @Column({ type: 'integer', default: 0 })
  version: number;
}
