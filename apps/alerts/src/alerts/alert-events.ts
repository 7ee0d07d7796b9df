import { AlertCriticalFired, AlertEvents, AlertLinkedToIncident, AlertResolved } from '@companyos/contracts';
import { domainEvent, DomainEvent } from '@companyos/platform';
import type { AlertEntity } from './alert.entity';
import { AlertSeverity } from './alert.enums';

export const criticalFired = (alert: AlertEntity): DomainEvent<AlertCriticalFired> =>
  domainEvent<AlertCriticalFired>(AlertEvents.CriticalFired, alert.id, {
    alertId: alert.id,
    alertName: alert.alertName,
    fingerprint: alert.fingerprint,
    groupKey: alert.groupKey,
    service: alert.service,
    customerFacing: alert.labels.customer_facing === 'true',
    summary: alert.annotations.summary ?? null,
    startsAt: alert.startsAt.toISOString(),
  });

export const linkedToIncident = (alert: AlertEntity, actor: string): DomainEvent<AlertLinkedToIncident> =>
  domainEvent<AlertLinkedToIncident>(AlertEvents.LinkedToIncident, alert.id, {
    alertId: alert.id,
    alertName: alert.alertName,
    incidentId: alert.incidentId!,
    actor,
  });

/** Incidents only follows critical alerts and alerts linked to an incident; other resolutions stay here. */
export const resolvedEvents = (alert: AlertEntity): DomainEvent<AlertResolved>[] =>
  alert.severity === AlertSeverity.CRITICAL || alert.incidentId
    ? [
        domainEvent<AlertResolved>(AlertEvents.Resolved, alert.id, {
          alertId: alert.id,
          alertName: alert.alertName,
          incidentId: alert.incidentId,
          resolvedAt: (alert.resolvedAt ?? new Date()).toISOString(),
          groupKey: alert.groupKey,
        }),
      ]
    : [];
