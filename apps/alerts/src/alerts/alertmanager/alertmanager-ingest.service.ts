import type { AlertmanagerWebhook } from '@companyos/contracts';
import { claimMessage, deliveryMessageId, UnitOfWork, WebhookDelivery } from '@companyos/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { SloViolationsService } from '../../slos/slo-violations.service';
import { criticalFired, resolvedEvents } from '../alert-events';
import { AlertProcessedMessageEntity } from '../alert-messaging.entities';
import { AlertEntity } from '../alert.entity';
import { AlertSeverity, AlertStatus } from '../alert.enums';
import { ALERTMANAGER_TRUNCATED_ALERTS_TOTAL, ALERTS_TOTAL } from '../alerts.metrics';
import { AlertsService } from '../alerts.service';
import { AlertObservation, observeNotification } from './alertmanager-notification';

export interface IngestOutcome {
  duplicate: boolean;
  received: number;
  fired: number;
  resolved: number;
}

/**
 * Applies Alertmanager notifications. One notification is one transaction:
 * its alerts are upserted in one statement on their identity (fingerprint,
 * startsAt), so a repeat notification only bumps lastReceivedAt and the
 * receive count. What changed (a new firing, a resolution) is read from the
 * rows as they were, locked, before the upsert.
 */
@Injectable()
export class AlertmanagerIngest {
  private readonly logger = new Logger(AlertmanagerIngest.name);

  constructor(
    private readonly alerts: AlertsService,
    private readonly violations: SloViolationsService,
    @InjectMetric(ALERTS_TOTAL) private readonly alertsTotal: Counter<string>,
    @InjectMetric(ALERTMANAGER_TRUNCATED_ALERTS_TOTAL) private readonly truncatedTotal: Counter<string>,
  ) {}

  apply(delivery: WebhookDelivery<AlertmanagerWebhook>): Promise<IngestOutcome> {
    const receivedAt = new Date(delivery.receivedAt);
    const payload = delivery.payload;
    return this.alerts.run(async (uow) => {
      if (!(await claimMessage(uow.manager, AlertProcessedMessageEntity, deliveryMessageId(delivery)))) {
        return { duplicate: true, received: 0, fired: 0, resolved: 0 };
      }
      if (payload.truncatedAlerts > 0) {
        this.logger.warn(`notification ${delivery.deliveryId} (group ${payload.groupKey}) left out ${payload.truncatedAlerts} alerts (max_alerts)`);
        uow.afterCommit.push(() => this.truncatedTotal.inc(payload.truncatedAlerts));
      }
      const observations = latestPerIdentity(observeNotification(payload, receivedAt));
      const rows = await this.upsert(uow, observations, receivedAt);
      const isNew = ({ inserted }: UpsertedAlert) => inserted;

      const fired = rows.filter((row) => isNew(row) && row.alert.status === AlertStatus.FIRING).map((row) => row.alert);
      const resolved = rows
        .filter(({ alert, previousStatus }) => alert.status === AlertStatus.RESOLVED && previousStatus !== AlertStatus.RESOLVED)
        .map((row) => row.alert);
      await this.violations.open(uow, rows.filter(isNew).map((row) => row.alert));
      await this.alerts.markResolved(uow, resolved, receivedAt, 'alertmanager');
      uow.events.push(
        ...fired.filter((alert) => alert.severity === AlertSeverity.CRITICAL).map(criticalFired),
        ...resolved.flatMap(resolvedEvents),
      );
      uow.afterCommit.push(() => fired.forEach((alert) => this.alertsTotal.inc({ severity: alert.severity.toLowerCase(), status: 'firing' })));
      return { duplicate: false, received: observations.length, fired: fired.length, resolved: resolved.length };
    });
  }

