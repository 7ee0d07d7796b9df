import { AlertmanagerWebhook, alertmanagerWebhook } from '@companyos/contracts';
import { WebhookDelivery } from '@companyos/platform';
import { alertmanagerExample, createTestApp, createTestDatabase, dropTestDatabase, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { labelsFingerprint } from '../src/alerts/alertmanager/alertmanager-notification';
import { AlertmanagerIngest } from '../src/alerts/alertmanager/alertmanager-ingest.service';
import { DAY_MS, partitionOf } from '../src/alerts/partitions/alert-partition.rules';
import { AlertPartitionsService, MaintenanceOutcome } from '../src/alerts/partitions/alert-partitions.service';
import { AlertsAppModule } from '../src/alerts.app.module';

// alerts.alerts partitioned by month of startsAt, on real PostgreSQL: an alert
// of a month without a partition lands in the default one and moves into its
// month's partition when maintenance creates it; repeats stay updates of one
// row wherever it lives; ALERT_RETENTION_DAYS drops whole old partitions.
describe('alert history partitioned by month (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;
  let ingest: AlertmanagerIngest;
  let partitions: AlertPartitionsService;
  let db: DataSource;
  const RETENTION_DAYS = 90;

  beforeAll(async () => {
    url = await createTestDatabase();
    // The alerts app's own settings come from the environment (read at boot).
    process.env.ALERT_RETENTION_DAYS = String(RETENTION_DAYS);
    app = await createTestApp(AlertsAppModule.forRoot(testPlatformConfig('alerts', { PORT: '4003', DATABASE_URL: url, ROLE: 'all' })));
    ingest = app.get(AlertmanagerIngest);
    partitions = app.get(AlertPartitionsService);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    delete process.env.ALERT_RETENTION_DAYS;
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  /** A notification about one alert of `service` that started at `startsAt` (resolved an hour later when `status` says so). */
  const notification = (status: 'firing' | 'resolved', service: string, startsAt: Date) => {
    const payload = alertmanagerExample(status);
    for (const alert of payload.alerts) {
      alert.labels.service = service;
      alert.labels.severity = 'warning';
      alert.startsAt = startsAt.toISOString();
      alert.endsAt = status === 'resolved' ? new Date(startsAt.getTime() + 3600_000).toISOString() : '0001-01-01T00:00:00Z';
      alert.fingerprint = labelsFingerprint(alert.labels);
    }
    payload.groupKey = `{}:{service="${service}"}`;
    return payload;
  };

  const apply = (payload: Record<string, any>, deliveryId: string = randomUUID()) => {
    const delivery: WebhookDelivery<AlertmanagerWebhook> = {
      deliveryId,
      source: 'alertmanager',
      event: 'notification',
      receivedAt: new Date().toISOString(),
      payload: alertmanagerWebhook.parse(payload),
    };
    return ingest.apply(delivery);
  };

  const aService = () => `svc-${randomBytes(4).toString('hex')}`;

  /** The service's alerts with the partition each row lives in. */
  const rowsOf = (service: string): Promise<{ id: string; status: string; receive_count: number; partition: string }[]> =>
    db.query(`SELECT id, status, receive_count, tableoid::regclass::text AS partition FROM alerts.alerts WHERE service = $1 ORDER BY starts_at`, [service]);

  const exists = async (table: string) => (await db.query(`SELECT to_regclass($1) IS NOT NULL AS found`, [`alerts.${table}`]))[0].found as boolean;

  /** One maintenance run at `now` (waits out the app's own run at boot, which holds the same lock). */
  const maintainAt = async (now: Date): Promise<MaintenanceOutcome> => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const outcome = await partitions.maintain(now);
      if (outcome.ran) return outcome;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the maintenance lock stayed taken for 10 s');
  };

  it('makes the current month and the next three partitions, and a default partition', async () => {
    await maintainAt(new Date());
    const now = new Date();
    for (let i = 0; i <= 3; i++) expect(await exists(partitionOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1))).name)).toBe(true);
    expect(await exists('alerts_default')).toBe(true);
  });

  it('takes an alert of a month without a partition into the default partition, then moves it into the month created for it', async () => {
    const service = aService();
    const startsAt = new Date(Date.now() - 40 * DAY_MS);
    const month = partitionOf(startsAt).name;
    // The template's migration made this month's partition only if it was already the current month; start from none.
    if (await exists(month)) await db.query(`DROP TABLE alerts.${month}`);

    expect(await apply(notification('firing', service, startsAt))).toMatchObject({ duplicate: false, fired: 1 });
    const [before] = await rowsOf(service);
    expect(before.partition).toBe('alerts.alerts_default');

    const outcome = await maintainAt(new Date());
    expect(outcome.created).toContain(month);
    expect(await rowsOf(service)).toEqual([{ ...before, partition: `alerts.${month}` }]);

    // The identity still holds across the move: a repeat notification updates the same row.
    expect(await apply(notification('firing', service, startsAt))).toMatchObject({ duplicate: false, fired: 0 });
    expect(await rowsOf(service)).toEqual([{ ...before, receive_count: 2, partition: `alerts.${month}` }]);
  });

  it('keeps a duplicate delivery a no-op and a repeat notification one row', async () => {
    const service = aService();
    const payload = notification('firing', service, new Date(Date.now() - 60_000));
    const deliveryId = randomUUID();
    expect(await apply(payload, deliveryId)).toMatchObject({ duplicate: false, fired: 1 });
    expect(await apply(payload, deliveryId)).toMatchObject({ duplicate: true, fired: 0 });
    expect(await apply(payload)).toMatchObject({ duplicate: false, fired: 0, received: 1 });
    const rows = await rowsOf(service);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'FIRING', receive_count: 2 });
    const fired = await db.query(`SELECT 1 FROM alerts.outbox WHERE aggregate_id = $1 AND type = 'alert.critical_fired'`, [rows[0].id]);
    expect(fired).toHaveLength(0); // a warning: no incident event, and the repeat added none either
  });

  it('drops whole partitions older than ALERT_RETENTION_DAYS, keeps recent rows and a still-open alert', async () => {
    const now = new Date();
    const longAgo = new Date(now.getTime() - 250 * DAY_MS);
    const old = partitionOf(longAgo);
    const later = new Date(old.to.getTime() + 5 * DAY_MS); // the month after, still long expired
    const laterMonth = partitionOf(later);
    const [resolvedOld, openOld, resolvedLater, recent] = [aService(), aService(), aService(), aService()];
    await apply(notification('firing', resolvedOld, longAgo));
    await apply(notification('resolved', resolvedOld, longAgo));
    await apply(notification('firing', openOld, later));
    await apply(notification('firing', resolvedLater, later));
    await apply(notification('resolved', resolvedLater, later));
    await apply(notification('firing', recent, new Date(now.getTime() - 3600_000)));

    // Maintenance as it ran back then made those months' partitions (and moved the rows into them).
    expect((await maintainAt(longAgo)).created).toEqual(expect.arrayContaining([old.name, laterMonth.name]));
    expect((await rowsOf(resolvedOld))[0].partition).toBe(`alerts.${old.name}`);

    const outcome = await maintainAt(now);
    expect(outcome.dropped).toContain(old.name);
    expect(await exists(old.name)).toBe(false);
    expect(await rowsOf(resolvedOld)).toEqual([]);
    // The month with an open alert stays (its resolved rows go): the open alert's next notification must not be a new firing.
    expect(outcome.kept).toContain(laterMonth.name);
    expect(await rowsOf(resolvedLater)).toEqual([]);
    expect(await rowsOf(openOld)).toEqual([expect.objectContaining({ status: 'FIRING', partition: `alerts.${laterMonth.name}` })]);
    expect(await rowsOf(recent)).toEqual([expect.objectContaining({ status: 'FIRING', partition: `alerts.${partitionOf(now).name}` })]);
    // No partition newer than the cutoff went.
    const cutoff = new Date(now.getTime() - RETENTION_DAYS * DAY_MS);
    for (const partition of await partitions.partitions(db.createQueryRunner())) expect(partition.to > cutoff || partition.name === laterMonth.name).toBe(true);

    // A second run has nothing left to do.
    expect(await maintainAt(now)).toMatchObject({ created: [], dropped: [], deletedRows: 0 });
  });
});
