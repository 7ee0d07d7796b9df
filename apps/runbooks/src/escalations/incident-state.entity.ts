import { Column, Entity, PrimaryColumn } from 'typeorm';

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

  /** The incident's version this state is of (bumped by the incidents domain with each change). */
  @Column({ type: 'integer', default: 0 })
  version: number;
}
