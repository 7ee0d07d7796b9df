/**
 * Lifecycle events of the incidents domain (published through its outbox; job
 * id = event id). Every one carries the incident's whole state as it was
 * after the change and the incident's `version` (bumped by one in the
 * transaction of each change), so a consumer keeps a projection by taking the
 * highest version (never the latest occurredAt: replicas' clocks drift) and
 * never reads the incidents tables.
 */
export const IncidentEvents = {
  Declared: 'incident.declared',
  Updated: 'incident.updated',
  Acknowledged: 'incident.acknowledged',
  StatusChanged: 'incident.status_changed',
  Resolved: 'incident.resolved',
  Reopened: 'incident.reopened',
} as const;
export type IncidentEventType = (typeof IncidentEvents)[keyof typeof IncidentEvents];

export const INCIDENT_LIFECYCLE_EVENTS: readonly IncidentEventType[] = Object.values(IncidentEvents);

export interface IncidentEventPayload extends Record<string, unknown> {
  incidentId: string;
  /** Monotonic per incident: 1 when declared, +1 with each change. Events of one change carry the same version (and state). */
  version: number;
  number: number;
  /** SEV1 … SEV4. */
  severity: string;
  status: string;
  affectedServices: string[];
  customerImpact: boolean;
  source: string;
  startedAt: string;
  resolvedAt: string | null;
  /** Added for the knowledge domain's postmortem drafts; absent from events recorded before. */
  title?: string;
  commander?: string | null;
  impactDescription?: string | null;
  acknowledgedAt?: string | null;
  resolution?: string | null;
  changes?: Record<string, { from: unknown; to: unknown }>;
  /** The Alertmanager group an incident declared from alerts belongs to (runbooks hands the group's escalation over to the incident); null for other incidents, absent from events recorded before. */
  alertGroupKey?: string | null;
}
