import { createTestApp, createTestDatabase, dropTestDatabase, subgraphHeaders, testPlatformConfig } from '@companyos/testing';
import type { AccessRole } from '@companyos/contracts';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunbooksAppModule } from '../src/runbooks.app.module';
import { RunbookSyncService } from '../src/runbooks/runbook-sync.service';

// The runbooks subgraph in process on real PostgreSQL: the catalog synced
// from real YAML files on disk (broken ones included), executions driven
// through its GraphQL mutations, and suggestions ranked from the runs.
describe('runbooks subgraph (real PostgreSQL, YAML files on disk)', () => {
  let url: string;
  let dir: string;
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'runbooks-'));
    process.env.RUNBOOKS_DIR = dir; // the app's own settings are read from process.env
    app = await createTestApp(RunbooksAppModule.forRoot(testPlatformConfig('runbooks', { PORT: '4004', DATABASE_URL: url, ROLE: 'all' })));
    db = app.get(DataSource);
  });

  afterAll(async () => {
    delete process.env.RUNBOOKS_DIR;
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (url) await dropTestDatabase(url);
  });

  const graphql = async (query: string, variables: Record<string, unknown> = {}, role: AccessRole = 'admin', actor = 'ria@example.com') => {
    const response = await request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set(subgraphHeaders('runbooks', JSON.stringify({ query, variables }), { actor, role })).send(JSON.stringify({ query, variables })).expect(200);
    return response.body as { data?: any; errors?: any[] };
  };
  const ok = async (query: string, variables: Record<string, unknown> = {}, role: AccessRole = 'admin') => {
    const { data, errors } = await graphql(query, variables, role);
    if (errors) throw new Error(JSON.stringify(errors));
    return data;
  };
  const codeOf = async (query: string, variables: Record<string, unknown> = {}, role: AccessRole = 'admin') =>
    (await graphql(query, variables, role)).errors?.[0]?.extensions?.code;

  const SYNC = 'mutation ($yaml: String) { syncRunbooks(yaml: $yaml) { created updated retired unchanged errors { file line message } } }';
  const sync = async (yaml?: string) => (await ok(SYNC, { yaml })).syncRunbooks;
  const write = (name: string, text: string) => writeFile(join(dir, name), text);
  const RUNBOOK = 'query ($id: ID!) { runbook(id: $id) { id title version retired steps { title } stats { executions successRate medianDurationSeconds lastRunAt } } }';
  const idOf = async (path: string) => (await db.query('SELECT id FROM runbooks.runbooks WHERE path = $1', [path]))[0].id as string;

  const redisYaml = (title = 'Redis unreachable') => `title: ${title}
category: datastore
estimatedDuration: 20m
services: [checkout]
alerts: [RedisDown]
steps:
  - title: Ping Redis
    command: redis-cli ping
  - title: Fail over
`;

  it('syncs a directory, reports broken files with their line, then retires, re-adds and updates by hash', async () => {
    await write('redis.yaml', redisYaml());
    await write('latency.yml', 'title: High latency\nalerts: [HighLatency]\nservices: [checkout]\nsteps:\n  - title: Look at the dashboards\n');
    await write('no-step-title.yaml', 'title: Broken\nsteps:\n  - title: fine\n  - command: echo no title\n');
    await write('bad-syntax.yaml', 'title: Bad\nsteps:\n  - title: "unclosed\n');
    await write('README.md', 'not a runbook');

    const first = await sync();
    expect(first).toMatchObject({ created: 2, updated: 0, retired: 0, unchanged: 0 });
    expect(first.errors).toContainEqual({ file: 'no-step-title.yaml', line: 4, message: 'steps.1.title: is required' });
    expect(first.errors.find((e: any) => e.file === 'bad-syntax.yaml').line).toBeGreaterThanOrEqual(3);
    expect(first.errors).toHaveLength(2);

    // Nothing changed: nothing written.
    expect(await sync()).toMatchObject({ created: 0, updated: 0, retired: 0, unchanged: 2 });

    // A comment is not a change; a new step is (version 2).
    await write('redis.yaml', `# owned by the datastore team\n${redisYaml()}`);
    expect(await sync()).toMatchObject({ updated: 0, unchanged: 2 });
    await write('redis.yaml', `${redisYaml()}  - title: Tell the channel\n`);
    expect(await sync()).toMatchObject({ updated: 1, unchanged: 1 });
    const redisId = await idOf('redis.yaml');
    expect((await ok(RUNBOOK, { id: redisId })).runbook).toMatchObject({ version: 2, retired: false, steps: [{ title: 'Ping Redis' }, { title: 'Fail over' }, { title: 'Tell the channel' }] });

    // A file that breaks keeps its last good version: it is not retired.
    await write('latency.yml', 'title: High latency\nsteps: nope\n');
    const broken = await sync();
    expect(broken).toMatchObject({ retired: 0, unchanged: 1 });
    expect(broken.errors).toContainEqual({ file: 'latency.yml', line: 2, message: 'steps: must be a list of steps' });
    await write('latency.yml', 'title: High latency\nalerts: [HighLatency]\nservices: [checkout]\nsteps:\n  - title: Look at the dashboards\n');

    // File gone: retired, kept with its history, hidden from the list; back: active again.
    await rm(join(dir, 'redis.yaml'));
    expect(await sync()).toMatchObject({ retired: 1, unchanged: 1 });
    expect((await ok(RUNBOOK, { id: redisId })).runbook.retired).toBe(true);
    const listed = await ok('{ runbooks(filter: { service: "checkout" }) { totalCount nodes { title } } }');
    expect(listed.runbooks.nodes.map((r: any) => r.title)).toEqual(['High latency']);
    expect(
      await codeOf('mutation ($id: ID!) { startRunbookExecution(input: { runbookId: $id }) { id } }', { id: redisId }, 'responder'),
    ).toBe('RUNBOOK_RETIRED');
    await write('redis.yaml', redisYaml());
    expect(await sync()).toMatchObject({ created: 0, updated: 1, retired: 0 });
    expect((await ok(RUNBOOK, { id: redisId })).runbook).toMatchObject({ retired: false, version: 3 });
  });

  it('syncs a posted YAML body of several documents without touching the directory runbooks', async () => {
    const body = `path: posted/deploy-freeze.yaml\ntitle: Deploy freeze\nservices: [payments]\nsteps: [{title: Announce the freeze}]\n---\ntitle: Cache stampede\nservices: [payments]\nsteps:\n  - title: Warm the cache\n---\ntitle: Missing steps\n`;
    const result = await sync(body);
    expect(result).toMatchObject({ created: 2, updated: 0, retired: 0 });
    expect(result.errors).toEqual([{ file: 'body', line: 11, message: 'steps: is required (a list of steps)' }]);
    const paths = (await db.query(`SELECT path FROM runbooks.runbooks WHERE source = 'posted' ORDER BY path`)).map((r: any) => r.path);
    expect(paths).toEqual(['posted/cache-stampede.yaml', 'posted/deploy-freeze.yaml']);
    // The next directory sync leaves posted runbooks alone.
    expect((await sync()).retired).toBe(0);
  });

  it("syncs the platform's own RUNBOOKS/ without an error", async () => {
    const result = await app.get(RunbookSyncService).syncDirectory(join(__dirname, '..', '..', '..', 'RUNBOOKS'));
    expect(result.errors).toEqual([]);
    expect(result.created + result.updated + result.unchanged).toBeGreaterThanOrEqual(5);
  });

  it('lets only an admin sync', async () => {
    expect(await codeOf(SYNC, {}, 'responder')).toBe('FORBIDDEN');
  });

  describe('executions', () => {
    const START = `mutation ($input: StartRunbookExecutionInput!) {
      startRunbookExecution(input: $input) { id status stepsCompleted stepsTotal currentStep triggeredBy snapshot { version steps { title } } }
    }`;
    const UPDATE = `mutation ($id: ID!, $input: UpdateRunbookExecutionInput!) {
      updateRunbookExecution(id: $id, input: $input) { id status stepsCompleted stepsTotal currentStep notes stepCompletedAt finishedAt finishedBy }
    }`;

    it('runs on a snapshot, stamps each step, never goes back and cannot change once finished', async () => {
      await write('exec.yaml', 'title: Exec runbook\nservices: [exec-svc]\nsteps:\n  - title: one\n  - title: two\n  - title: three\n');
      await sync();
      const runbookId = await idOf('exec.yaml');
      const incidentId = randomUUID();
      const started = (await ok(START, { input: { runbookId, incidentId, triggeredBy: 'alice@summit.com', triggerSource: 'INCIDENT' } }, 'responder'))
        .startRunbookExecution;
      expect(started).toMatchObject({ status: 'IN_PROGRESS', stepsCompleted: 0, stepsTotal: 3, currentStep: 'one', triggeredBy: 'alice@summit.com' });

      // A sync after the start does not change what is being run.
      await write('exec.yaml', 'title: Exec runbook\nservices: [exec-svc]\nsteps:\n  - title: ONE\n');
      await sync();
      const read = await ok('query ($id: ID!) { runbookExecution(id: $id) { snapshot { version steps { title } } runbook { version } incident { id } } }', {
        id: started.id,
      });
      expect(read.runbookExecution).toMatchObject({ snapshot: { version: 1, steps: [{ title: 'one' }, { title: 'two' }, { title: 'three' }] }, runbook: { version: 2 }, incident: { id: incidentId } });

      const progressed = (await ok(UPDATE, { id: started.id, input: { stepsCompleted: 2, stepsTotal: 3, currentStep: 'three' } }, 'responder')).updateRunbookExecution;
      expect(progressed.stepCompletedAt).toHaveLength(2);
      expect(await codeOf(UPDATE, { id: started.id, input: { stepsCompleted: 1 } }, 'responder')).toBe('RUNBOOK_EXECUTION_STEPS_BACKWARDS');
      expect(await codeOf(UPDATE, { id: started.id, input: { stepsCompleted: 4 } }, 'responder')).toBe('INVALID_RUNBOOK_EXECUTION_PROGRESS');
      const done = (await ok(UPDATE, { id: started.id, input: { stepsCompleted: 3, status: 'COMPLETED', notes: 'all good' } }, 'responder'))
        .updateRunbookExecution;
      expect(done).toMatchObject({ status: 'COMPLETED', finishedBy: 'ria@example.com', notes: 'all good' });
      expect(done.stepCompletedAt).toHaveLength(3);
      expect(await codeOf(UPDATE, { id: started.id, input: { notes: 'too late' } }, 'responder')).toBe('RUNBOOK_EXECUTION_ALREADY_FINISHED');
      expect(await codeOf(UPDATE, { id: randomUUID(), input: { notes: 'x' } }, 'responder')).toBe('RUNBOOK_EXECUTION_NOT_FOUND');
      expect(await codeOf(START, { input: { runbookId: randomUUID() } }, 'responder')).toBe('RUNBOOK_NOT_FOUND');
      expect(await codeOf(START, { input: { runbookId } }, 'viewer')).toBe('FORBIDDEN');

      // Start and finish went out through the outbox, for the incident's timeline.
      const events = await db.query(`SELECT type, payload FROM runbooks.outbox WHERE aggregate_id = $1 ORDER BY seq`, [started.id]);
      expect(events.map((e: any) => e.type)).toEqual(['runbook.execution_started', 'runbook.execution_finished']);
      expect(events[1].payload).toMatchObject({ incidentId, status: 'COMPLETED', runbookTitle: 'Exec runbook', actor: 'ria@example.com' });

      const stats = (await ok(RUNBOOK, { id: runbookId })).runbook.stats;
      expect(stats).toMatchObject({ executions: 1, successRate: 1 });
      expect(stats.medianDurationSeconds).toBeGreaterThanOrEqual(0);
      const byIncident = await ok('query ($id: ID!) { runbookExecutions(filter: { incidentId: $id }) { totalCount nodes { id } } }', { id: incidentId });
      expect(byIncident.runbookExecutions).toEqual({ totalCount: 1, nodes: [{ id: started.id }] });
    });
  });

  describe('suggestions', () => {
    /** Runs `runbookId` n times for `service`, `succeeded` of them COMPLETED, the rest FAILED. */
    const runs = async (runbookId: string, service: string, n: number, succeeded: number) => {
      for (let i = 0; i < n; i++) {
        const { id } = (await ok('mutation ($input: StartRunbookExecutionInput!) { startRunbookExecution(input: $input) { id } }', { input: { runbookId, service } }, 'responder'))
          .startRunbookExecution;
        await ok('mutation ($id: ID!, $s: RunbookExecutionStatus!) { updateRunbookExecution(id: $id, input: { status: $s }) { id } }', {
          id,
          s: i < succeeded ? 'COMPLETED' : 'FAILED',
        }, 'responder');
      }
    };

    it('ranks Service.runbooks and Incident.suggestedRunbooks by past success on the service, with reasons', async () => {
      await sync(
        ['often-works', 'rarely-works', 'never-run']
          .map((name) => `path: suggest/${name}.yaml\ntitle: ${name}\nservices: [billing]\nsteps: [{title: go}]\n`)
          .join('---\n'),
      );
      const [often, rarely] = [await idOf('suggest/often-works.yaml'), await idOf('suggest/rarely-works.yaml')];
      await runs(often, 'billing', 10, 9);
      await runs(rarely, 'billing', 4, 1);
      await runs(rarely, 'elsewhere', 5, 5); // success on another service does not count here

      const service = await ok('{ service(name: "billing") { runbooks { runbook { title } reason successRate runs match } } }');
      expect(service.service.runbooks).toEqual([
        { runbook: { title: 'often-works' }, reason: 'covers billing; 9 of 10 runs succeeded', successRate: 0.9, runs: 10, match: 'SERVICE' },
        { runbook: { title: 'rarely-works' }, reason: 'covers billing; 1 of 4 runs succeeded', successRate: 0.25, runs: 4, match: 'SERVICE' },
        { runbook: { title: 'never-run' }, reason: 'covers billing; no runs yet', successRate: null, runs: 0, match: 'SERVICE' },
      ]);

      // What the gateway asks when a query selects Incident.suggestedRunbooks (affectedServices comes from the incidents subgraph).
      const entities = await ok(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Incident { suggestedRunbooks { runbook { title } reason } } } }`,
        { representations: [{ __typename: 'Incident', id: randomUUID(), affectedServices: ['billing'] }] },
        'viewer',
      );
      expect(entities._entities[0].suggestedRunbooks.map((s: any) => s.runbook.title)).toEqual(['often-works', 'rarely-works', 'never-run']);
    });

    it("ranks Alert.suggestedRunbooks: the alert's runbook_url first, then its name (by success on it), then its service", async () => {
      await sync(
        [
          'path: alert/by-service.yaml\ntitle: by-service\nservices: [search]\nsteps: [{title: go}]\n',
          'path: alert/by-name-proven.yaml\ntitle: by-name-proven\nalerts: [SearchSlow]\nsteps: [{title: go}]\n',
          'path: alert/by-name-new.yaml\ntitle: by-name-new\nalerts: [SearchSlow]\nsteps: [{title: go}]\n',
          'path: alert/linked.yaml\ntitle: linked\nurl: https://wiki.example.com/search-slow\nsteps: [{title: go}]\n',
        ].join('---\n'),
      );
      const proven = await idOf('alert/by-name-proven.yaml');
      for (let i = 0; i < 3; i++) {
        const { id } = (await ok('mutation ($input: StartRunbookExecutionInput!) { startRunbookExecution(input: $input) { id } }', { input: { runbookId: proven, alertName: 'SearchSlow' } }, 'responder'))
          .startRunbookExecution;
        await ok('mutation ($id: ID!) { updateRunbookExecution(id: $id, input: { status: COMPLETED }) { id } }', { id }, 'responder');
      }
      const entities = await ok(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Alert { suggestedRunbooks { runbook { title } match reason } } } }`,
        {
          representations: [
            { __typename: 'Alert', id: randomUUID(), alertName: 'SearchSlow', service: 'search', runbookUrl: 'https://wiki.example.com/search-slow' },
          ],
        },
        'viewer',
      );
      expect(entities._entities[0].suggestedRunbooks).toEqual([
        { runbook: { title: 'linked' }, match: 'RUNBOOK_URL', reason: "named by the alert's runbook_url; no runs yet" },
        { runbook: { title: 'by-name-proven' }, match: 'ALERT_NAME', reason: 'handles SearchSlow; 3 of 3 runs succeeded' },
        { runbook: { title: 'by-name-new' }, match: 'ALERT_NAME', reason: 'handles SearchSlow; no runs yet' },
        { runbook: { title: 'by-service' }, match: 'SERVICE', reason: 'covers search; no runs yet' },
      ]);
    });
  });
});
