import { AlertCriticalFired, AlertEvents, AlertLinkedToIncident, AlertResolved, IncidentAlertEvents } from '@companyos/contracts';
import { domainEvent, DomainEvent } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AlertIncidents } from '../src/alerts/alert-incidents.service';
import { IncidentsAppModule } from '../src/incidents.app.module';
import { IncidentsService } from '../src/incidents/incidents.service';

// Alert events as the alerts domain publishes them, applied by the incidents
// worker's service on real PostgreSQL.
describe('AlertIncidents (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;
  let alertIncidents: AlertIncidents;
  let incidents: IncidentsService;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(IncidentsAppModule.forRoot(testPlatformConfig('incidents', { PORT: '4001', DATABASE_URL: url, ROLE: 'all' })));
    alertIncidents = app.get(AlertIncidents);
    incidents = app.get(IncidentsService);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  // ---- factories and probes -----------------------------------------------

  const aGroupKey = () => `{}:{alertname="HighErrorRate", service="svc-${randomBytes(4).toString('hex')}"}`;

  const aCriticalFiring = (groupKey: string, overrides: Partial<AlertCriticalFired> = {}): DomainEvent<AlertCriticalFired> => {
    const alertId = randomUUID();
    return domainEvent<AlertCriticalFired>(AlertEvents.CriticalFired, alertId, {
      alertId,
      alertName: 'HighErrorRate',
      fingerprint: randomBytes(8).toString('hex'),
      groupKey,
      service: 'checkout',
      customerFacing: false,
      summary: 'checkout is failing 7.3% of requests',
      startsAt: '2026-11-24T15:43:43.398Z',
      ...overrides,
    });
  };

  const aResolution = (alertId: string, incidentId: string | null = null): DomainEvent<AlertResolved> =>
    domainEvent<AlertResolved>(AlertEvents.Resolved, alertId, { alertId, alertName: 'HighErrorRate', incidentId, resolvedAt: new Date().toISOString() });

  const incidentsOfGroup = (groupKey: string): Promise<Record<string, any>[]> =>
    db.query('SELECT * FROM incidents.incidents WHERE alert_group_key = $1', [groupKey]);

  const timelineKinds = async (incidentId: string): Promise<string[]> =>
    (await db.query('SELECT kind FROM incidents.timeline_entries WHERE incident_id = $1 ORDER BY seq', [incidentId])).map((row: { kind: string }) => row.kind);

  const attachedEvents = (incidentId: string): Promise<Record<string, any>[]> =>
    db.query('SELECT payload FROM incidents.outbox WHERE type = $1 AND aggregate_id = $2', [IncidentAlertEvents.AlertAttached, incidentId]);

  // ---- tests --------------------------------------------------------------

  it('declares a SEV2 incident from a critical alert, with source ALERT and the affected service', async () => {
    const groupKey = aGroupKey();
    const firing = aCriticalFiring(groupKey);
    expect(await alertIncidents.apply(firing)).toBe('declared');

    const [incident] = await incidentsOfGroup(groupKey);
    expect(incident).toMatchObject({
      title: 'HighErrorRate: checkout is failing 7.3% of requests',
      severity: 'SEV2',
      source: 'ALERT',
      status: 'OPEN',
      affected_services: ['checkout'],
      customer_impact: false,
      started_at: new Date('2026-11-24T15:43:43.398Z'),
    });
    expect(await timelineKinds(incident.id)).toEqual(['DECLARED', 'ALERT_ATTACHED']);
    expect(await attachedEvents(incident.id)).toEqual([{ payload: { incidentId: incident.id, alertId: firing.payload.alertId, alertName: 'HighErrorRate' } }]);
  });

  it('declares SEV1 when the alert is customer facing', async () => {
    const groupKey = aGroupKey();
    await alertIncidents.apply(aCriticalFiring(groupKey, { customerFacing: true }));
    expect((await incidentsOfGroup(groupKey))[0]).toMatchObject({ severity: 'SEV1', customer_impact: true });
  });

  it('makes one incident of twenty critical alerts of one group, even arriving at once', async () => {
    const groupKey = aGroupKey();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => alertIncidents.apply(aCriticalFiring(groupKey))));
    expect(outcomes.filter((outcome) => outcome === 'declared')).toHaveLength(1);
    const found = await incidentsOfGroup(groupKey);
    expect(found).toHaveLength(1);
    expect((await timelineKinds(found[0].id)).filter((kind) => kind === 'ALERT_ATTACHED')).toHaveLength(20);
  });

  it('applies an event once', async () => {
    const groupKey = aGroupKey();
    const firing = aCriticalFiring(groupKey);
    await alertIncidents.apply(firing);
    expect(await alertIncidents.apply(firing)).toBe('duplicate');
    expect(await timelineKinds((await incidentsOfGroup(groupKey))[0].id)).toEqual(['DECLARED', 'ALERT_ATTACHED']);
  });

  it('declares a new incident for the group once the previous one is resolved', async () => {
    const groupKey = aGroupKey();
    await alertIncidents.apply(aCriticalFiring(groupKey));
    const [first] = await incidentsOfGroup(groupKey);
    await incidents.resolve(first.id, {}, 'ana');
    expect(await alertIncidents.apply(aCriticalFiring(groupKey))).toBe('declared');
    expect(await incidentsOfGroup(groupKey)).toHaveLength(2);
  });

  it('notes on the timeline when all of its alerts have resolved, and only then', async () => {
    const groupKey = aGroupKey();
    const [a, b] = [aCriticalFiring(groupKey), aCriticalFiring(groupKey)];
    await alertIncidents.apply(a);
    await alertIncidents.apply(b);
    const [incident] = await incidentsOfGroup(groupKey);

    await alertIncidents.apply(aResolution(a.payload.alertId, incident.id));
    expect(await timelineKinds(incident.id)).not.toContain('ALERTS_RESOLVED');
    await alertIncidents.apply(aResolution(b.payload.alertId, incident.id));
    expect(await timelineKinds(incident.id)).toEqual(['DECLARED', 'ALERT_ATTACHED', 'ALERT_ATTACHED', 'ALERTS_RESOLVED']);
    const [note] = await db.query("SELECT message FROM incidents.timeline_entries WHERE incident_id = $1 AND kind = 'ALERTS_RESOLVED'", [incident.id]);
    expect(note.message).toBe('all 2 of its alerts have resolved');
  });

  it('notes it once when all alerts of an incident resolve at the same moment', async () => {
    const groupKey = aGroupKey();
    const firings = Array.from({ length: 5 }, () => aCriticalFiring(groupKey));
    for (const firing of firings) await alertIncidents.apply(firing);
    const [incident] = await incidentsOfGroup(groupKey);
    await Promise.all(firings.map((firing) => alertIncidents.apply(aResolution(firing.payload.alertId, incident.id))));
    expect((await timelineKinds(incident.id)).filter((kind) => kind === 'ALERTS_RESOLVED')).toHaveLength(1);
  });

  it('handles a resolution that arrives before its firing (events out of order)', async () => {
    const groupKey = aGroupKey();
    const firing = aCriticalFiring(groupKey);
    expect(await alertIncidents.apply(aResolution(firing.payload.alertId))).toBe('resolved');
    await alertIncidents.apply(firing);
    const [incident] = await incidentsOfGroup(groupKey);
    expect(await timelineKinds(incident.id)).toEqual(['DECLARED', 'ALERT_ATTACHED', 'ALERTS_RESOLVED']);
  });

  it("records a person's link on the incident's timeline, and ignores a link to an unknown incident", async () => {
    const groupKey = aGroupKey();
    await alertIncidents.apply(aCriticalFiring(groupKey));
    const [incident] = await incidentsOfGroup(groupKey);
    const alertId = randomUUID();
    const link = (incidentId: string) =>
      domainEvent<AlertLinkedToIncident>(AlertEvents.LinkedToIncident, alertId, { alertId, alertName: 'DiskFilling', incidentId, actor: 'ana' });

    expect(await alertIncidents.apply(link(incident.id))).toBe('attached');
    const [entry] = await db.query(
      "SELECT actor, message FROM incidents.timeline_entries WHERE incident_id = $1 AND kind = 'ALERT_ATTACHED' ORDER BY seq DESC LIMIT 1",
      [incident.id],
    );
    expect(entry).toEqual({ actor: 'ana', message: 'alert DiskFilling attached' });
    expect(await alertIncidents.apply(link(randomUUID()))).toBe('ignored');
  });
});
