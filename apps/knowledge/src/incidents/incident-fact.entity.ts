import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** ALERT (an alert attached to it), RUNBOOK_EXECUTION (a runbook run for it), CAUSE (the deployment attributed as its cause). */
export type IncidentFactKind = 'ALERT' | 'RUNBOOK_EXECUTION' | 'CAUSE';

/**
 * What other domains told the knowledge domain about an incident, kept from
 * their events (never read from their schemas) for its postmortem draft:
 * one row per alert, per runbook execution, and its cause.
 */
@Entity({ schema: 'knowledge', name: 'incident_facts' })
// The copilot finds incidents fired by the same alerts through this (an expression index, written by hand in the migration).
@Index('knowledge_incident_facts_alert_name', { synchronize: false })
export class IncidentFactEntity {
  @PrimaryColumn({ type: 'uuid' })
  incidentId: string;

  @PrimaryColumn({ type: 'text' })
  kind: IncidentFactKind;

  /** The alert's or execution's id; `cause` for the cause. */
  @PrimaryColumn({ type: 'text' })
  key: string;

  /** When it happened (attached, started, attributed): orders the draft's timeline and keeps the latest cause. */
  @Column({ type: 'timestamptz' })
  at: Date;

  /** The event's facts, as the draft words them (see incident-facts.rules.ts). */
  @Column({ type: 'jsonb' })
  detail: Record<string, unknown>;
}
