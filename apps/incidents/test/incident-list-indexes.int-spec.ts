import { createTestApp, createTestDatabase, dropTestDatabase, planOf, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IncidentsAppModule } from '../src/incidents.app.module';
import { IncidentsService } from '../src/incidents/incidents.service';

// The filtered incident list as the app builds it, planned by PostgreSQL over
// a table seeded large enough (and ANALYZEd) that an index pays: the planner,
// not a setting, has to choose the index.
describe('incident list queries use their indexes (real PostgreSQL, EXPLAIN)', () => {
  let url: string;
  let app: INestApplication;
  let incidents: IncidentsService;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(IncidentsAppModule.forRoot(testPlatformConfig('incidents', { PORT: '4001', DATABASE_URL: url, ROLE: 'api' })));
    incidents = app.get(IncidentsService);
    db = app.get(DataSource);
    // 30,000 incidents over 1,000 services (one to three each), 90 % resolved.
    await db.query(`
      INSERT INTO incidents.incidents (title, severity, status, affected_services, source, started_at)
      SELECT 'seeded ' || g,
             (ARRAY['SEV1', 'SEV2', 'SEV3', 'SEV4'])[1 + g % 4]::incidents.incident_severity,
             (CASE WHEN g % 10 = 0 THEN 'INVESTIGATING' ELSE 'RESOLVED' END)::incidents.incident_status,
             ARRAY(SELECT 'svc-' || ((g * 7 + k * 131) % 1000) FROM generate_series(0, g % 3) k),
             'MANUAL'::incidents.incident_source,
             now() - g * interval '1 minute'
        FROM generate_series(1, 30000) g`);
    await db.query('ANALYZE incidents.incidents');
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  it('filters by service through the GIN index on affected_services (page and count)', async () => {
    const filtered = incidents.filtered({ service: 'svc-42' });
    expect((await planOf(db, filtered.clone().orderBy('i.number', 'DESC').take(51))).indexes).toContain('incidents_affected_services');
    expect((await planOf(db, filtered.clone().select('count(*)'))).indexes).toContain('incidents_affected_services');
    // And it finds them: every incident of svc-42, no other.
    const page = await incidents.list({ service: 'svc-42' }, 200);
    expect(page.nodes.length).toBeGreaterThan(0);
    expect(page.nodes.every((incident) => incident.affectedServices.includes('svc-42'))).toBe(true);
    expect(await page.totalCount).toBe(Number((await db.query(`SELECT count(*) FROM incidents.incidents WHERE 'svc-42' = ANY(affected_services)`))[0].count));
  });

  it('filters active incidents of a service without reading the table whole', async () => {
    const plan = await planOf(db, incidents.filtered({ service: 'svc-42', active: true }).orderBy('i.number', 'DESC').take(51));
    expect(plan.indexes).toContain('incidents_affected_services');
    expect(plan.seqScans).toBe(0);
  });
});
