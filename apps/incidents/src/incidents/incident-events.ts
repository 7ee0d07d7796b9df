import { domainEvent, DomainEvent } from '@companyos/platform';
import type { IncidentEntity } from './incident.entity';

/** The facts the incidents domain publishes. */
export enum IncidentEvent {
  Declared = 'incident.declared',
  Updated = 'incident.updated',
  Acknowledged = 'incident.acknowledged',
  StatusChanged = 'incident.status_changed',
  Resolved = 'incident.resolved',
  Reopened = 'incident.reopened',
}

export interface IncidentEventPayload extends Record<string, unknown> {
  incidentId: string;
  number: number;
  severity: string;
  status: string;
  affectedServices: string[];
  customerImpact: boolean;
  source: string;
  startedAt: string;
  resolvedAt: string | null;
  changes?: Record<string, { from: unknown; to: unknown }>;
}

export function incidentEvent(
  type: IncidentEvent,
  incident: IncidentEntity,
  changes?: Record<string, { from: unknown; to: unknown }>,
): DomainEvent<IncidentEventPayload> {
  return domainEvent<IncidentEventPayload>(type, incident.id, {
    incidentId: incident.id,
    number: incident.number,
    severity: incident.severity,
    status: incident.status,
    affectedServices: incident.affectedServices,
    customerImpact: incident.customerImpact,
    source: incident.source,
    startedAt: incident.startedAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    ...(changes ? { changes } : {}),
  });
}
