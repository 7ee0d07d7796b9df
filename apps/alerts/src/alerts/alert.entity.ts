import { Column, Entity, Generated, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AlertSeverity, AlertStatus } from './alert.enums';

/**
 * One firing of an alert. Alertmanager's identity: the same fingerprint with
 * the same startsAt is the same alert (a repeat notification updates it); a
 * new startsAt after resolution is a new firing, and a new row.
 *
 * Partitioned by month of startsAt (migration PartitionAlertsByMonth; the
 * partitions are kept by AlertPartitionsService), so every key includes
 * starts_at: the primary key is (id, startsAt), and seq has a plain index.
 */
@Entity({ schema: 'alerts', name: 'alerts' })
@Index('alerts_identity', ['fingerprint', 'startsAt'], { unique: true })
@Index('alerts_seq', ['seq'])
@Index('alerts_open_by_service', ['service'], { where: `"status" <> 'RESOLVED'` })
// Firing alerts are few among the history: `firingAlerts` and the `firing` filter read this instead of the table.
@Index('alerts_firing', ['severity', 'startsAt'], { where: `"status" IN ('FIRING', 'SILENCED')` })
@Index('alerts_incident', ['incidentId'], { where: '"incident_id" IS NOT NULL' })
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Arrival order: lists are newest first and page on it (one sequence, so unique without a unique index). */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  /** Alertmanager's fingerprint of the label set (16 hex digits). */
  @Column({ type: 'text' })
  fingerprint: string;

  @Column({ type: 'text' })
  alertName: string;

  @Column({ type: 'enum', enum: AlertSeverity, enumName: 'alert_severity' })
  severity: AlertSeverity;

  @Column({ type: 'enum', enum: AlertStatus, enumName: 'alert_status' })
  status: AlertStatus;

  /** From the `service` label, else `job`. */
  @Column({ type: 'text', nullable: true })
  service: string | null;

  @Column({ type: 'jsonb' })
  labels: Record<string, string>;

  @Column({ type: 'jsonb' })
  annotations: Record<string, string>;

  /** The partition key (by month). */
  @PrimaryColumn({ type: 'timestamptz' })
  startsAt: Date;

  /** When Alertmanager says it ended; null while firing. */
  @Column({ type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({ type: 'text', nullable: true })
  generatorUrl: string | null;

  /** Alertmanager's group key of the last notification that carried the alert. */
  @Column({ type: 'text' })
  groupKey: string;

  @Column({ type: 'timestamptz' })
  firstReceivedAt: Date;

  @Column({ type: 'timestamptz' })
  lastReceivedAt: Date;

  /** How many notifications carried this alert. */
  @Column({ type: 'integer', default: 1 })
  receiveCount: number;

  @Column({ type: 'text', nullable: true })
  acknowledgedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  silencedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** Who resolved it: `alertmanager` or the person who resolved it by hand. */
  @Column({ type: 'text', nullable: true })
  resolvedBy: string | null;

  /** The incident (incidents domain) this alert belongs to. */
  @Column({ type: 'uuid', nullable: true })
  incidentId: string | null;
}
