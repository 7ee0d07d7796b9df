import { DeploymentEvents, IncidentAlertEvents, IncidentEventPayload, IncidentEvents, RunbookEvents } from '@companyos/contracts';
import { DomainEvent, QueueRegistry, Queues } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, githubExample, signedSubgraphRequest, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IncidentRecordsService } from '../src/incidents/incident-records.service';
import { KnowledgeAppModule } from '../src/knowledge.app.module';

// The knowledge subgraph in process on real PostgreSQL and Redis: incident
// events arrive on its real queue as the incidents outbox publishes them,
// postmortems go through their lifecycle over signed GraphQL, and the syncs
// read real files (the parser's fixtures, a backlog written here).
describe('knowledge subgraph (real PostgreSQL and Redis)', () => {
  let url: string;
  let app: INestApplication;
  let db: DataSource;
  const backlogDir = mkdtempSync(join(tmpdir(), 'knowledge-backlog-'));
  const backlogFile = join(backlogDir, 'backlog.json');
  const KNOWLEDGE_ENV = { ADR_DIR: join(__dirname, 'fixtures', 'adr'), ROADMAP_FILE: backlogFile, ACTION_ITEM_TIME_ZONE: 'Europe/Berlin' };

  beforeAll(async () => {
    url = await createTestDatabase();
    // The app's own settings are read from process.env.
    Object.assign(process.env, KNOWLEDGE_ENV);
    app = await createTestApp(KnowledgeAppModule.forRoot(testPlatformConfig('knowledge', { PORT: '4005', DATABASE_URL: url, ROLE: 'all', ENQUEUE_TIMEOUT_MS: '10000' })));
    db = app.get(DataSource);
  });

  afterAll(async () => {
    for (const name of Object.keys(KNOWLEDGE_ENV)) delete process.env[name];
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  const graphql = (query: string, variables: Record<string, unknown> = {}, role: 'viewer' | 'responder' | 'admin' = 'responder') =>
    (({ headers, body }) => request(app.getHttpServer()).post('/graphql').set(headers).send(body).expect(200))(
      signedSubgraphRequest('knowledge', { query, variables }, { actor: 'gina@example.com', role }),
    );
  const data = async (query: string, variables: Record<string, unknown> = {}, role?: 'viewer' | 'responder' | 'admin') => {
    const response = await graphql(query, variables, role);
    expect(response.body.errors).toBeUndefined();
    return response.body.data;
  };
  const errorOf = async (query: string, variables: Record<string, unknown> = {}, role?: 'viewer' | 'responder' | 'admin') => {
    const response = await graphql(query, variables, role);
    expect(response.body.errors).toHaveLength(1);
    return response.body.errors[0];
  };

  /** An incident event as the incidents outbox publishes it (the whole state after the change). */
  const incidentEvent = (type: string, incidentId: string, overrides: Partial<IncidentEventPayload> = {}, occurredAt = new Date()): DomainEvent<IncidentEventPayload> => ({
    id: randomUUID(),
    type,
    aggregateId: incidentId,
    occurredAt: occurredAt.toISOString(),
    payload: {
      incidentId,
      // The producer bumps the version with each change; these tests build each incident's events in the order of their
      // times, so the time in seconds stands in for it (a test of an older event arriving late still sends it late).
      version: Math.floor(occurredAt.getTime() / 1000),
      number: 7,
      severity: 'SEV2',
      status: 'OPEN',
      affectedServices: ['api-gateway'],
      customerImpact: true,
      source: 'MANUAL',
      startedAt: '2026-03-01T10:00:00.000Z',
      resolvedAt: null,
      title: 'API latency spike in us-east-1',
      commander: 'alice@summit.com',
      impactDescription: 'P95 latency increased to 2.5s',
      acknowledgedAt: null,
      resolution: null,
      ...overrides,
    },
  });
  const publish = (event: DomainEvent) =>
    app.get(QueueRegistry).enqueue(Queues.KnowledgeIncidents, [{ name: event.type, data: event, opts: { jobId: event.id } }]);
  const eventually = async <T>(probe: () => Promise<T | null | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const value = await probe();
      if (value) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const postmortemsOf = async (incidentId: string) =>
    (await db.query('SELECT id, status, auto_drafted, title, timeline, summary FROM knowledge.postmortems WHERE incident_id = $1', [incidentId])) as {
      id: string;
      status: string;
      auto_drafted: boolean;
      title: string;
      timeline: { kind: string; description: string }[];
      summary: string;
    }[];

  /** An incident the knowledge domain has heard of (its declaration went through the queue). */
  const aKnownIncident = async (overrides: Partial<IncidentEventPayload> = {}) => {
    const incidentId = randomUUID();
    await publish(incidentEvent(IncidentEvents.Declared, incidentId, overrides));
    await eventually(async () => (await db.query('SELECT 1 FROM knowledge.incidents WHERE incident_id = $1', [incidentId])).length, 'the incident record');
    return incidentId;
  };

  const PM_FIELDS = `id incidentId title status rootCauseAnalysis lessonsLearned publishedBy actionItems { id description owner dueDate status overdue }`;
  const CREATE = `mutation ($input: CreatePostmortemInput!) { createPostmortem(input: $input) { ${PM_FIELDS} } }`;
  const UPDATE = `mutation ($id: ID!, $input: UpdatePostmortemInput!) { updatePostmortem(id: $id, input: $input) { ${PM_FIELDS} } }`;
  const seedInput = (incidentId: string) => ({
    incidentId,
    title: 'API Latency Spike - 2024-01-15',
    rootCauseAnalysis: 'Database connection pool exhaustion',
    actionItems: [{ description: 'Increase connection pool size', owner: 'alice@summit.com', dueDate: '2024-01-30' }],
    lessonsLearned: ['Need better connection pool monitoring', 'Auto-scaling policies need tuning'],
  });

  describe('postmortems', () => {
    it('goes DRAFT → IN_REVIEW → PUBLISHED, and a published one is frozen', async () => {
      const incidentId = await aKnownIncident();
      const created = (await data(CREATE, { input: seedInput(incidentId) })).createPostmortem;
      expect(created).toMatchObject({
        incidentId,
        status: 'DRAFT',
        lessonsLearned: ['Need better connection pool monitoring', 'Auto-scaling policies need tuning'],
        actionItems: [{ description: 'Increase connection pool size', owner: 'alice@summit.com', dueDate: '2024-01-30', status: 'OPEN', overdue: true }],
      });
      expect((await data(UPDATE, { id: created.id, input: { status: 'IN_REVIEW', contributingFactors: ['pool too small', 'no alert'] } })).updatePostmortem.status).toBe('IN_REVIEW');
      const published = (await data(UPDATE, { id: created.id, input: { status: 'PUBLISHED' } })).updatePostmortem;
      expect(published).toMatchObject({ status: 'PUBLISHED', publishedBy: 'gina@example.com' });

      expect(await errorOf(UPDATE, { id: created.id, input: { title: 'rewritten' } })).toMatchObject({ extensions: { code: 'POSTMORTEM_PUBLISHED' } });
      expect(await errorOf(UPDATE, { id: created.id, input: { status: 'DRAFT' } })).toMatchObject({ extensions: { code: 'POSTMORTEM_PUBLISHED' } });
      expect((await postmortemsOf(incidentId))[0].title).toBe('API Latency Spike - 2024-01-15');
    });

    it('one per incident: a second is a conflict naming the first', async () => {
      const incidentId = await aKnownIncident();
      const first = (await data(CREATE, { input: seedInput(incidentId) })).createPostmortem;
      expect(await errorOf(CREATE, { input: seedInput(incidentId) })).toMatchObject({
        extensions: { code: 'POSTMORTEM_ALREADY_EXISTS', status: 409, details: { existingId: first.id } },
      });
      expect(await postmortemsOf(incidentId)).toHaveLength(1);
    });

    it('refuses bad input naming the field: an unknown incident, a due date that is not a date, publishing without a root cause', async () => {
      expect(await errorOf(CREATE, { input: seedInput(randomUUID()) })).toMatchObject({ extensions: { code: 'INCIDENT_NOT_FOUND' }, message: expect.stringContaining('incidentId') });
      const incidentId = await aKnownIncident();
      const input = { ...seedInput(incidentId), actionItems: [{ description: 'x', dueDate: 'next friday' }] };
      expect(await errorOf(CREATE, { input })).toMatchObject({
        extensions: { code: 'INVALID_DUE_DATE' },
        message: 'actionItems[0].dueDate "next friday" is not a date (expected YYYY-MM-DD)',
      });
      expect(await postmortemsOf(incidentId)).toHaveLength(0); // nothing half-written
      const draft = (await data(CREATE, { input: { incidentId, title: 'no cause yet' } })).createPostmortem;
      expect(await errorOf(UPDATE, { id: draft.id, input: { status: 'PUBLISHED' } })).toMatchObject({ extensions: { code: 'INVALID_POSTMORTEM_INCOMPLETE' } });
    });

    it('needs the responder role to write', async () => {
      const incidentId = await aKnownIncident();
      expect((await errorOf(CREATE, { input: seedInput(incidentId) }, 'viewer')).extensions.code).toBe('FORBIDDEN');
    });

    it('Incident.postmortem resolves through the entity reference', async () => {
      const incidentId = await aKnownIncident();
      const created = (await data(CREATE, { input: seedInput(incidentId) })).createPostmortem;
      const result = await data(`query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Incident { id postmortem { id title } } } }`, {
        reps: [{ __typename: 'Incident', id: incidentId }, { __typename: 'Incident', id: randomUUID() }],
      });
      expect(result._entities).toEqual([{ id: incidentId, postmortem: { id: created.id, title: 'API Latency Spike - 2024-01-15' } }, expect.objectContaining({ postmortem: null })]);
    });
  });

  describe('action items', () => {
    it('NOT_DOING needs a reason; the filter finds by owner, status, overdue and incident', async () => {
      const incidentId = await aKnownIncident();
      const owner = `owner-${randomUUID()}`;
      const created = (
        await data(CREATE, {
          input: {
            incidentId,
            title: 'filters',
            actionItems: [
              { description: 'past due', owner, dueDate: '2020-01-01' },
              { description: 'far ahead', owner, dueDate: '2999-01-01' },
              { description: 'not doing', owner },
            ],
          },
        })
      ).createPostmortem;
      const [pastDue, , notDoing] = created.actionItems;
      const UPDATE_ITEM = `mutation ($id: ID!, $input: UpdateActionItemInput!) { updateActionItem(id: $id, input: $input) { status statusReason closedAt } }`;
      expect(await errorOf(UPDATE_ITEM, { id: notDoing.id, input: { status: 'NOT_DOING' } })).toMatchObject({ extensions: { code: 'INVALID_ACTION_ITEM_REASON_REQUIRED' } });
      expect((await data(UPDATE_ITEM, { id: notDoing.id, input: { status: 'NOT_DOING', reason: 'the new pooler makes it moot' } })).updateActionItem).toMatchObject({
        status: 'NOT_DOING',
        statusReason: 'the new pooler makes it moot',
        closedAt: expect.any(String),
      });
      const list = async (filter: Record<string, unknown>) =>
        (await data(`query ($filter: ActionItemsFilter) { actionItems(filter: $filter) { totalCount nodes { description } } }`, { filter })).actionItems.nodes
          .map((node: { description: string }) => node.description)
          .sort();
      expect(await list({ owner })).toEqual(['far ahead', 'not doing', 'past due']);
      expect(await list({ owner, overdue: true })).toEqual(['past due']);
      expect(await list({ owner, overdue: false })).toEqual(['far ahead', 'not doing']);
      expect(await list({ owner, status: ['NOT_DOING'] })).toEqual(['not doing']);
      expect(await list({ incidentId, status: ['OPEN'] })).toEqual(['far ahead', 'past due']);
      await data(UPDATE_ITEM, { id: pastDue.id, input: { status: 'DONE' } });
      expect(await list({ owner, overdue: true })).toEqual([]);
    });
  });

  describe('auto-draft on incident resolution', () => {
    it('drafts once from a SEV2 resolution pre-filled with the timeline, however often the event comes', async () => {
      const incidentId = randomUUID();
      const at = (iso: string) => new Date(iso);
      await publish(incidentEvent(IncidentEvents.Declared, incidentId, {}, at('2026-03-01T10:00:00Z')));
      await publish(incidentEvent(IncidentEvents.Acknowledged, incidentId, { status: 'INVESTIGATING', acknowledgedAt: '2026-03-01T10:04:00Z' }, at('2026-03-01T10:04:00Z')));
      await publish(incidentEvent(IncidentEvents.StatusChanged, incidentId, { status: 'MONITORING', acknowledgedAt: '2026-03-01T10:04:00Z' }, at('2026-03-01T10:30:00Z')));
      const resolved = incidentEvent(
        IncidentEvents.Resolved,
        incidentId,
        { status: 'RESOLVED', acknowledgedAt: '2026-03-01T10:04:00Z', resolvedAt: '2026-03-01T11:00:00Z', resolution: 'rolled back v2.4.1' },
        at('2026-03-01T11:00:00Z'),
      );
      await publish(resolved);
      // The worker takes the four events concurrently: the resolution may draft before the mitigation is read, which
      // is then merged into the draft's timeline. Wait for the draft with all four.
      const [draft] = await eventually(async () => {
        const rows = await postmortemsOf(incidentId);
        return rows.length && rows[0].timeline.length === 4 ? rows : null;
      }, 'the draft with the whole timeline');
      expect(draft).toMatchObject({ status: 'DRAFT', auto_drafted: true, title: 'Postmortem: API latency spike in us-east-1' });
      expect(draft.timeline.map((entry) => entry.kind)).toEqual(['DETECTED', 'ACKNOWLEDGED', 'MITIGATED', 'RESOLVED']);
      expect(draft.summary).toContain('time to acknowledge: 4 min, time to mitigate: 30 min, time to resolve: 1 h');

      // The same event again (a replay), and a second resolution after a reopen: still the one draft.
      const records = app.get(IncidentRecordsService);
      await records.apply(resolved);
      await records.apply(incidentEvent(IncidentEvents.Resolved, incidentId, { status: 'RESOLVED', resolvedAt: '2026-03-02T09:00:00Z' }, at('2026-03-02T09:00:00Z')));
      await Promise.all([1, 2, 3].map(() => records.apply(incidentEvent(IncidentEvents.Resolved, incidentId, { status: 'RESOLVED', resolvedAt: '2026-03-02T09:00:00Z' }))));
      expect(await postmortemsOf(incidentId)).toHaveLength(1);
    });

    it('events consumed out of order still make the whole timeline; a draft someone edited is no longer re-drafted', async () => {
      const records = app.get(IncidentRecordsService);
      const incidentId = randomUUID();
      const at = (iso: string) => new Date(iso);
      const monitoring = incidentEvent(IncidentEvents.StatusChanged, incidentId, { status: 'MONITORING', acknowledgedAt: '2026-03-01T10:04:00Z' }, at('2026-03-01T10:30:00Z'));
      await records.apply(incidentEvent(IncidentEvents.Resolved, incidentId, { status: 'RESOLVED', resolvedAt: '2026-03-01T11:00:00Z' }, at('2026-03-01T11:00:00Z')));
      expect((await postmortemsOf(incidentId))[0].timeline.map((entry) => entry.kind)).toEqual(['DETECTED', 'RESOLVED']);
      await records.apply(monitoring); // older than the resolution, consumed after it
      expect((await postmortemsOf(incidentId))[0].timeline.map((entry) => entry.kind)).toEqual(['DETECTED', 'ACKNOWLEDGED', 'MITIGATED', 'RESOLVED']);

      const [draft] = await postmortemsOf(incidentId);
      await data(UPDATE, { id: draft.id, input: { rootCauseAnalysis: 'a bad config push' } });
      await records.apply(incidentEvent(IncidentEvents.Resolved, incidentId, { status: 'RESOLVED', resolvedAt: '2026-03-02T11:00:00Z', title: 'renamed' }, at('2026-03-02T11:00:00Z')));
      expect((await postmortemsOf(incidentId))[0].title).toBe('Postmortem: API latency spike in us-east-1');
    });

    it('pre-fills the alerts, runbook executions and causing deployment that other domains reported, whichever arrives first', async () => {
      const incidentId = randomUUID();
      const at = (iso: string) => new Date(iso);
      const other = (type: string, payload: Record<string, unknown>, occurredAt: string): DomainEvent => ({ id: randomUUID(), type, aggregateId: incidentId, occurredAt, payload });
      const deployment = { deploymentId: randomUUID(), serviceName: 'api-gateway', version: 'v2.4.1', environment: 'PRODUCTION', status: 'SUCCEEDED', commitSha: 'a1b2c3d4e5f6a7b8', finishedAt: '2026-03-01T09:50:00.000Z', rollbackOf: null };
      const execution = { executionId: randomUUID(), runbookId: randomUUID(), runbookTitle: 'Roll back a release', runbookVersion: 2, incidentId, triggeredBy: 'alice@summit.com', triggerSource: 'MANUAL', startedAt: '2026-03-01T10:10:00.000Z', actor: null };
      // The alert and the cause arrive before the incident itself (queues of different domains keep no common order).
      await publish(other(IncidentAlertEvents.AlertAttached, { incidentId, alertId: randomUUID(), alertName: 'HighLatencyP95' }, '2026-03-01T10:00:00Z'));
      await publish(other(DeploymentEvents.IncidentAttributed, { incidentId, deployment, attribution: 'AUTOMATIC', linkedBy: null, attributedAt: '2026-03-01T10:00:01Z' }, '2026-03-01T10:00:01Z'));
      await publish(incidentEvent(IncidentEvents.Declared, incidentId, {}, at('2026-03-01T10:00:00Z')));
      await publish(other(RunbookEvents.ExecutionFinished, { ...execution, status: 'COMPLETED', stepsCompleted: 3, stepsTotal: 3, finishedAt: '2026-03-01T10:20:00.000Z', actor: 'alice@summit.com' }, '2026-03-01T10:20:00Z'));
      // The start arrives after the finish: the finish is kept.
      await publish(other(RunbookEvents.ExecutionStarted, { ...execution, status: 'IN_PROGRESS', stepsCompleted: 0, stepsTotal: 3, finishedAt: null }, '2026-03-01T10:10:00Z'));
      await eventually(async () => (await db.query('SELECT 1 FROM knowledge.incident_facts WHERE incident_id = $1', [incidentId])).length === 3 || null, 'the facts');
      await publish(incidentEvent(IncidentEvents.Resolved, incidentId, { status: 'RESOLVED', resolvedAt: '2026-03-01T10:30:00Z' }, at('2026-03-01T10:30:00Z')));
      const [draft] = await eventually(async () => {
        const rows = await postmortemsOf(incidentId);
        return rows.length ? rows : null;
      }, 'the draft');
      expect(draft.timeline.map((entry) => entry.kind)).toEqual(['DETECTED', 'ALERT', 'RUNBOOK_STARTED', 'RUNBOOK_FINISHED', 'RESOLVED']);
      const [{ trigger, detection }] = await db.query('SELECT trigger, detection FROM knowledge.postmortems WHERE incident_id = $1', [incidentId]);
      expect(trigger).toMatch(/^Deployment of api-gateway v2\.4\.1 \(a1b2c3d4e5f6\) to PRODUCTION, finished 2026-03-01T09:50:00\.000Z — attributed automatically/);
      expect(detection).toContain('from alert HighLatencyP95');

      // A person links another deployment later: the untouched draft follows.
      const linked = { ...deployment, deploymentId: randomUUID(), version: 'v2.4.0' };
      await publish(other(DeploymentEvents.IncidentAttributed, { incidentId, deployment: linked, attribution: 'MANUAL', linkedBy: 'bob@summit.com', attributedAt: '2026-03-01T12:00:00Z' }, '2026-03-01T12:00:00Z'));
      await eventually(async () => {
        const [row] = await db.query('SELECT trigger FROM knowledge.postmortems WHERE incident_id = $1', [incidentId]);
        return /v2\.4\.0 .*linked by bob@summit\.com/.test(row.trigger) || null;
      }, 'the re-drafted trigger');
    });

    it('does not draft for severities outside POSTMORTEM_AUTO_DRAFT_SEVERITIES, and keeps a person’s postmortem', async () => {
      const records = app.get(IncidentRecordsService);
      const sev3 = randomUUID();
      await records.apply(incidentEvent(IncidentEvents.Resolved, sev3, { severity: 'SEV3', status: 'RESOLVED', resolvedAt: new Date().toISOString() }));
      expect(await postmortemsOf(sev3)).toHaveLength(0);

      const written = await aKnownIncident({ severity: 'SEV1' });
      const mine = (await data(CREATE, { input: seedInput(written) })).createPostmortem;
      await records.apply(incidentEvent(IncidentEvents.Resolved, written, { severity: 'SEV1', status: 'RESOLVED', resolvedAt: new Date().toISOString() }));
      expect(await postmortemsOf(written)).toEqual([expect.objectContaining({ id: mine.id, auto_drafted: false })]);
    });
  });

  describe('ADR sync', () => {
    const SYNC = `mutation { syncAdrs { scanned created updated unchanged removed skipped errors { path message } warnings { path message } } }`;

    it('reads every format, lists bad files without failing, links supersessions both ways, and is idempotent', async () => {
      const first = (await data(SYNC, {}, 'admin')).syncAdrs;
      expect(first).toMatchObject({
        scanned: 19,
        created: 14,
        updated: 0,
        unchanged: 0,
        removed: 0,
        skipped: ['madr2/template.md', 'madr4/README.md', 'madr4/adr-template-minimal.md'],
      });
      expect(first.errors.map((error: { path: string }) => error.path)).toEqual([
        'broken/0001-unclosed-front-matter.md',
        'broken/0002-bad-yaml.md',
        'broken/0003-unknown-status.md',
        'broken/0004-no-title.md',
        // A NUL byte (a file saved as UTF-16, or binary) is one bad file, not a failed sync (PostgreSQL text cannot hold it).
        'broken/0005-nul-byte.md',
      ]);
      const adrs = (await data(`{ adrs(first: 100) { totalCount nodes { path adrNumber title status supersededBy { path } supersedes { path } amends { path } } } }`)).adrs;
      expect(adrs.totalCount).toBe(14);
      const byPath = new Map(adrs.nodes.map((adr: { path: string }) => [adr.path, adr]));
      expect(byPath.get('nygard/0002-use-mongodb.md')).toMatchObject({ status: 'SUPERSEDED', supersededBy: [{ path: 'nygard/0003-use-postgresql.md' }] });
      expect(byPath.get('nygard/0003-use-postgresql.md')).toMatchObject({
        adrNumber: 3,
        status: 'ACCEPTED',
        supersedes: [{ path: 'nygard/0002-use-mongodb.md' }],
        amends: [{ path: 'nygard/0001-record-architecture-decisions.md' }],
      });
      expect(byPath.get('madr2/0005-use-assertj.md')).toMatchObject({ supersedes: [{ path: 'madr2/0002-use-plain-junit5.md' }] });
      expect(byPath.get('nygard/0003-use-postgresql-replicas.md')).toMatchObject({ adrNumber: 3, status: 'ACCEPTED' });

      expect((await data(SYNC, {}, 'admin')).syncAdrs).toMatchObject({ created: 0, updated: 0, unchanged: 14, removed: 0 });
      expect((await errorOf(SYNC, {}, 'responder')).extensions.code).toBe('FORBIDDEN');
    });
  });

  const backlogFor = (keys: string[]) => writeFileSync(backlogFile, JSON.stringify({ epics: keys.map((id) => ({ id, title: `epic ${id}` })) }));

  const SYNC = `mutation { syncRoadmap { version epics stories created updated removed } }`;
  const backlog = (epics: unknown[]) => writeFileSync(backlogFile, JSON.stringify({ version: '3', epics }));

  describe('roadmap sync and updateRoadmapItem', () => {

    it('syncs epics with their stories, keeps status and ADR links across re-syncs, and refuses a broken file naming it', async () => {
      backlog([
        { id: 'E-100', title: 'Knowledge', priority: 'P1', stories: [{ id: 'S-100', title: 'Postmortems', owner: 'kb', depends_on: [], acceptance_criteria: ['seed calls'] }] },
        { id: 'E-101', title: 'Builds', stories: [] },
      ]);
      expect((await data(SYNC, {}, 'admin')).syncRoadmap).toEqual({ version: '3', epics: 2, stories: 1, created: 3, updated: 0, removed: 0 });
      await data(`mutation { syncAdrs { created } }`, {}, 'admin');
      const adrIds = (await data(`{ adrs(filter: { status: [SUPERSEDED] }) { nodes { id adrNumber } } }`)).adrs.nodes.map((adr: { id: string }) => adr.id);
      const epic = (await data(`{ roadmapItem(id: "E-100") { id } }`)).roadmapItem;

      const UPDATE = `mutation ($id: ID!, $input: UpdateRoadmapItemInput!) {
        updateRoadmapItem(id: $id, input: $input) { id title status progressPercentage githubMilestoneUrl relatedAdrs { adrNumber title status } }
      }`;
      const updated = (
        await data(UPDATE, {
          id: epic.id,
          input: { relatedAdrIds: adrIds, status: 'IN_PROGRESS', progressPercentage: 45, githubMilestoneUrl: 'https://github.com/org/repo/milestone/12' },
        })
      ).updateRoadmapItem;
      expect(updated).toMatchObject({ id: epic.id, title: 'Knowledge', status: 'IN_PROGRESS', progressPercentage: 45, githubMilestoneUrl: 'https://github.com/org/repo/milestone/12' });
      expect(updated.relatedAdrs).toEqual([
        { adrNumber: 2, title: 'Use plain JUnit5 for advanced test assertions', status: 'SUPERSEDED' },
        { adrNumber: 2, title: 'Use MongoDB', status: 'SUPERSEDED' },
      ]);
      expect(await errorOf(UPDATE, { id: epic.id, input: { relatedAdrIds: [randomUUID()] } })).toMatchObject({
        extensions: { code: 'ADR_NOT_FOUND' },
        message: expect.stringContaining('relatedAdrIds'),
      });
      expect(await errorOf(UPDATE, { id: epic.id, input: { progressPercentage: 101 } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });

      backlog([{ id: 'E-100', title: 'Knowledge (renamed)', priority: 'P0', stories: [] }]);
      expect((await data(SYNC, {}, 'admin')).syncRoadmap).toMatchObject({ created: 0, updated: 1, removed: 2 });
      const items = (await data(`{ roadmapItems { totalCount nodes { key title status progressPercentage children { key } relatedAdrs { adrNumber } } } }`)).roadmapItems;
      expect(items).toEqual({
        totalCount: 1,
        nodes: [{ key: 'E-100', title: 'Knowledge (renamed)', status: 'IN_PROGRESS', progressPercentage: 45, children: [], relatedAdrs: [{ adrNumber: 2 }, { adrNumber: 2 }] }],
      });

      writeFileSync(backlogFile, '{"epics": [');
      expect(await errorOf(SYNC, {}, 'admin')).toMatchObject({ extensions: { code: 'INVALID_BACKLOG' }, message: expect.stringMatching(/backlog\.json is not JSON/) });
    });
  });

  describe('roadmap progress from GitHub milestones', () => {
    const UPDATE = `mutation ($id: ID!, $input: UpdateRoadmapItemInput!) { updateRoadmapItem(id: $id, input: $input) { progressPercentage } }`;
    const progressOf = async (key: string) => (await data(`{ roadmapItem(id: "${key}") { progressPercentage } }`)).roadmapItem.progressPercentage as number;
    /** A delivery as the gateway stores and relays it, carrying GitHub's published example payload. */
    const deliver = (event: string, payload: Record<string, unknown>, deliveryId = randomUUID()) => {
      const delivery = { deliveryId, source: 'github', event, receivedAt: new Date().toISOString(), payload };
      return app.get(QueueRegistry).enqueue(Queues.KnowledgeGithub, [{ name: event, data: delivery, opts: { jobId: `github-${deliveryId}` } }]);
    };
    const milestone = (counts: { open_issues: number; closed_issues: number }, updatedAt: string, state = 'open') => {
      const payload = githubExample('milestone', 'created');
      Object.assign(payload.milestone, { html_url: 'https://github.com/Codertocat/Hello-World/milestone/1', ...counts, state, updated_at: updatedAt });
      return payload;
    };

    it('a linked milestone sets progress = closed ÷ (open + closed), from milestone and issues events, newest counts winning', async () => {
      backlog([{ id: 'E-300', title: 'Milestones', stories: [{ id: 'S-300', title: 'Linked too', depends_on: [], acceptance_criteria: [] }] }, { id: 'E-301', title: 'Unlinked', stories: [] }]);
      await data(SYNC, {}, 'admin');
      // GitHub names are case-insensitive: the link may be spelled otherwise than GitHub's html_url.
      await data(UPDATE, { id: 'E-300', input: { githubMilestoneUrl: 'https://github.com/codertocat/hello-world/milestone/1', progressPercentage: 5 } });
      await data(UPDATE, { id: 'S-300', input: { githubMilestoneUrl: 'https://github.com/Codertocat/Hello-World/milestone/1/' } });

      await deliver('milestone', milestone({ open_issues: 3, closed_issues: 1 }, '2026-11-30T10:00:00Z'));
      await eventually(async () => (await progressOf('E-300')) === 25, 'the milestone’s progress');
      expect(await progressOf('S-300')).toBe(25);
      expect(await progressOf('E-301')).toBe(0);

      // An issue of the milestone closed: GitHub sends an `issues` event whose issue carries the milestone's new counts.
      const reopened = githubExample('issues', 'reopened');
      reopened.issue.milestone = milestone({ open_issues: 2, closed_issues: 2 }, '2026-11-30T10:05:00Z').milestone;
      await deliver('issues', reopened);
      await eventually(async () => (await progressOf('E-300')) === 50, 'the issue’s milestone counts');
      // An issue taken out of the milestone: the issue names none any more; the event's own `milestone` has the counts.
      const demilestoned = githubExample('issues', 'demilestoned');
      demilestoned.milestone = milestone({ open_issues: 1, closed_issues: 3 }, '2026-11-30T10:06:00Z').milestone;
      await deliver('issues', demilestoned);
      await eventually(async () => (await progressOf('E-300')) === 75, 'the demilestoned counts');

      // An older delivery arriving late, and a redelivery, change nothing.
      const stale = randomUUID();
      await deliver('milestone', milestone({ open_issues: 4, closed_issues: 0 }, '2026-11-30T09:00:00Z'), stale);
      const { GithubMilestones } = await import('../src/roadmap/github-milestones.service');
      const milestones = app.get(GithubMilestones);
      await eventually(
        async () => (await db.query(`SELECT 1 FROM knowledge.processed_messages WHERE message_id = $1`, [`github:${stale}`])).length,
        'the stale delivery consumed',
      );
      expect(await progressOf('E-300')).toBe(75);
      const redelivery = { deliveryId: stale, source: 'github' as const, event: 'milestone', receivedAt: new Date().toISOString(), payload: milestone({ open_issues: 0, closed_issues: 4 }, '2026-11-30T11:00:00Z') };
      expect(await milestones.apply(redelivery)).toBe('duplicate');
      expect(await progressOf('E-300')).toBe(75);

      // A milestone of no roadmap item, and an issue in no milestone, are consumed and change nothing.
      const other = milestone({ open_issues: 0, closed_issues: 9 }, '2026-11-30T12:00:00Z');
      other.milestone.html_url = 'https://github.com/Codertocat/Hello-World/milestone/2';
      expect(await milestones.apply({ ...redelivery, deliveryId: randomUUID(), payload: other })).toBe('unlinked');
      expect(await milestones.apply({ ...redelivery, deliveryId: randomUUID(), event: 'issues', payload: githubExample('issues', 'pinned') })).toBe('ignored');
      // A malformed milestone is refused naming the field (the job fails and is retried, then dead-lettered), nothing changes.
      const broken = milestone({ open_issues: 1, closed_issues: 1 }, '2026-11-30T13:00:00Z');
      delete broken.milestone.closed_issues;
      await expect(milestones.apply({ ...redelivery, deliveryId: randomUUID(), payload: broken })).rejects.toThrow(/closed_issues/);
      expect(await progressOf('E-300')).toBe(75);

      // Linking another milestone: its next delivery sets the progress, whenever it was stamped.
      await data(UPDATE, { id: 'E-300', input: { githubMilestoneUrl: 'https://github.com/Codertocat/Hello-World/milestone/2' } });
      expect(await milestones.apply({ ...redelivery, deliveryId: randomUUID(), payload: other })).toBe('applied');
      expect(await progressOf('E-300')).toBe(100);
      expect(await progressOf('S-300')).toBe(75);
    });
  });

  describe('customer requests', () => {
    it('records demand: one vote per person, linked to roadmap items (RoadmapItem.customerRequests)', async () => {
      backlogFor(['E-300']);
      await data(`mutation { syncRoadmap { created } }`, {}, 'admin');
      const CREATE_REQUEST = `mutation ($input: CreateCustomerRequestInput!) { createCustomerRequest(input: $input) { id type customer requester status votes requestedFor roadmapItems { key } } }`;
      const created = (
        await data(CREATE_REQUEST, { input: { type: 'DEMO', customer: 'Acme', title: 'Demo of the release gate', requestedFor: '2026-12-15', roadmapItemIds: ['E-300'] } })
      ).createCustomerRequest;
      expect(created).toMatchObject({ type: 'DEMO', customer: 'Acme', requester: 'gina@example.com', status: 'OPEN', votes: 1, requestedFor: '2026-12-15', roadmapItems: [{ key: 'E-300' }] });

      const vote = (actor: string) =>
        (({ headers, body }) => request(app.getHttpServer()).post('/graphql').set(headers).send(body).expect(200))(
          signedSubgraphRequest('knowledge', { query: `mutation ($id: ID!) { voteForCustomerRequest(id: $id) { votes } }`, variables: { id: created.id } }, { actor, role: 'responder' }),
        );
      await vote('hank@example.com');
      const again = await vote('hank@example.com');
      expect(again.body.data.voteForCustomerRequest.votes).toBe(2);

      const demand = (await data(`{ roadmapItem(id: "E-300") { customerRequests { id votes } } }`)).roadmapItem.customerRequests;
      expect(demand).toEqual([{ id: created.id, votes: 2 }]);
      expect(
        await errorOf(CREATE_REQUEST, { input: { type: 'FEATURE', customer: 'Acme', title: 'x', requestedFor: 'soon' } }),
      ).toMatchObject({ extensions: { code: 'INVALID_REQUESTED_FOR' }, message: expect.stringContaining('requestedFor') });
      expect(
        await errorOf(CREATE_REQUEST, { input: { type: 'FEATURE', customer: 'Acme', title: 'x', roadmapItemIds: ['E-404'] } }),
      ).toMatchObject({ extensions: { code: 'ROADMAP_ITEM_NOT_FOUND' }, message: 'roadmapItemIds: no roadmap item E-404' });
    });
  });
});
