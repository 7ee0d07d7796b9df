import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { EscalationLevel, PolicySnapshot } from './escalation.rules';

/** Who gets paged, in which order, for the incidents of some services. */
@Entity({ schema: 'runbooks', name: 'escalation_policies' })
export class EscalationPolicyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  name: string;

  @Column({ type: 'jsonb' })
  levels: EscalationLevel[];

  @Column({ type: 'integer' })
  repeat: number;

  @Column({ type: 'text', array: true })
  services: string[];

  /** Where this policy's pages go (a Slack-compatible webhook); NOTIFY_WEBHOOK_URL when null. */
  @Column({ type: 'text', nullable: true })
  webhookUrl: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A policy running for an incident, on a snapshot of the policy taken when it started. */
@Entity({ schema: 'runbooks', name: 'escalations' })
@Index('escalations_incident_policy', ['incidentId', 'policyId'], { unique: true })
export class EscalationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'uuid' })
  policyId: string;

  @Column({ type: 'jsonb' })
  policy: PolicySnapshot;

  /** What the incident said when it started: title, severity, services (for the pages). */
  @Column({ type: 'text', nullable: true })
  incidentTitle: string | null;

  @Column({ type: 'text' })
  severity: string;

  @Column({ type: 'text', array: true })
  services: string[];

  /** ACTIVE, STOPPED (acknowledged or resolved) or EXHAUSTED (every level and repeat done). */
  @Column({ type: 'text' })
  status: 'ACTIVE' | 'STOPPED' | 'EXHAUSTED';

  @Column({ type: 'text', nullable: true })
  stopReason: string | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;
}

/** One page: a person, a channel, a step of an escalation; its outcome once known. */
@Entity({ schema: 'runbooks', name: 'pages' })
@Index('pages_identity', ['escalationId', 'round', 'level', 'target', 'channel'], { unique: true })
export class PageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  escalationId: string;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'integer' })
  level: number;

  @Column({ type: 'text' })
  target: string;

  /** `webhook` or `pagerduty`. */
  @Column({ type: 'text' })
  channel: string;

  /** PENDING until SENT, or FAILED once every retry failed. */
  @Column({ type: 'text' })
  outcome: 'PENDING' | 'SENT' | 'FAILED';

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
