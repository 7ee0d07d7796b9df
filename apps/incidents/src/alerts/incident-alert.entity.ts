import { Column, Entity, Index } from 'typeorm';

/**
 * What the incidents domain knows of an alert (the alerts domain owns the
 * alert itself): which incident it is attached to and whether it resolved.
 * A resolution may arrive before the attachment; the row then waits for it.
 */
@Entity({ schema: 'incidents', name: 'incident_alerts' })
@Index('incident_alerts_incident', ['incidentId'])
export class IncidentAlertEntity {
  @Column({ type: 'uuid', primary: true })
  alertId: string;

  @Column({ type: 'uuid', nullable: true })
  incidentId: string | null;

  @Column({ type: 'text' })
  alertName: string;

  @Column({ type: 'timestamptz', nullable: true })
  attachedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
