import {
  AlertCriticalFired,
  AlertEvents,
  AlertLinkedToIncident,
  AlertResolved,
  IncidentAlertAttached,
  IncidentAlertEvents,
} from '@companyos/contracts';
import { claimMessage, domainEvent, DomainEvent, eventMessageId, isUuid, UnitOfWork } from '@companyos/platform';
import { Injectable, Logger } from '@nestjs/common';
import { Not } from 'typeorm';
import { IncidentProcessedMessageEntity } from '../incidents/incident-messaging.entities';
import { IncidentEntity } from '../incidents/incident.entity';
import { IncidentSeverity, IncidentSource, IncidentStatus, TimelineEntryKind } from '../incidents/incident.enums';
import { IncidentsService } from '../incidents/incidents.service';
import { IncidentAlertEntity } from './incident-alert.entity';

export type AlertEventOutcome = 'duplicate' | 'ignored' | 'declared' | 'attached' | 'resolved';

const ALERTMANAGER = 'alertmanager';

/**
 * Turns alert events into incidents: a critical alert declares an incident,
 * or joins the open one already declared for its Alertmanager group, so one
 * outage's twenty alerts make one incident. Each event applies once.
 */
@Injectable()
export class AlertIncidents {
  private readonly logger = new Logger(AlertIncidents.name);

  constructor(private readonly incidents: IncidentsService) {}

  apply(event: DomainEvent): Promise<AlertEventOutcome> {
    return this.incidents.run(async (uow) => {
      if (!(await claimMessage(uow.manager, IncidentProcessedMessageEntity, eventMessageId(event)))) return 'duplicate';
      switch (event.type) {
        case AlertEvents.CriticalFired:
          return this.criticalFired(uow, event.payload as AlertCriticalFired);
        case AlertEvents.LinkedToIncident:
          return this.linked(uow, event.payload as AlertLinkedToIncident);
        case AlertEvents.Resolved:
          return this.resolved(uow, event.payload as AlertResolved);
        default:
          return 'ignored';
      }
    });
  }

  /** SEV1 when the alert is labelled customer_facing="true", else SEV2. */
  private async criticalFired(uow: UnitOfWork, alert: AlertCriticalFired): Promise<AlertEventOutcome> {
    // Serialises the group's critical alerts, so two arriving at once cannot declare two incidents.
    await uow.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`alert-group:${alert.groupKey}`]);
    const open = await uow.manager.findOne(IncidentEntity, {
      where: { alertGroupKey: alert.groupKey, status: Not(IncidentStatus.RESOLVED) },
      order: { number: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
    const incident =
      open ??
      (await this.incidents.declare(
        uow,
        {
          title: alert.summary ? `${alert.alertName}: ${alert.summary}` : `${alert.alertName} firing${alert.service ? ` on ${alert.service}` : ''}`,
          severity: alert.customerFacing ? IncidentSeverity.SEV1 : IncidentSeverity.SEV2,
          source: IncidentSource.ALERT,
          affectedServices: alert.service ? [alert.service] : [],
          customerImpact: alert.customerFacing,
          startedAt: new Date(alert.startsAt),
          alertGroupKey: alert.groupKey,
        },
        ALERTMANAGER,
      ));
    await this.attach(uow, incident, alert.alertId, alert.alertName, ALERTMANAGER);
    uow.events.push(
      domainEvent<IncidentAlertAttached>(IncidentAlertEvents.AlertAttached, incident.id, { incidentId: incident.id, alertId: alert.alertId, alertName: alert.alertName }),
    );
    return open ? 'attached' : 'declared';
  }

  private async linked(uow: UnitOfWork, link: AlertLinkedToIncident): Promise<AlertEventOutcome> {
    const incident = isUuid(link.incidentId)
      ? await uow.manager.findOne(IncidentEntity, { where: { id: link.incidentId }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!incident) {
      this.logger.warn(`alert ${link.alertId} was linked to incident ${link.incidentId}, which does not exist`);
      return 'ignored';
    }
    await this.attach(uow, incident, link.alertId, link.alertName, link.actor);
    return 'attached';
  }

  private async resolved(uow: UnitOfWork, resolution: AlertResolved): Promise<AlertEventOutcome> {
    const known = await uow.manager.findOne(IncidentAlertEntity, { where: { alertId: resolution.alertId }, lock: { mode: 'pessimistic_write' } });
    const row = known ?? uow.manager.create(IncidentAlertEntity, { alertId: resolution.alertId, alertName: resolution.alertName, incidentId: null, attachedAt: null });
    if (row.resolvedAt) return 'resolved';
    row.resolvedAt = new Date(resolution.resolvedAt);
    row.incidentId ??= resolution.incidentId;
    await uow.manager.save(row);
    if (row.incidentId && row.attachedAt) await this.noteIfAllResolved(uow, row.incidentId);
    return 'resolved';
  }

  /** Records the alert on the incident's timeline, once per incident. */
  private async attach(uow: UnitOfWork, incident: IncidentEntity, alertId: string, alertName: string, actor: string) {
    const known = await uow.manager.findOne(IncidentAlertEntity, { where: { alertId }, lock: { mode: 'pessimistic_write' } });
    if (known?.incidentId === incident.id && known.attachedAt) return;
    const row = Object.assign(known ?? uow.manager.create(IncidentAlertEntity, { alertId, resolvedAt: null }), {
      incidentId: incident.id,
      alertName,
      attachedAt: new Date(),
    });
    await uow.manager.save(row);
    await this.incidents.appendTimeline(uow, incident.id, actor, [
      { kind: TimelineEntryKind.ALERT_ATTACHED, message: `alert ${alertName} attached${row.resolvedAt ? ' (already resolved)' : ''}`, changes: {} },
    ]);
    if (row.resolvedAt) await this.noteIfAllResolved(uow, incident.id);
  }

  private async noteIfAllResolved(uow: UnitOfWork, incidentId: string) {
    // Two alerts of one incident resolving at once: each transaction would count the other as unresolved and neither would
    // write the note. Locking the incident serialises them, and the second counts after the first has committed.
    await uow.manager.findOne(IncidentEntity, { where: { id: incidentId }, lock: { mode: 'pessimistic_write' } });
    const [{ total, resolved }]: { total: number; resolved: number }[] = await uow.manager.query(
      'SELECT count(*)::int AS total, count(resolved_at)::int AS resolved FROM incidents.incident_alerts WHERE incident_id = $1',
      [incidentId],
    );
    if (total === 0 || resolved < total) return;
    await this.incidents.appendTimeline(uow, incidentId, ALERTMANAGER, [
      {
        kind: TimelineEntryKind.ALERTS_RESOLVED,
        message: total === 1 ? 'its alert has resolved' : `all ${total} of its alerts have resolved`,
        changes: {},
      },
    ]);
  }
}