  /**
   * Locks the alerts of the notification that exist already and reads their
   * status, then upserts them all in one statement; a row this statement
   * inserted is the one with a receive count of 1 (every update adds one; a
   * partitioned table has no xmax to tell). (One statement cannot do
   * both: a CTE's FOR UPDATE skips rows the same statement has updated.) A
   * resolved alert stays resolved (a late or reordered firing notification of
   * the same startsAt cannot revive it); a person's ACKNOWLEDGED or SILENCED
   * survives repeat notifications.
   */
  private async upsert(uow: UnitOfWork, observations: AlertObservation[], receivedAt: Date): Promise<UpsertedAlert[]> {
    // One order for every notification, so two upserting overlapping alerts at once take row locks in the same order.
    const input = [...observations].sort((a, b) => identity(a).localeCompare(identity(b))).map((o) => ({
      fingerprint: o.fingerprint,
      starts_at: o.startsAt,
      alert_name: o.alertName,
      severity: o.severity,
      status: o.status,
      service: o.service,
      labels: o.labels,
      annotations: o.annotations,
      ends_at: o.endsAt,
      generator_url: o.generatorUrl,
      group_key: o.groupKey,
    }));
    const json = JSON.stringify(input);
    const previous: { id: string; status: AlertStatus }[] = await uow.manager.query(
      `SELECT a.id, a.status FROM alerts.alerts a
         JOIN jsonb_to_recordset($1::jsonb) AS i(fingerprint text, starts_at timestamptz) ON a.fingerprint = i.fingerprint AND a.starts_at = i.starts_at
        ORDER BY a.id FOR UPDATE OF a`,
      [json],
    );
    const statusBefore = new Map(previous.map((row) => [row.id, row.status]));
    const rows: Record<string, unknown>[] = await uow.manager.query(
      `INSERT INTO alerts.alerts AS a
           (fingerprint, starts_at, alert_name, severity, status, service, labels, annotations, ends_at, generator_url, group_key,
            first_received_at, last_received_at, receive_count)
         SELECT i.fingerprint, i.starts_at, i.alert_name, i.severity::alerts.alert_severity, i.status::alerts.alert_status, i.service,
                i.labels, i.annotations, i.ends_at, i.generator_url, i.group_key, $2, $2, 1
           FROM jsonb_to_recordset($1::jsonb) AS i(fingerprint text, starts_at timestamptz, alert_name text, severity text,
                status text, service text, labels jsonb, annotations jsonb, ends_at timestamptz, generator_url text, group_key text)
         ON CONFLICT (fingerprint, starts_at) DO UPDATE SET
           alert_name = EXCLUDED.alert_name,
           severity = EXCLUDED.severity,
           service = EXCLUDED.service,
           labels = EXCLUDED.labels,
           annotations = EXCLUDED.annotations,
           generator_url = EXCLUDED.generator_url,
           group_key = EXCLUDED.group_key,
           last_received_at = GREATEST(a.last_received_at, EXCLUDED.last_received_at),
           receive_count = a.receive_count + 1,
           ends_at = CASE WHEN a.status = 'RESOLVED' THEN a.ends_at ELSE EXCLUDED.ends_at END,
           status = CASE WHEN EXCLUDED.status = 'RESOLVED' THEN EXCLUDED.status ELSE a.status END
         RETURNING a.*, (a.receive_count = 1) AS inserted`,
      [json, receivedAt],
    );
    const columns = uow.manager.connection.getMetadata(AlertEntity).columns;
    return rows.map((row) => {
      const alert = new AlertEntity();
      for (const column of columns) column.setEntityValue(alert, row[column.databaseName]);
      return { alert, inserted: row.inserted === true, previousStatus: statusBefore.get(alert.id) ?? null };
    });
  }
}

/**
 * An alert as the upsert left it: whether this notification created it, and
 * its status before (null when created, or when a concurrent notification
 * created it after this statement's snapshot).
 */
interface UpsertedAlert {
  alert: AlertEntity;
  inserted: boolean;
  previousStatus: AlertStatus | null;
}

const identity = (alert: { fingerprint: string; startsAt: Date }) => `${alert.fingerprint}@${alert.startsAt.getTime()}`;

/** A notification lists each alert once, but be safe: the last observation of an identity wins. */
const latestPerIdentity = (observations: AlertObservation[]) => [...new Map(observations.map((o) => [identity(o), o])).values()];
