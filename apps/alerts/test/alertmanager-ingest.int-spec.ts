import { AlertEvents, alertmanagerWebhook, AlertmanagerWebhook } from '@companyos/contracts';
import { WebhookDelivery } from '@companyos/platform';
import { alertmanagerExample, createTestApp, createTestDatabase, dropTestDatabase, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { labelsFingerprint } from '../src/alerts/alertmanager/alertmanager-notification';
import { AlertmanagerIngest } from '../src/alerts/alertmanager/alertmanager-ingest.service';
import { AlertsService } from '../src/alerts/alerts.service';
import { AlertsAppModule } from '../src/alerts.app.module';

// Alertmanager notifications applied by the alerts worker's service, on real
// PostgreSQL, starting from the payloads a real Alertmanager 0.25 sent.
describe('AlertmanagerIngest (real PostgreSQL, real Alertmanager payloads)', () => {
  let url: string;
  let app: INestApplication;
  let ingest: AlertmanagerIngest;
  let alerts: AlertsService;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(AlertsAppModule.forRoot(testPlatformConfig('alerts', { PORT: '4003', DATABASE_URL: url, ROLE: 'all' })));
    ingest = app.get(AlertmanagerIngest);
    alerts = app.get(AlertsService);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  // ---- factories and probes -----------------------------------------------

  /** The captured notification about an alert of its own (own service and fingerprint), optionally edited. */
  const aNotification = (status: 'firing' | 'resolved', service: string, edit: (payload: Record<string, any>) => void = () => {}) => {
    const payload = alertmanagerExample(status);
    for (const alert of payload.alerts) {
      alert.labels.service = service;
      alert.fingerprint = labelsFingerprint(alert.labels);
    }
    payload.groupKey = `{}:{alertname="HighErrorRate", service="${service}"}`;
    edit(payload);
    return payload;
  };

  const aService = () => `svc-${randomBytes(4).toString('hex')}`;

  const aDelivery = (payload: Record<string, any>, deliveryId: string, receivedAt = new Date()): WebhookDelivery<AlertmanagerWebhook> => ({
    deliveryId,
    source: 'alertmanager',
    event: 'notification',
    receivedAt: receivedAt.toISOString(),
    payload: alertmanagerWebhook.parse(payload),
  });

  const apply = (payload: Record<string, any>, deliveryId: string = randomUUID(), receivedAt?: Date) =>
    ingest.apply(aDelivery(payload, deliveryId, receivedAt));

  const alertsOf = (service: string): Promise<Record<string, any>[]> =>
    db.query('SELECT * FROM alerts.alerts WHERE service = $1 ORDER BY starts_at', [service]);

  const eventsOf = async (type: string, alertIds: string[]): Promise<Record<string, any>[]> =>
    db.query('SELECT * FROM alerts.outbox WHERE type = $1 AND aggregate_id = ANY($2) ORDER BY seq', [type, alertIds]);

  const violationsOf = (alertIds: string[]): Promise<Record<string, any>[]> =>
    db.query('SELECT * FROM alerts.slo_violations WHERE alert_id = ANY($1)', [alertIds]);

  // ---- tests --------------------------------------------------------------

  it("derives the same fingerprint as Alertmanager from the alert's labels", () => {
    const captured = alertmanagerExample('firing').alerts[0];
    expect(labelsFingerprint(captured.labels)).toBe(captured.fingerprint);
  });

  it('stores a firing critical alert with everything Alertmanager said, and emits alert.critical_fired', async () => {
    const service = aService();
    expect(await apply(aNotification('firing', service))).toMatchObject({ duplicate: false, received: 1, fired: 1, resolved: 0 });

    const [alert] = await alertsOf(service);
    expect(alert).toMatchObject({
      alert_name: 'HighErrorRate',
      severity: 'CRITICAL',
      status: 'FIRING',
      ends_at: null,
      receive_count: 1,
      group_key: `{}:{alertname="HighErrorRate", service="${service}"}`,
      generator_url: expect.stringContaining('prometheus.example.com'),
    });
    expect(alert.annotations.runbook_url).toBe('https://runbooks.example.com/checkout/high-error-rate');
    const [event] = await eventsOf(AlertEvents.CriticalFired, [alert.id]);
    expect(event.payload).toMatchObject({ alertId: alert.id, service, customerFacing: true, groupKey: alert.group_key });
    expect(await violationsOf([alert.id])).toEqual([expect.objectContaining({ slo_name: 'checkout-availability', ended_at: null })]);
  });

  it('treats a repeat notification as the same alert: one row, count and lastReceivedAt updated, no new event', async () => {
    const service = aService();
    await apply(aNotification('firing', service), undefined, new Date('2026-11-24T16:00:00Z'));
    expect(await apply(aNotification('firing', service), undefined, new Date('2026-11-24T16:05:00Z'))).toMatchObject({ fired: 0 });

    const rows = await alertsOf(service);
    expect(rows).toHaveLength(1);
    expect(rows[0].receive_count).toBe(2);
    expect(rows[0].last_received_at).toEqual(new Date('2026-11-24T16:05:00Z'));
    expect(rows[0].first_received_at).toEqual(new Date('2026-11-24T16:00:00Z'));
    expect(await eventsOf(AlertEvents.CriticalFired, [rows[0].id])).toHaveLength(1);
  });

  it('applies the same delivery once', async () => {
    const service = aService();
    const deliveryId = randomUUID();
    await apply(aNotification('firing', service), deliveryId);
    expect(await apply(aNotification('firing', service), deliveryId)).toMatchObject({ duplicate: true });
    expect((await alertsOf(service))[0].receive_count).toBe(1);
  });

  it('resolves on the resolved notification, closing the SLO violation and emitting alert.resolved', async () => {
    const service = aService();
    await apply(aNotification('firing', service));
    const resolvedPayload = aNotification('resolved', service);
    expect(await apply(resolvedPayload)).toMatchObject({ resolved: 1 });

    const [alert] = await alertsOf(service);
    expect(alert).toMatchObject({ status: 'RESOLVED', resolved_by: 'alertmanager' });
    expect(alert.resolved_at).toEqual(new Date(resolvedPayload.alerts[0].endsAt));
    expect((await violationsOf([alert.id]))[0].ended_at).toEqual(alert.resolved_at);
    expect(await eventsOf(AlertEvents.Resolved, [alert.id])).toHaveLength(1);
  });

  it('keeps a resolved alert resolved when a late firing notification of the same startsAt arrives', async () => {
    const service = aService();
    await apply(aNotification('firing', service));
    await apply(aNotification('resolved', service));
    await apply(aNotification('firing', service));
    const [alert] = await alertsOf(service);
    expect(alert.status).toBe('RESOLVED');
    expect(await eventsOf(AlertEvents.Resolved, [alert.id])).toHaveLength(1);
  });

  it('records a new firing (new startsAt) after resolution as a new alert', async () => {
    const service = aService();
    await apply(aNotification('firing', service));
    await apply(aNotification('resolved', service));
    await apply(aNotification('firing', service, (p) => (p.alerts[0].startsAt = new Date().toISOString())));
    const rows = await alertsOf(service);
    expect(rows.map((row) => row.status)).toEqual(['RESOLVED', 'FIRING']);
    expect(rows[0].fingerprint).toBe(rows[1].fingerprint);
  });

  it('accepts an old payload without fingerprint, per-alert status or truncatedAlerts, deriving them as Alertmanager does', async () => {
    const service = aService();
    const payload = aNotification('resolved', service, (p) => {
      delete p.truncatedAlerts;
      for (const alert of p.alerts) {
        delete alert.fingerprint;
        delete alert.status;
      }
    });
    await apply(payload);
    const [alert] = await alertsOf(service);
    const labels = { ...payload.alerts[0].labels };
    expect(alert).toMatchObject({ fingerprint: labelsFingerprint(labels), status: 'RESOLVED' });
  });

  it('maps an unknown severity label to WARNING, keeping the label, and emits no critical event', async () => {
    const service = aService();
    await apply(aNotification('firing', service, (p) => (p.alerts[0].labels.severity = 'page')));
    const [alert] = await alertsOf(service);
    expect(alert).toMatchObject({ severity: 'WARNING' });
    expect(alert.labels.severity).toBe('page');
    expect(await eventsOf(AlertEvents.CriticalFired, [alert.id])).toHaveLength(0);
  });

  it('upserts a notification of many alerts in one go', async () => {
    const service = aService();
    const payload = aNotification('firing', service, (p) => {
      p.alerts = Array.from({ length: 250 }, (_, i) => {
        const alert = structuredClone(p.alerts[0]);
        alert.labels = { ...alert.labels, instance: `host-${i}`, severity: 'warning' };
        alert.fingerprint = labelsFingerprint(alert.labels);
        return alert;
      });
    });
    expect(await apply(payload)).toMatchObject({ received: 250, fired: 250 });
    expect(await alertsOf(service)).toHaveLength(250);
  });

  describe('changes people make', () => {
    const aFiringAlert = async () => {
      const service = aService();
      await apply(aNotification('firing', service));
      return (await alertsOf(service))[0];
    };

    it('acknowledges once, and a repeat notification keeps it ACKNOWLEDGED', async () => {
      const alert = await aFiringAlert();
      await alerts.acknowledge(alert.id, 'ana');
      await expect(alerts.acknowledge(alert.id, 'bob')).rejects.toMatchObject({ code: 'ALERT_ALREADY_ACKNOWLEDGED' });
      await apply(aNotification('firing', alert.service));
      expect((await alertsOf(alert.service))[0]).toMatchObject({ status: 'ACKNOWLEDGED', acknowledged_by: 'ana', receive_count: 2 });
    });

    it('resolves by hand once, closing the violation (ALERT_ALREADY_RESOLVED the second time)', async () => {
      const alert = await aFiringAlert();
      await alerts.resolve(alert.id, 'ana');
      await expect(alerts.resolve(alert.id, 'ana')).rejects.toMatchObject({ code: 'ALERT_ALREADY_RESOLVED' });
      expect((await alertsOf(alert.service))[0]).toMatchObject({ status: 'RESOLVED', resolved_by: 'ana' });
      expect((await violationsOf([alert.id]))[0].ended_at).not.toBeNull();
    });

    it('silences until a future time only', async () => {
      const alert = await aFiringAlert();
      await expect(alerts.silence(alert.id, new Date(Date.now() - 1000))).rejects.toMatchObject({ code: 'INVALID_SILENCE_UNTIL' });
      const until = new Date(Date.now() + 3_600_000);
      expect(await alerts.silence(alert.id, until)).toMatchObject({ status: 'SILENCED', silencedUntil: until });
    });

    it('links to an incident with an alert.linked_to_incident event; the incidents domain does not overwrite it', async () => {
      const alert = await aFiringAlert();
      const incidentId = randomUUID();
      await alerts.linkToIncident(alert.id, incidentId, 'ana');
      await alerts.recordIncident(alert.id, randomUUID());
      expect((await alertsOf(alert.service))[0].incident_id).toBe(incidentId);
      expect(await eventsOf(AlertEvents.LinkedToIncident, [alert.id])).toEqual([
        expect.objectContaining({ payload: expect.objectContaining({ incidentId, actor: 'ana' }) }),
      ]);
    });

    it('answers ALERT_NOT_FOUND for an unknown id', async () => {
      await expect(alerts.acknowledge(randomUUID(), 'ana')).rejects.toMatchObject({ code: 'ALERT_NOT_FOUND' });
      await expect(alerts.findById('not-a-uuid')).rejects.toMatchObject({ code: 'ALERT_NOT_FOUND' });
    });
  });
});
