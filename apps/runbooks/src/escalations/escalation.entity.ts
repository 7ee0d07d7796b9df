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

/**
 * A policy running for an incident, or for an Alertmanager group with a critical alert and no incident yet (the
 * group's incident adopts it when declared), on a snapshot of the policy taken when it started.
 */
@Entity({ schema: 'runbooks', name: 'escalations' })
// Once per incident, policy and opening (declared: 0; reopened: the version that reopened it), so a reopened incident pages again.
@Index('escalations_incident_policy_opening', ['incidentId', 'policyId', 'opening'], { unique: true })
// At most one running per incident and policy, and per alert group and policy while no incident has it.
@Index('escalations_active_incident_policy', ['incidentId', 'policyId'], { unique: true, where: `"status" = 'ACTIVE'` })
@Index('escalations_active_alert_group_policy', ['alertGroupKey', 'policyId'], { unique: true, where: `"status" = 'ACTIVE' AND "incident_id" IS NULL` })
// The re-drive's look-up: running escalations whose next step is due (or was last looked at) longer ago than the grace.
@Index('escalations_redrive', ['redriveAfter'], { where: `"status" = 'ACTIVE' AND "redrive_after" IS NOT NULL` })
export class EscalationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null while the escalation belongs to an alert group that has no incident yet. */
  @Column({ type: 'uuid', nullable: true })
  incidentId: string | null;

  /** The Alertmanager group of an escalation a critical alert started (kept once an incident adopts it). */
  @Column({ type: 'text', nullable: true })
  alertGroupKey: string | null;

  /** PagerDuty's dedup_key for this escalation's events: the incident id, or derived from the alert group (kept when adopted, so one PagerDuty incident). */
  @Column({ type: 'text' })
  dedupKey: string;

  /** Which opening of the incident it pages for: 0 from its declaration, the incident's version when it was reopened. */
  @Column({ type: 'integer', default: 0 })
  opening: number;

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

  /**
   * The step scheduled and not yet run (its BullMQ job's id derives from it) and when it is due: written in the
   * transaction that enqueues that job, so the re-drive can enqueue it again if Redis loses it. Null when no step
   * is left (or for escalations started before this was kept).
   */
  @Column({ type: 'integer', nullable: true })
  nextRound: number | null;

  @Column({ type: 'integer', nullable: true })
  nextLevel: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  nextDueAt: Date | null;

  /** The re-drive looks at the next step's job once this is ESCALATION_REDRIVE_GRACE_MS past (the due time, then each look); null: nothing to look at. */
  @Column({ type: 'timestamptz', nullable: true })
  redriveAfter: Date | null;
}

/** One page: a person, a channel, a step of an escalation; its outcome once known. Or a PagerDuty follow-up (`action`). */
@Entity({ schema: 'runbooks', name: 'pages' })
@Index('pages_identity', ['escalationId', 'round', 'level', 'target', 'channel', 'action'], { unique: true })
// The re-drive's look-up: pages still to send whose job was enqueued (or last looked at) longer ago than the grace.
@Index('pages_redrive', ['redriveAfter'], { where: `"outcome" = 'PENDING' AND "redrive_after" IS NOT NULL` })
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

  /** `trigger` (a page), or `acknowledge` / `resolve`: the PagerDuty follow-up once the incident (or alert group) was acknowledged or resolved. */
  @Column({ type: 'text', default: 'trigger' })
  action: 'trigger' | 'acknowledge' | 'resolve';

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

  /** The re-drive looks at this page's job once this is ESCALATION_REDRIVE_GRACE_MS past (its creation, then each look); null: nothing to look at. */
  @Column({ type: 'timestamptz', nullable: true, default: () => 'now()' })
  redriveAfter: Date | null;
}
