import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The critical alerts of each Alertmanager group, from the alerts domain's events: an escalation a critical alert
 * started for its group (no incident yet) stops once every alert of the group has resolved.
 */
@Entity({ schema: 'runbooks', name: 'alert_group_alerts' })
export class AlertGroupAlertEntity {
  @PrimaryColumn({ type: 'uuid' })
  alertId: string;

  @Index('alert_group_alerts_group')
  @Column({ type: 'text' })
  groupKey: string;

  /** Null while it fires. */
  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
