import { AlertCriticalFired, AlertEvents, IncidentEventPayload, IncidentEvents } from '@companyos/contracts';
import { domainEvent } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, signedSubgraphRequest, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { commitGate, EscalationsService } from '../src/escalations/escalations.service';
import { RunbooksAppModule } from '../src/runbooks.app.module';

// A critical alert and the incident declared for its Alertmanager group reach
// the runbooks app as two events, on two queues, taken by any worker: in
// either order, or at the same moment on two connections, the group gets one
// escalation, and it ends up the incident's (started by the incident, or
// started by the alert and adopted).
describe('an alert group and its incident starting escalations concurrently (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;
  let escalations: EscalationsService;
  let db: DataSource;
  const service = `svc-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    url = await createTestDatabase();
    // The api role: nothing consumes the step jobs enqueued here (their queue prefix is the test's own).
    app = await createTestApp(RunbooksAppModule.forRoot(testPlatformConfig('runbooks', { PORT: '4004', DATABASE_URL: url, ROLE: 'api' })));
    escalations = app.get(EscalationsService);
    db = app.get<DataSource>(getDataSourceToken());
    const signed = signedSubgraphRequest(
      'runbooks',
      {
        query: 'mutation ($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { name } }',
        variables: { input: { name: `policy-${service}`, services: [service], levels: [{ delayMinutes: 0, users: ['ann'] }] } },
      },
      { actor: 'rae@example.com', role: 'admin' },
    );
    const { body } = await request(app.getHttpServer()).post('/graphql').set(signed.headers).send(signed.body).expect(200);
    expect(body.errors).toBeUndefined();
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  let number = 0;
  const eventsOfAGroup = () => {
    const groupKey = `{}:{alertname="Down",case="${randomBytes(4).toString('hex')}"}`;
    const incidentId = randomUUID();
    const alertId = randomUUID();
    const alert = domainEvent<AlertCriticalFired>(AlertEvents.CriticalFired, alertId, {
      alertId, alertName: 'Down', fingerprint: randomBytes(8).toString('hex'), groupKey, service, customerFacing: true, summary: null, startsAt: new Date().toISOString(),
    });
    const incident = domainEvent<IncidentEventPayload>(IncidentEvents.Declared, incidentId, {
      incidentId, version: 1, number: ++number, severity: 'SEV1', status: 'OPEN', affectedServices: [service], customerImpact: true, source: 'ALERT',
      startedAt: new Date().toISOString(), resolvedAt: null, alertGroupKey: groupKey,
    });
    return { groupKey, incidentId, alert, incident };
  };

  const escalationsOf = async (groupKey: string, incidentId: string) =>
    db.query('SELECT incident_id, status FROM runbooks.escalations WHERE alert_group_key = $1 OR incident_id = $2', [groupKey, incidentId]);

  it.each([
    ['the alert first', 'alert-first'],
    ['the incident first', 'incident-first'],
    ['both at once', 'together'],
  ])('gives the group one escalation, the incident’s, with %s', async (_, order) => {
    for (let round = 0; round < 6; round++) {
      const { groupKey, incidentId, alert, incident } = eventsOfAGroup();
      if (order === 'alert-first') {
        await escalations.onAlertEvent(alert);
        await escalations.onIncidentEvent(incident);
      } else if (order === 'incident-first') {
        await escalations.onIncidentEvent(incident);
        await escalations.onAlertEvent(alert);
      } else {
        await Promise.all([escalations.onAlertEvent(alert), escalations.onIncidentEvent(incident)]);
      }
      // Redelivered: no effect.
      await Promise.all([escalations.onAlertEvent(alert), escalations.onIncidentEvent(incident)]);
      expect(await escalationsOf(groupKey, incidentId)).toEqual([{ incident_id: incidentId, status: 'ACTIVE' }]);
    }
  });

  it('starts a fresh escalation when the incident is reopened, and none for a later edit', async () => {
    const { incidentId, incident } = eventsOfAGroup();
    const at = (type: string, version: number, status: string) =>
      domainEvent<IncidentEventPayload>(type, incidentId, { ...incident.payload, version, status, resolvedAt: status === 'RESOLVED' ? new Date().toISOString() : null });
    await escalations.onIncidentEvent(incident);
    await escalations.onIncidentEvent(at(IncidentEvents.Resolved, 2, 'RESOLVED'));
    await escalations.onIncidentEvent(at(IncidentEvents.Reopened, 3, 'OPEN'));
    await escalations.onIncidentEvent(at(IncidentEvents.Updated, 4, 'OPEN'));
    const rows = await db.query('SELECT status, stop_reason, opening FROM runbooks.escalations WHERE incident_id = $1 ORDER BY started_at', [incidentId]);
    expect(rows).toEqual([
      { status: 'STOPPED', stop_reason: 'resolved', opening: 0 },
      { status: 'ACTIVE', stop_reason: null, opening: 3 },
    ]);
  });

  // A level's job is enqueued before the transaction that wrote its escalation commits (so a Redis that refuses rolls
  // the transaction back); a worker may take it first. It must wait for that commit and page on its first attempt,
  // not fail and come back a second later (1,000 escalations at once were paged seconds late that way).
  it('runs a step that arrives before its escalation is committed as soon as the commit lands, first attempt', async () => {
    const [{ id: policyId }] = await db.query('SELECT id FROM runbooks.escalation_policies WHERE name = $1', [`policy-${service}`]);
    const escalationId = randomUUID();
    const writer = db.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    try {
      await writer.query(
        `INSERT INTO runbooks.escalations (id, incident_id, dedup_key, opening, policy_id, policy, incident_title, severity, services, status, started_at)
         SELECT $1, $2::uuid, $2::text, 0, p.id, jsonb_build_object('name', p.name, 'levels', p.levels, 'repeat', p.repeat, 'webhookUrl', p.webhook_url), 'INC-0', 'SEV1', ARRAY[$3], 'ACTIVE', now()
         FROM runbooks.escalation_policies p WHERE p.id = $4`,
        [escalationId, randomUUID(), service, policyId],
      );
      await writer.query('SELECT pg_advisory_xact_lock(hashtext($1))', [commitGate(escalationId)]);
      const step = escalations.runStep({ escalationId, round: 0, level: 0, dueAt: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await writer.commitTransaction();
      await step;
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
    expect(await db.query('SELECT target, outcome FROM runbooks.pages WHERE escalation_id = $1', [escalationId])).toEqual([{ target: 'ann', outcome: 'PENDING' }]);
  });
});
