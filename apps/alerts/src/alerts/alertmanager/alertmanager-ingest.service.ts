import type { AlertmanagerWebhook } from '@companyos/contracts';
import { claimMessage, deliveryMessageId, UnitOfWork, WebhookDelivery } from '@companyos/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { In } from 'typeorm';
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
        this.truncatedTotal.inc(payload.truncatedAlerts);
      }
      const observations = latestPerIdentity(observeNotification(payload, receivedAt));
      const before = await this.lockExisting(uow, observations);
      const rows = await this.upsert(uow, observations, receivedAt);

      const fired = rows.filter((row) => !before.has(identity(row)) && row.status === AlertStatus.FIRING);
      const resolved = rows.filter((row) => {
        const previous = before.get(identity(row));
        return row.status === AlertStatus.RESOLVED && previous?.status !== AlertStatus.RESOLVED;
      });
      await this.violations.open(uow, rows.filter((row) => !before.has(identity(row))));
      await this.alerts.markResolved(uow, resolved, receivedAt, 'alertmanager');
      uow.events.push(
        ...fired.filter((row) => row.severity === AlertSeverity.CRITICAL).map(criticalFired),
        ...resolved.flatMap(resolvedEvents),
      );
      for (const row of fired) this.alertsTotal.inc({ severity: row.severity.toLowerCase(), status: 'firing' });
      return { duplicate: false, received: observations.length, fired: fired.length, resolved: resolved.length };
    });
  }

  /** The alerts of this notification that exist already, locked until commit. */
  private async lockExisting(uow: UnitOfWork, observations: AlertObservation[]): Promise<Map<string, AlertEntity>> {
    const rows = await uow.manager
      .createQueryBuilder(AlertEntity, 'a')
      .where('(a.fingerprint, a.starts_at) IN (SELECT * FROM unnest(:fingerprints::text[], :startsAt::timestamptz[]))', {
        fingerprints: observations.map((o) => o.fingerprint),
        startsAt: observations.map((o) => o.startsAt.toISOString()),
      })
      .setLock('pessimistic_write')
      .getMany();
    return new Map(rows.map((row) => [identity(row), row]));
  }

  /**
   * One multi-row upsert. A resolved alert stays resolved (a late or
   * reordered firing notification of the same startsAt cannot revive it); a
   * person's ACKNOWLEDGED or SILENCED survives repeat notifications.
   */
  private async upsert(uow: UnitOfWork, observations: AlertObservation[], receivedAt: Date): Promise<AlertEntity[]> {
    const input = observations.map((o) => ({
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
    const ids: { id: string }[] = await uow.manager.query(
      `INSERT INTO alerts.alerts AS a
         (fingerprint, starts_at, alert_name, severity, status, service, labels, annotations, ends_at, generator_url, group_key,
          first_received_at, last_received_at, receive_count)
       SELECT i.fingerprint, i.starts_at, i.alert_name, i.severity::alerts.alert_severity, i.status::alerts.alert_status, i.service,
              i.labels, i.annotations, i.ends_at, i.generator_url, i.group_key, $2, $2, 1
         FROM jsonb_to_recordset($1::jsonb) AS i(fingerprint text, starts_at timestamptz, alert_name text, severity text, status text,
              service text, labels jsonb, annotations jsonb, ends_at timestamptz, generator_url text, group_key text)
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
       RETURNING a.id`,
      [JSON.stringify(input), receivedAt],
    );
    return uow.manager.findBy(AlertEntity, { id: In(ids.map((row) => row.id)) });
  }
}

const identity = (alert: { fingerprint: string; startsAt: Date }) => `${alert.fingerprint}@${alert.startsAt.getTime()}`;

/** A notification lists each alert once, but be safe: the last observation of an identity wins. */
const latestPerIdentity = (observations: AlertObservation[]) => [...new Map(observations.map((o) => [identity(o), o])).values()];
