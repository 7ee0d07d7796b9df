import { IncidentEventPayload, IncidentEvents } from '@companyos/contracts';
import { domainEvent, QueueRegistry, Queues } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, freePort, planOf, PrivateRedis, signedSubgraphRequest, testPlatformConfig, waitFor } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import IORedis from 'ioredis';
import { createServer, Server } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EscalationRedrive, OVERDUE_PAGES_SQL, OVERDUE_STEPS_SQL } from '../src/escalations/escalation-redrive';
import { stepJobId } from '../src/escalations/escalation.rules';
import { EscalationsService } from '../src/escalations/escalations.service';
import { RunbooksAppModule } from '../src/runbooks.app.module';

// An escalation's step and page jobs live in Redis; its rows in Postgres. A Redis that loses everything (a restart
// without persistence, FLUSHALL, a failover) must not leave an escalation ACTIVE with nobody paged: the re-drive
// finds the overdue step (or PENDING page) whose job is gone and enqueues it again, and the page arrives once.
// Its own redis-server, flushed under a running worker; a real HTTP receiver for the pages.
describe('escalations when Redis loses their jobs (real PostgreSQL, private Redis)', () => {
  const appEnv = { PAGE_TIMEOUT_MS: '300', ESCALATION_REDRIVE_INTERVAL_MS: '200', ESCALATION_REDRIVE_GRACE_MS: '600' };
  let url: string;
  let redis: PrivateRedis;
  let client: IORedis;
  let app: INestApplication;
  let escalations: EscalationsService;
  let db: DataSource;
  let receiver: Server;
  let receiverUrl: string;
  /** Pages received, per incident: the answer each got. */
  const received = new Map<string, number[]>();
  /** Incidents whose first page is answered 500 after Redis is flushed (the page's job is then gone mid-retry). */
  const flushOnFirstPage = new Set<string>();

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    client = new IORedis(redis.url, { maxRetriesPerRequest: 1 });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', async () => {
        const incidentId = JSON.parse(body).companyos.incidentId as string;
        const answers = received.get(incidentId) ?? [];
        received.set(incidentId, answers);
        let status = 200;
        if (flushOnFirstPage.has(incidentId) && !answers.length) {
          await client.flushall();
          status = 500;
        }
        answers.push(status);
        res.writeHead(status).end();
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${port}/hook`;
    Object.assign(process.env, appEnv); // the app's own settings are read from process.env
    url = await createTestDatabase();
    app = await createTestApp(RunbooksAppModule.forRoot(testPlatformConfig('runbooks', { PORT: '4004', DATABASE_URL: url, ROLE: 'all', REDIS_URL: redis.url })));
    escalations = app.get(EscalationsService);
    db = app.get<DataSource>(getDataSourceToken());
  });

  afterAll(async () => {
    for (const name of Object.keys(appEnv)) delete process.env[name];
    await app?.close();
    if (url) await dropTestDatabase(url);
    client?.disconnect();
    await redis?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  /** A policy of one level paging ann `delayMinutes` after the start, to the receiver; answers the service it covers. */
  const policyFor = async (delayMinutes: number): Promise<string> => {
    const service = `svc-${randomBytes(3).toString('hex')}`;
    const signed = signedSubgraphRequest(
      'runbooks',
      {
        query: 'mutation ($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { name } }',
        variables: { input: { name: `policy-${service}`, services: [service], webhookUrl: receiverUrl, levels: [{ delayMinutes, users: ['ann'] }] } },
      },
      { actor: 'rae@example.com', role: 'admin' },
    );
    const { body } = await request(app.getHttpServer()).post('/graphql').set(signed.headers).send(signed.body).expect(200);
    expect(body.errors).toBeUndefined();
    return service;
  };

  let number = 0;
  /** Declares a SEV1 incident of the service: its escalation starts (level 1 enqueued as a delayed job). */
  const declare = async (service: string, incidentId = randomUUID()): Promise<{ incidentId: string; escalationId: string }> => {
    await escalations.onIncidentEvent(
      domainEvent<IncidentEventPayload>(IncidentEvents.Declared, incidentId, {
        incidentId, version: 1, number: ++number, severity: 'SEV1', status: 'OPEN', affectedServices: [service], customerImpact: true, source: 'ALERT',
        startedAt: new Date().toISOString(), resolvedAt: null,
      }),
    );
    const [{ id }] = await db.query('SELECT id FROM runbooks.escalations WHERE incident_id = $1', [incidentId]);
    return { incidentId, escalationId: id };
  };

  const stateOfStep = (escalationId: string) => app.get(QueueRegistry).get(Queues.RunbooksEscalations).getJobState(stepJobId(escalationId, { round: 0, level: 0 }));

  const pagesOf = (escalationId: string) => db.query('SELECT target, outcome FROM runbooks.pages WHERE escalation_id = $1', [escalationId]);
  const statusOf = async (escalationId: string) => (await db.query('SELECT status FROM runbooks.escalations WHERE id = $1', [escalationId]))[0].status;
  /** Long enough for several re-drive passes past the grace: a second page would have come by then. */
  const severalPasses = () => new Promise((resolve) => setTimeout(resolve, 2_000));

  it('pages once when Redis lost the level’s delayed job before it was due', async () => {
    const service = await policyFor(0.02); // level 1 due 1.2 s after the start
    const { incidentId, escalationId } = await declare(service);
    expect(await stateOfStep(escalationId)).toBe('delayed');

    await client.flushall(); // Redis restarted empty: the delayed step is gone, the escalation still ACTIVE in Postgres
    expect(await stateOfStep(escalationId)).toBe('unknown');

    await waitFor('the page of the lost step', async () => received.get(incidentId)?.length, 15_000);
    await severalPasses();
    expect(received.get(incidentId)).toEqual([200]);
    expect(await pagesOf(escalationId)).toEqual([{ target: 'ann', outcome: 'SENT' }]);
    expect(await statusOf(escalationId)).toBe('EXHAUSTED');
  });

  it('pages once when Redis lost a page’s job while it was being retried', async () => {
    const service = await policyFor(0);
    const incidentId = randomUUID();
    // The receiver flushes Redis on the first page (its job vanishes under the worker) and answers 500.
    flushOnFirstPage.add(incidentId);
    const { escalationId } = await declare(service, incidentId);

    await waitFor('the page sent again after its job was lost', async () => received.get(incidentId)?.includes(200), 15_000);
    await severalPasses();
    expect(received.get(incidentId)).toEqual([500, 200]);
    expect(await pagesOf(escalationId)).toEqual([{ target: 'ann', outcome: 'SENT' }]);
  });

  it('leaves an overdue step alone while Redis still holds its job, and looks again a grace later', async () => {
    const service = await policyFor(0.02);
    const { incidentId, escalationId } = await declare(service);
    // As if its worker were backlogged: the step looks long overdue, its job still delayed in Redis.
    await db.query(`UPDATE runbooks.escalations SET redrive_after = now() - interval '1 hour' WHERE id = $1`, [escalationId]);
    const { steps } = await app.get(EscalationRedrive).pass();
    expect(steps.enqueued).toBe(0); // nothing is lost: nothing enqueued again
    const [{ looked_at_recently }] = await db.query(`SELECT redrive_after > now() - interval '1 minute' AS looked_at_recently FROM runbooks.escalations WHERE id = $1`, [escalationId]);
    expect(looked_at_recently).toBe(true);
    expect(await stateOfStep(escalationId)).toBe('delayed');
    await waitFor('the page of the step', async () => received.get(incidentId)?.length, 15_000);
    await severalPasses();
    expect(received.get(incidentId)).toEqual([200]);
  });

  // Every pass runs these, lost jobs or not: over a history of finished escalations and sent pages they must read
  // only the partial indexes of what is still to run (an empty range when nothing is), never the tables.
  it('looks for overdue steps and pages through their partial indexes, not the history', async () => {
    await db.query(
      `INSERT INTO runbooks.escalations (incident_id, dedup_key, policy_id, policy, severity, services, status, started_at, stopped_at)
       SELECT gen_random_uuid(), 'history', gen_random_uuid(), '{}'::jsonb, 'SEV1', ARRAY['x'], 'EXHAUSTED', now() - interval '1 day', now() FROM generate_series(1, 20000)`,
    );
    await db.query(
      `INSERT INTO runbooks.pages (escalation_id, round, level, target, channel, outcome, attempts, sent_at, redrive_after)
       SELECT id, 0, 0, 'ann', 'webhook', 'SENT', 1, now(), NULL FROM runbooks.escalations WHERE dedup_key = 'history'`,
    );
    await db.query('ANALYZE runbooks.escalations');
    await db.query('ANALYZE runbooks.pages');
    const cutoff = new Date();
    for (const [sql, index] of [[OVERDUE_STEPS_SQL, 'escalations_redrive'], [OVERDUE_PAGES_SQL, 'pages_redrive']]) {
      const plan = await planOf(db, { getQueryAndParameters: () => [sql, [cutoff]] });
      expect(plan).toMatchObject({ indexes: [index], seqScans: 0 });
    }
  });
});
