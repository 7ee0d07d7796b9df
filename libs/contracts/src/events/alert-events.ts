/**
 * Events between the alerts and incidents domains (published through each
 * domain's outbox; job id = event id). Payloads only carry what the consumer
 * needs; neither side reads the other's tables.
 */
export const AlertEvents = {
  /** A CRITICAL alert started firing: incidents declares an incident or attaches it to its group's open one. */
  CriticalFired: 'alert.critical_fired',
  /** A person linked an alert to an incident (alerts already holds the link). */
  LinkedToIncident: 'alert.linked_to_incident',
  /** An alert that is critical or linked to an incident resolved. */
  Resolved: 'alert.resolved',
} as const;

export const IncidentAlertEvents = {
  /** Incidents attached an alert to an incident: alerts records the link. */
  AlertAttached: 'incident.alert_attached',
} as const;

export interface AlertCriticalFired extends Record<string, unknown> {
  alertId: string;
  alertName: string;
  fingerprint: string;
  groupKey: string;
  service: string | null;
  customerFacing: boolean;
  summary: string | null;
  startsAt: string;
}

export interface AlertLinkedToIncident extends Record<string, unknown> {
  alertId: string;
  alertName: string;
  incidentId: string;
  actor: string;
}

export interface AlertResolved extends Record<string, unknown> {
  alertId: string;
  alertName: string;
  incidentId: string | null;
  resolvedAt: string;
  /** The alert's Alertmanager group (runbooks stops an escalation started by the group once all its alerts resolved); absent from events published before it was added. */
  groupKey?: string;
}

export interface IncidentAlertAttached extends Record<string, unknown> {
  incidentId: string;
  alertId: string;
  /** Absent from events published before it was added. */
  alertName?: string;
}
