import { createTestApp, createTestDatabase, dropTestDatabase, planOf, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertsAppModule } from '../src/alerts.app.module';
import { AlertsService } from '../src/alerts/alerts.service';

// `firingAlerts` and the `firing` filter as the app builds them, planned by
// PostgreSQL over a history seeded large enough (and ANALYZEd) that the
// planner itself prefers the partial index of firing alerts.
describe('firing alert queries use the partial index (real PostgreSQL, EXPLAIN)', () => {
  let url: string;
  let app: INestApplication;
  let alerts: AlertsService;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(AlertsAppModule.forRoot(testPlatformConfig('alerts', { PORT: '4003', DATABASE_URL: url, ROLE: 'api' })));
    alerts = app.get(AlertsService);
    db = app.get(DataSource);
    // 60,000 alerts, of which 0.5 % firing and 0.1 % silenced (half of those with the silence run out).
    await db.query(`
      INSERT INTO alerts.alerts (fingerprint, alert_name, severity, status, service, labels, annotations, starts_at, group_key,
                                 first_received_at, last_received_at, silenced_until, resolved_at)
      SELECT md5(g::text), 'Alert' || (g % 50),
             (ARRAY['CRITICAL', 'WARNING', 'INFO'])[1 + g % 3]::alerts.alert_severity,
             (CASE WHEN g % 200 = 0 THEN 'FIRING' WHEN g % 1000 = 1 THEN 'SILENCED' ELSE 'RESOLVED' END)::alerts.alert_status,
             'svc-' || (g % 300), '{}', '{}', now() - g * interval '1 minute', 'group-' || (g % 500),
             now() - g * interval '1 minute', now() - g * interval '1 minute',
             CASE WHEN g % 1000 = 1 THEN now() + (CASE WHEN g % 2000 = 1 THEN 1 ELSE -1 END) * interval '1 hour' END,
             CASE WHEN g % 200 <> 0 AND g % 1000 <> 1 THEN now() - g * interval '1 minute' + interval '5 minutes' END
        FROM generate_series(1, 60000) g`);
    await db.query('ANALYZE alerts.alerts');
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  it('reads firingAlerts from alerts_firing, and finds every alert firing now', async () => {
    const plan = await planOf(db, alerts.firingQuery());
    expect(plan.indexes).toContain('alerts_firing');
    // The history is partitioned by month: only the empty partitions made ahead may be read whole (nothing to read).
    for (const table of plan.seqScanned) expect({ table, rows: (await db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n }).toEqual({ table, rows: 0 });
    const firing = await alerts.firing();
    // 300 FIRING, and the 30 silenced ones whose silence ran out (g % 2000 <> 1).
    expect(firing).toHaveLength(330);
  });

  it('serves the list’s firing filter from it too (page and count)', async () => {
    const filtered = alerts.filtered({ firing: true });
    expect((await planOf(db, filtered.clone().orderBy('a.seq', 'DESC').take(51))).indexes).toContain('alerts_firing');
    expect((await planOf(db, filtered.clone().select('count(*)'))).indexes).toContain('alerts_firing');
    const page = await alerts.list({ firing: true }, 50);
    expect(page.nodes).toHaveLength(50);
    expect(await page.totalCount).toBe(330);
  });
});
