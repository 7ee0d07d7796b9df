import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The latest state of each incident, from the incidents domain's events (latest occurredAt wins): events may arrive out of order. */
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
}
