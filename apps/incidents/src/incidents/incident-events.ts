import { IncidentEventPayload, IncidentEventType } from '@companyos/contracts';
import { domainEvent, DomainEvent } from '@companyos/platform';
import type { IncidentEntity } from './incident.entity';

export function incidentEvent(
  type: IncidentEventType,
  incident: IncidentEntity,
  changes?: Record<string, { from: unknown; to: unknown }>,
): DomainEvent<IncidentEventPayload> {
  return domainEvent<IncidentEventPayload>(type, incident.id, {
    incidentId: incident.id,
    version: incident.version,
    number: incident.number,
    severity: incident.severity,
    status: incident.status,
    affectedServices: incident.affectedServices,
    customerImpact: incident.customerImpact,
    source: incident.source,
    startedAt: incident.startedAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    title: incident.title,
    commander: incident.commander,
    impactDescription: incident.impactDescription,
    acknowledgedAt: incident.acknowledgedAt?.toISOString() ?? null,
    resolution: incident.resolution,
    alertGroupKey: incident.alertGroupKey,
    ...(changes ? { changes } : {}),
  });
}
