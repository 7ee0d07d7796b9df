import { DomainError } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, signedSubgraphRequest, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CreateIncidentInput } from '../src/incidents/dto/create-incident.input';
import { IncidentEntity } from '../src/incidents/incident.entity';
import { IncidentSeverity, IncidentSource, IncidentStatus } from '../src/incidents/incident.enums';
import { IncidentsService } from '../src/incidents/incidents.service';
import { IncidentsAppModule } from '../src/incidents.app.module';

describe('IncidentsService (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;
  let incidents: IncidentsService;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(IncidentsAppModule.forRoot(testPlatformConfig('incidents', { PORT: '4001', DATABASE_URL: url, ROLE: 'api' })));
    incidents = app.get(IncidentsService);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  // ---- factories and probes -----------------------------------------------

  /** A service name no other test uses, so filters see only this test's incidents. */
  const aService = (what = 'svc') => `${what}-${randomBytes(4).toString('hex')}`;

  const anIncident = (overrides: Partial<CreateIncidentInput> = {}): CreateIncidentInput => ({
    title: `Checkout errors ${randomBytes(3).toString('hex')}`,
    severity: IncidentSeverity.SEV2,
    affectedServices: [aService()],
    ...overrides,
  });

  const declare = (overrides: Partial<CreateIncidentInput> = {}, actor = 'alice@example.com') =>
    incidents.create(anIncident(overrides), actor);

  const timelineOf = (id: string): Promise<{ kind: string; actor: string; message: string; changes: Record<string, unknown> }[]> =>
    db.query('SELECT kind, actor, message, changes FROM incidents.timeline_entries WHERE incident_id = $1 ORDER BY seq', [id]);

  const eventsOf = (id: string): Promise<{ type: string; event_id: string; payload: Record<string, any> }[]> =>
    db.query('SELECT type, event_id, payload FROM incidents.outbox WHERE aggregate_id = $1 ORDER BY seq', [id]);

  const rowOf = async (id: string) => {
    const [row] = await db.query('SELECT * FROM incidents.incidents WHERE id = $1', [id]);
    return row;
  };

  /** Everything a change could touch, to prove a failed one touched nothing. */
  const snapshot = async (id: string) => ({ row: await rowOf(id), timeline: await timelineOf(id), events: await eventsOf(id) });

  const expectDomainError = async (work: Promise<unknown>, code: string) => {
    const error = await work.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
  };

  const numbersOf = (page: { nodes: { number: number }[] }) => page.nodes.map((node) => node.number);

  // ---- declaring ----------------------------------------------------------

  it('creates an incident with a DECLARED timeline entry and an incident.declared event in the outbox', async () => {
    const startedAt = new Date('2026-03-01T10:00:00.000Z');
    const service = aService('checkout');
    const incident = await declare({ title: 'Checkout is down', severity: IncidentSeverity.SEV1, affectedServices: [service], customerImpact: true, startedAt });

    const row = await rowOf(incident.id);
    expect(row).toMatchObject({
      number: incident.number,
      title: 'Checkout is down',
      severity: 'SEV1',
      status: 'OPEN',
      commander: null,
      affected_services: [service],
      customer_impact: true,
      source: 'MANUAL',
      github_issue_id: null,
      acknowledged_at: null,
      resolved_at: null,
    });
    expect(row.started_at).toEqual(startedAt);

    expect(await timelineOf(incident.id)).toEqual([
      { kind: 'DECLARED', actor: 'alice@example.com', message: `INC-${incident.number} declared (SEV1): Checkout is down`, changes: {} },
    ]);
    const events = await eventsOf(incident.id);
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('incident.declared');
    expect(events[0].payload).toEqual({
      incidentId: incident.id,
      version: 1,
      number: incident.number,
      severity: 'SEV1',
      status: 'OPEN',
      affectedServices: [service],
      customerImpact: true,
      source: 'MANUAL',
      startedAt: '2026-03-01T10:00:00.000Z',
      resolvedAt: null,
      // For the knowledge domain's postmortem drafts.
      title: 'Checkout is down',
      commander: null,
      impactDescription: null,
      acknowledgedAt: null,
      resolution: null,
      // For the runbooks domain: an incident declared for an Alertmanager group adopts that group's escalation.
      alertGroupKey: null,
    });
  });

  it('numbers incidents one after the other (INC-1, INC-2, …)', async () => {
    const first = await declare();
    const second = await declare();

    expect(second.number).toBe(first.number + 1);
    expect((await timelineOf(second.id))[0].message).toMatch(new RegExp(`^INC-${first.number + 1} declared`));
  });

  // ---- changing -----------------------------------------------------------

  it('writes one timeline entry per kind of change and incident.updated / incident.status_changed events', async () => {
    const incident = await declare({ title: 'Slow search', severity: IncidentSeverity.SEV3 });

    const updated = await incidents.update(
      incident.id,
      { title: 'Search times out', severity: IncidentSeverity.SEV1, status: IncidentStatus.IDENTIFIED, customerImpact: true },
      'bob',
    );

    expect(updated).toMatchObject({ title: 'Search times out', severity: 'SEV1', status: 'IDENTIFIED', customerImpact: true });
    const row = await rowOf(incident.id);
    expect(row).toMatchObject({ title: 'Search times out', severity: 'SEV1', status: 'IDENTIFIED', customer_impact: true });
    expect(row.acknowledged_at).toBeInstanceOf(Date); // leaving OPEN starts the investigation

    const timeline = await timelineOf(incident.id);
    expect(timeline.map((entry) => entry.kind)).toEqual(['DECLARED', 'STATUS_CHANGED', 'SEVERITY_CHANGED', 'UPDATED']);
    expect(timeline.slice(1)).toEqual([
      { kind: 'STATUS_CHANGED', actor: 'bob', message: 'status changed OPEN → IDENTIFIED', changes: { status: { from: 'OPEN', to: 'IDENTIFIED' } } },
      { kind: 'SEVERITY_CHANGED', actor: 'bob', message: 'severity SEV3 → SEV1', changes: { severity: { from: 'SEV3', to: 'SEV1' } } },
      {
        kind: 'UPDATED',
        actor: 'bob',
        message: 'updated title, customerImpact',
        changes: { title: { from: 'Slow search', to: 'Search times out' }, customerImpact: { from: false, to: true } },
      },
    ]);

    const events = await eventsOf(incident.id);
    expect(events.map((event) => event.type)).toEqual(['incident.declared', 'incident.status_changed', 'incident.updated']);
    // One change, one version: both events of the update carry version 2 (the declaration was 1), as the row does.
    expect(events.map((event) => event.payload.version)).toEqual([1, 2, 2]);
    expect((await rowOf(incident.id)).version).toBe(2);
    expect(events[1].payload).toMatchObject({ status: 'IDENTIFIED', changes: { status: { from: 'OPEN', to: 'IDENTIFIED' } } });
    expect(events[2].payload).toMatchObject({
      severity: 'SEV1',
      changes: {
        title: { from: 'Slow search', to: 'Search times out' },
        severity: { from: 'SEV3', to: 'SEV1' },
        customerImpact: { from: false, to: true },
      },
    });
  });

  it('records a new commander as COMMANDER_ASSIGNED with an incident.updated event', async () => {
    const incident = await declare();

    await incidents.assignCommander(incident.id, 'dana@example.com', 'alice@example.com');

    expect((await rowOf(incident.id)).commander).toBe('dana@example.com');
    expect((await timelineOf(incident.id)).slice(1)).toEqual([
      {
        kind: 'COMMANDER_ASSIGNED',
        actor: 'alice@example.com',
        message: 'commander is now dana@example.com',
        changes: { commander: { from: null, to: 'dana@example.com' } },
      },
    ]);
    const events = await eventsOf(incident.id);
    expect(events.map((event) => event.type)).toEqual(['incident.declared', 'incident.updated']);
    expect(events[1].payload.changes).toEqual({ commander: { from: null, to: 'dana@example.com' } });
  });

  it('writes nothing for an update that changes nothing', async () => {
    const incident = await declare({ title: 'Queue backlog', severity: IncidentSeverity.SEV2, customerImpact: false });
    await incidents.acknowledge(incident.id, 'bob');
    const before = await snapshot(incident.id);

    await incidents.update(
      incident.id,
      { title: 'Queue backlog', severity: IncidentSeverity.SEV2, status: IncidentStatus.INVESTIGATING, customerImpact: false },
      'bob',
    );
    await incidents.update(incident.id, {}, 'bob');
    await incidents.assignCommander(incident.id, 'bob', 'bob');
    await incidents.assignCommander(incident.id, 'bob', 'bob');

    const after = await snapshot(incident.id);
    // Only the one real change (the commander) was written; the repeats were no-ops.
    expect(after.timeline.slice(before.timeline.length).map((entry) => entry.kind)).toEqual(['COMMANDER_ASSIGNED']);
    expect(after.events.slice(before.events.length).map((event) => event.type)).toEqual(['incident.updated']);
  });

  it('leaves updated_at, timeline and outbox untouched when nothing changes', async () => {
    const incident = await declare({ severity: IncidentSeverity.SEV4 });
    const before = await snapshot(incident.id);

    await incidents.update(incident.id, { title: incident.title, severity: IncidentSeverity.SEV4, status: IncidentStatus.OPEN }, 'bob');

    expect(await snapshot(incident.id)).toEqual(before);
  });

  // ---- lifecycle ----------------------------------------------------------

  it('acknowledges an open incident once', async () => {
    const incident = await declare();

    const acknowledged = await incidents.acknowledge(incident.id, 'bob');

    expect(acknowledged.status).toBe(IncidentStatus.INVESTIGATING);
    const row = await rowOf(incident.id);
    expect(row.status).toBe('INVESTIGATING');
    expect(row.acknowledged_at).toBeInstanceOf(Date);
    expect((await timelineOf(incident.id)).slice(1)).toEqual([
      { kind: 'ACKNOWLEDGED', actor: 'bob', message: 'acknowledged OPEN → INVESTIGATING', changes: { status: { from: 'OPEN', to: 'INVESTIGATING' } } },
    ]);
    expect((await eventsOf(incident.id)).map((event) => event.type)).toEqual(['incident.declared', 'incident.acknowledged']);

    const before = await snapshot(incident.id);
    await expectDomainError(incidents.acknowledge(incident.id, 'bob'), 'INCIDENT_ALREADY_ACKNOWLEDGED');
    expect(await snapshot(incident.id)).toEqual(before);
  });

  it('rejects moving back to OPEN or to RESOLVED through update', async () => {
    const incident = await declare();
    await incidents.acknowledge(incident.id, 'bob');
    const before = await snapshot(incident.id);

    await expectDomainError(incidents.update(incident.id, { status: IncidentStatus.OPEN }, 'bob'), 'INVALID_INCIDENT_TRANSITION');
    await expectDomainError(incidents.update(incident.id, { status: IncidentStatus.RESOLVED, title: 'x' }, 'bob'), 'INVALID_INCIDENT_TRANSITION');

    expect(await snapshot(incident.id)).toEqual(before);
  });

  it('resolves an incident at the given time with its resolution', async () => {
    const incident = await declare();
    const resolvedAt = new Date('2026-03-01T12:30:00.000Z');

    const resolved = await incidents.resolve(incident.id, { resolution: 'rolled back v42', resolvedAt }, 'carol');

    expect(resolved.status).toBe(IncidentStatus.RESOLVED);
    const row = await rowOf(incident.id);
    expect(row).toMatchObject({ status: 'RESOLVED', resolution: 'rolled back v42' });
    expect(row.resolved_at).toEqual(resolvedAt);
    expect((await timelineOf(incident.id)).slice(1)).toEqual([
      { kind: 'RESOLVED', actor: 'carol', message: 'resolved OPEN → RESOLVED: rolled back v42', changes: { status: { from: 'OPEN', to: 'RESOLVED' } } },
    ]);
    const events = await eventsOf(incident.id);
    expect(events.map((event) => event.type)).toEqual(['incident.declared', 'incident.resolved']);
    expect(events[1].payload).toMatchObject({ status: 'RESOLVED', resolvedAt: '2026-03-01T12:30:00.000Z', version: 2 });
  });

  it('refuses to resolve a resolved incident (INCIDENT_ALREADY_RESOLVED) and changes nothing', async () => {
    const incident = await declare();
    await incidents.resolve(incident.id, { resolution: 'first fix', resolvedAt: new Date('2026-03-01T12:00:00.000Z') }, 'carol');
    const before = await snapshot(incident.id);

    await expectDomainError(
      incidents.resolve(incident.id, { resolution: 'second fix', resolvedAt: new Date('2026-03-02T00:00:00.000Z') }, 'dave'),
      'INCIDENT_ALREADY_RESOLVED',
    );
    await expectDomainError(incidents.acknowledge(incident.id, 'dave'), 'INCIDENT_ALREADY_RESOLVED');
    await expectDomainError(incidents.update(incident.id, { status: IncidentStatus.MONITORING }, 'dave'), 'INCIDENT_ALREADY_RESOLVED');

    const after = await snapshot(incident.id);
    expect(after).toEqual(before);
    expect(after.row).toMatchObject({ status: 'RESOLVED', resolution: 'first fix' });
    expect(after.row.resolved_at).toEqual(new Date('2026-03-01T12:00:00.000Z'));
  });

  it('reopens a resolved incident to INVESTIGATING if it was acknowledged, else to OPEN', async () => {
    const acknowledged = await declare();
    await incidents.acknowledge(acknowledged.id, 'bob');
    await incidents.resolve(acknowledged.id, {}, 'bob');
    const neverAcknowledged = await declare();
    await incidents.resolve(neverAcknowledged.id, {}, 'bob');

    expect((await incidents.reopen(acknowledged.id, 'erin')).status).toBe(IncidentStatus.INVESTIGATING);
    expect((await incidents.reopen(neverAcknowledged.id, 'erin')).status).toBe(IncidentStatus.OPEN);

    const row = await rowOf(acknowledged.id);
    expect(row).toMatchObject({ status: 'INVESTIGATING', resolved_at: null });
    expect((await timelineOf(acknowledged.id)).map((entry) => entry.kind)).toEqual(['DECLARED', 'ACKNOWLEDGED', 'RESOLVED', 'REOPENED']);
    expect((await timelineOf(acknowledged.id))[3]).toMatchObject({ actor: 'erin', changes: { status: { from: 'RESOLVED', to: 'INVESTIGATING' } } });
    expect((await eventsOf(acknowledged.id)).map((event) => event.type)).toEqual([
      'incident.declared',
      'incident.acknowledged',
      'incident.resolved',
      'incident.reopened',
    ]);
    expect((await rowOf(neverAcknowledged.id)).status).toBe('OPEN');
  });

  it('refuses to reopen an incident that is not resolved (INCIDENT_NOT_RESOLVED)', async () => {
    const incident = await declare();
    const before = await snapshot(incident.id);

    await expectDomainError(incidents.reopen(incident.id, 'erin'), 'INCIDENT_NOT_RESOLVED');

    expect(await snapshot(incident.id)).toEqual(before);
  });

  it('answers INCIDENT_NOT_FOUND for an unknown id, whether or not it looks like a uuid', async () => {
    for (const id of [randomUUID(), 'INC-1', '']) {
      await expectDomainError(incidents.findById(id), 'INCIDENT_NOT_FOUND');
      await expectDomainError(incidents.update(id, { title: 'x' }, 'bob'), 'INCIDENT_NOT_FOUND');
      await expectDomainError(incidents.acknowledge(id, 'bob'), 'INCIDENT_NOT_FOUND');
      await expectDomainError(incidents.resolve(id, {}, 'bob'), 'INCIDENT_NOT_FOUND');
      await expectDomainError(incidents.reopen(id, 'bob'), 'INCIDENT_NOT_FOUND');
    }
    expect(await incidents.findByIds([randomUUID(), 'nope'])).toEqual([]);
  });

  // ---- reading ------------------------------------------------------------

  it('lists incidents newest first, filtered by service, status, severity, source and active', async () => {
    const service = aService('payments');
    const sev1Open = await declare({ severity: IncidentSeverity.SEV1, affectedServices: [service] });
    const sev2Investigating = await declare({ severity: IncidentSeverity.SEV2, affectedServices: ['edge', service] });
    await incidents.acknowledge(sev2Investigating.id, 'bob');
    const sev3Resolved = await declare({ severity: IncidentSeverity.SEV3, affectedServices: [service] });
    await incidents.resolve(sev3Resolved.id, {}, 'bob');
    await declare({ severity: IncidentSeverity.SEV1, affectedServices: [aService('elsewhere')] });

    const all = await incidents.list({ service });
    expect(numbersOf(all)).toEqual([sev3Resolved.number, sev2Investigating.number, sev1Open.number]);
    expect(await all.totalCount).toBe(3);
    expect(all.nodes[0]).toMatchObject({ id: sev3Resolved.id, reference: `INC-${sev3Resolved.number}`, status: 'RESOLVED' });

    const open = await incidents.list({ service, status: [IncidentStatus.OPEN] });
    expect(numbersOf(open)).toEqual([sev1Open.number]);
    expect(await open.totalCount).toBe(1);
    expect(numbersOf(await incidents.list({ service, status: [IncidentStatus.OPEN, IncidentStatus.RESOLVED] }))).toEqual([
      sev3Resolved.number,
      sev1Open.number,
    ]);
    expect(numbersOf(await incidents.list({ service, severity: [IncidentSeverity.SEV1, IncidentSeverity.SEV3] }))).toEqual([
      sev3Resolved.number,
      sev1Open.number,
    ]);
    expect(numbersOf(await incidents.list({ service, active: true }))).toEqual([sev2Investigating.number, sev1Open.number]);
    const inactive = await incidents.list({ service, active: false });
    expect(numbersOf(inactive)).toEqual([sev3Resolved.number]);
    expect(await inactive.totalCount).toBe(1);
    expect(await (await incidents.list({ service, source: IncidentSource.GITHUB })).totalCount).toBe(0);
    expect((await incidents.list({ service, severity: [IncidentSeverity.SEV4] })).nodes).toEqual([]);
  });

  it('paginates with first/after, keeping totalCount the count of every page', async () => {
    const service = aService('search');
    const created: IncidentEntity[] = [];
    for (let i = 0; i < 5; i++) created.push(await declare({ affectedServices: [service] }));
    const [e1, e2, e3, e4, e5] = created.map((incident) => incident.number);

    const page1 = await incidents.list({ service }, 2);
    expect(numbersOf(page1)).toEqual([e5, e4]);
    expect(await page1.totalCount).toBe(5);
    expect(page1.pageInfo.hasNextPage).toBe(true);

    const page2 = await incidents.list({ service }, 2, page1.pageInfo.endCursor!);
    expect(numbersOf(page2)).toEqual([e3, e2]);
    expect(await page2.totalCount).toBe(5);
    expect(page2.pageInfo.hasNextPage).toBe(true);

    const page3 = await incidents.list({ service }, 2, page2.pageInfo.endCursor!);
    expect(numbersOf(page3)).toEqual([e1]);
    expect(await page3.totalCount).toBe(5);
    expect(page3.pageInfo).toEqual({ hasNextPage: false, endCursor: page3.pageInfo.endCursor });
    expect(page3.pageInfo.endCursor).not.toBeNull();

    const exact = await incidents.list({ service }, 5);
    expect(numbersOf(exact)).toEqual([e5, e4, e3, e2, e1]);
    expect(exact.pageInfo.hasNextPage).toBe(false);

    const empty = await incidents.list({ service }, 2, page3.pageInfo.endCursor!);
    expect(empty).toMatchObject({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
    expect(await empty.totalCount).toBe(5);

    await expectDomainError(incidents.list({ service }, 2, 'not-a-cursor'), 'INVALID_CURSOR');
  });

  it('groups active incidents by service name, newest first', async () => {
    const [api, web, idle] = [aService('api'), aService('web'), aService('idle')];
    const apiOnly = await declare({ affectedServices: [api] });
    const both = await declare({ affectedServices: [web, api] });
    const resolvedWeb = await declare({ affectedServices: [web] });
    await incidents.resolve(resolvedWeb.id, {}, 'bob');

    const grouped = await incidents.activeByServices([api, idle, web]);

    expect(grouped.map((group) => group.map((incident) => incident.id))).toEqual([[both.id, apiOnly.id], [], [both.id]]);
    expect(await incidents.activeByServices([])).toEqual([]);
  });

  // ---- the GraphQL surface, in process ------------------------------------

  describe('over GraphQL', () => {
    const graphql = (query: string, variables: Record<string, unknown> = {}, actor = 'gina@example.com') =>
      (({ headers, body }) => request(app.getHttpServer()).post('/graphql').set(headers).send(body).expect(200))(
        signedSubgraphRequest('incidents', { query, variables }, { actor }),
      );

    it('creates an incident and lists it with its timeline', async () => {
      const service = aService('graph');
      const created = await graphql(
        `mutation ($input: CreateIncidentInput!) {
          createIncident(input: $input) { id number reference title severity status source commander affectedServices }
        }`,
        { input: { title: 'Login fails', severity: 'SEV2', affectedServices: [service], commander: 'hank' } },
      );
      expect(created.body.errors).toBeUndefined();
      const incident = created.body.data.createIncident;
      expect(incident).toMatchObject({
        title: 'Login fails',
        severity: 'SEV2',
        status: 'OPEN',
        source: 'MANUAL',
        commander: 'hank',
        affectedServices: [service],
        reference: `INC-${incident.number}`,
      });

      const listed = await graphql(
        `query ($filter: IncidentsFilter) {
          incidents(filter: $filter, first: 10) {
            totalCount
            pageInfo { hasNextPage }
            nodes { id reference timeline { kind actor message } }
          }
        }`,
        { filter: { service, active: true } },
      );
      expect(listed.body.errors).toBeUndefined();
      expect(listed.body.data.incidents).toEqual({
        totalCount: 1,
        pageInfo: { hasNextPage: false },
        nodes: [
          {
            id: incident.id,
            reference: incident.reference,
            timeline: [{ kind: 'DECLARED', actor: 'gina@example.com', message: `${incident.reference} declared (SEV2): Login fails` }],
          },
        ],
      });
    });

    it('reports a domain error as its code (INCIDENT_NOT_FOUND)', async () => {
      const response = await graphql(`query ($id: ID!) { incident(id: $id) { id } }`, { id: randomUUID() });

      expect(response.body.data).toBeNull();
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors[0].extensions.code).toBe('INCIDENT_NOT_FOUND');
      expect(response.body.errors[0].path).toEqual(['incident']);
    });

    it('rejects invalid input (empty title) as BAD_USER_INPUT and stores nothing', async () => {
      const service = aService('invalid');
      const response = await graphql(
        `mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
        { input: { title: '', severity: 'SEV3', affectedServices: [service] } },
      );

      expect(response.body.data).toBeNull();
      expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(response.body.errors[0].message).toMatch(/title/);
      expect(await (await incidents.list({ service })).totalCount).toBe(0);
    });
  });
});
