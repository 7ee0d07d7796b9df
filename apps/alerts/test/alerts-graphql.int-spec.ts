import { alertmanagerWebhook } from '@companyos/contracts';
import { alertmanagerExample, createTestApp, createTestDatabase, dropTestDatabase, signedSubgraphRequest, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { labelsFingerprint } from '../src/alerts/alertmanager/alertmanager-notification';
import { AlertmanagerIngest } from '../src/alerts/alertmanager/alertmanager-ingest.service';
import { AlertsAppModule } from '../src/alerts.app.module';

// The alerts subgraph's GraphQL surface, in process, on real PostgreSQL:
// alerts arrive as the notifications a real Alertmanager 0.25 sent, SLO
// violations are either opened by them or written straight into the table
// to put worked numbers on the error budget.
describe('alerts subgraph over GraphQL (real PostgreSQL, real Alertmanager payloads)', () => {
  let url: string;
  let app: INestApplication;
  let ingest: AlertmanagerIngest;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(AlertsAppModule.forRoot(testPlatformConfig('alerts', { PORT: '4003', DATABASE_URL: url, ROLE: 'all' })));
    ingest = app.get(AlertmanagerIngest);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  // ---- factories and probes -----------------------------------------------

  /** A name no other test uses (services, SLOs, instances). */
  const aName = (what: string) => `${what}-${randomBytes(4).toString('hex')}`;

  // One reference moment per test, so the two ends of a violation are exactly as far apart as the test says.
  let testNow = Date.now();
  beforeEach(() => (testNow = Date.now()));
  const minutesAgo = (minutes: number) => new Date(testNow - minutes * 60_000);

  interface AlertOptions {
    service: string;
    /** The `slo_name` label; by default one of its own, so no SLO of another test sees it. */
    sloName?: string;
    severity?: string;
    instance?: string;
    startsAt?: Date;
    endsAt?: Date;
  }

  /** The captured notification, about an alert of its own (own labels, hence own fingerprint). */
  const aNotification = (status: 'firing' | 'resolved', options: AlertOptions) => {
    const payload = alertmanagerExample(status);
    const alert = payload.alerts[0];
    alert.labels = {
      ...alert.labels,
      service: options.service,
      slo_name: options.sloName ?? aName('slo'),
      ...(options.severity ? { severity: options.severity } : {}),
      ...(options.instance ? { instance: options.instance } : {}),
    };
    alert.fingerprint = labelsFingerprint(alert.labels);
    if (options.startsAt) alert.startsAt = options.startsAt.toISOString();
    if (options.endsAt) alert.endsAt = options.endsAt.toISOString();
    payload.groupKey = `{}:{alertname="HighErrorRate", service="${options.service}"}`;
    return payload;
  };

  const apply = (payload: Record<string, any>) =>
    ingest.apply({
      deliveryId: randomUUID(),
      source: 'alertmanager',
      event: 'notification',
      receivedAt: new Date().toISOString(),
      payload: alertmanagerWebhook.parse(payload),
    });

  /** Fires an alert through Alertmanager ingestion and answers its id. */
  const fire = async (options: AlertOptions): Promise<string> => {
    const payload = aNotification('firing', options);
    await apply(payload);
    const [row] = await db.query('SELECT id FROM alerts.alerts WHERE fingerprint = $1 AND starts_at = $2', [
      payload.alerts[0].fingerprint,
      payload.alerts[0].startsAt,
    ]);
    return row.id;
  };

  const rowOf = async (id: string) => (await db.query('SELECT * FROM alerts.alerts WHERE id = $1', [id]))[0];

  const graphql = (query: string, variables: Record<string, unknown> = {}, actor = 'gina@example.com') =>
    (({ headers, body }) => request(app.getHttpServer()).post('/graphql').set(headers).send(body).expect(200))(
      signedSubgraphRequest('alerts', { query, variables }, { actor }),
    );

  /** The data of a request that must succeed. */
  const data = async (query: string, variables: Record<string, unknown> = {}, actor?: string) => {
    const response = await graphql(query, variables, actor);
    expect(response.body.errors).toBeUndefined();
    return response.body.data;
  };

  /** The one error of a request that must fail. */
  const failure = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await graphql(query, variables);
    expect(response.body.errors).toHaveLength(1);
    return response.body.errors[0] as { message: string; path?: string[]; extensions: { code: string } };
  };

  const SILENCE = `mutation ($id: ID!, $until: DateTime!) { silenceAlert(id: $id, until: $until) { id status silencedUntil } }`;
  const LINK = `mutation ($alertId: ID!, $incidentId: ID!) {
    linkAlertToIncident(alertId: $alertId, incidentId: $incidentId) { id status incident { id } }
  }`;

  const ALERTS = `query ($filter: AlertsFilter, $first: Int, $after: String) {
    alerts(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id labels }
    }
  }`;

  const alertIdsWhere = async (filter: Record<string, unknown>) =>
    (await data(ALERTS, { filter, first: 200 })).alerts.nodes.map((node: { id: string }) => node.id).sort();

  const CREATE_SLO = `mutation ($input: CreateSloInput!) { createSlo(input: $input) { id name service objective windowDays description } }`;

  const createSlo = async (input: Partial<{ name: string; service: string; objective: number; windowDays: number; description: string }> = {}) =>
    (await data(CREATE_SLO, { input: { name: aName('slo'), service: aName('svc'), objective: 99.9, windowDays: 30, ...input } })).createSlo;

  const slosNamed = (name: string): Promise<Record<string, any>[]> => db.query('SELECT * FROM alerts.slos WHERE name = $1', [name]);

  /** A violation written straight into the table, as a firing alert labelled slo_name would have opened it. */
  const aViolation = (sloName: string, service: string, startedAt: Date, endedAt: Date | null) =>
    db.query('INSERT INTO alerts.slo_violations (slo_name, service, alert_id, started_at, ended_at) VALUES ($1, $2, $3, $4, $5)', [
      sloName,
      service,
      randomUUID(),
      startedAt,
      endedAt,
    ]);

  const BUDGET = `query ($name: String!) {
    slo(name: $name) {
      errorBudget { windowDays allowedBadSeconds badSeconds remaining consumed }
      m5: burnRate(window: M5)
      m30: burnRate(window: M30)
      h1: burnRate(window: H1)
      h6: burnRate(window: H6)
      d3: burnRate(window: D3)
      burnAlert
    }
  }`;

  // ---- alerts -------------------------------------------------------------

  describe('alerts', () => {
    it('pages through a service\'s alerts newest first, with the total on every page', async () => {
      const service = aName('svc');
      const ids = [];
      for (const instance of ['host-0', 'host-1', 'host-2']) ids.push(await fire({ service, instance }));

      const first = (await data(ALERTS, { filter: { service }, first: 2 })).alerts;
      expect(first.totalCount).toBe(3);
      expect(first.nodes.map((node: { id: string }) => node.id)).toEqual([ids[2], ids[1]]);
      expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: expect.any(String) });

      const second = (await data(ALERTS, { filter: { service }, first: 2, after: first.pageInfo.endCursor })).alerts;
      expect(second.totalCount).toBe(3);
      expect(second.nodes.map((node: { id: string }) => node.id)).toEqual([ids[0]]);
      expect(second.pageInfo.hasNextPage).toBe(false);
    });

    it('filters by service, firing, severity and status', async () => {
      const service = aName('svc');
      const critical = await fire({ service, instance: 'a' });
      const warning = await fire({ service, instance: 'b', severity: 'warning' });
      const acknowledged = await fire({ service, instance: 'c' });
      await data(`mutation ($id: ID!) { acknowledgeAlert(id: $id) { id } }`, { id: acknowledged });
      const sloName = aName('slo');
      const resolved = await fire({ service, instance: 'd', sloName });
      await apply(aNotification('resolved', { service, instance: 'd', sloName }));
      // The same alert of another service, which no filter on this service shows.
      await fire({ service: aName('svc'), instance: 'a' });

      expect(await alertIdsWhere({ service })).toEqual([critical, warning, acknowledged, resolved].sort());
      expect(await alertIdsWhere({ service, firing: true })).toEqual([critical, warning].sort());
      expect(await alertIdsWhere({ service, firing: false })).toEqual([acknowledged, resolved].sort());
      expect(await alertIdsWhere({ service, severity: ['WARNING'] })).toEqual([warning]);
      expect(await alertIdsWhere({ service, severity: ['CRITICAL'], firing: true })).toEqual([critical]);
      expect(await alertIdsWhere({ service, status: ['ACKNOWLEDGED', 'RESOLVED'] })).toEqual([acknowledged, resolved].sort());
      expect(await alertIdsWhere({ service, status: ['RESOLVED'] })).toEqual([resolved]);
      expect(await alertIdsWhere({ service, status: ['SILENCED'] })).toEqual([]);
    });

    it('answers one alert with what Alertmanager said, counting repeat notifications', async () => {
      const service = aName('svc');
      const sloName = aName('slo');
      const id = await fire({ service, sloName });
      await apply(aNotification('firing', { service, sloName }));

      const { alert } = await data(
        `query ($id: ID!) {
          alert(id: $id) { id alertName severity status service summary description runbookUrl labels receiveCount incident { id } }
        }`,
        { id },
      );
      expect(alert).toEqual({
        id,
        alertName: 'HighErrorRate',
        severity: 'CRITICAL',
        status: 'FIRING',
        service,
        summary: 'checkout is failing 7.3% of requests',
        description: 'The 5xx ratio of checkout has been above 5% for 5 minutes (SLO checkout-availability burns at 14.6x).',
        runbookUrl: 'https://runbooks.example.com/checkout/high-error-rate',
        labels: { alertname: 'HighErrorRate', customer_facing: 'true', service, severity: 'critical', slo_name: sloName },
        receiveCount: 2,
        incident: null,
      });
    });

    it('lists in firingAlerts what fires now, not what was acknowledged or resolved', async () => {
      const service = aName('svc');
      const firing = await fire({ service, instance: 'a' });
      const acknowledged = await fire({ service, instance: 'b' });
      const resolved = await fire({ service, instance: 'c' });
      await data(`mutation ($id: ID!) { acknowledgeAlert(id: $id) { id } }`, { id: acknowledged });
      await data(`mutation ($id: ID!) { resolveAlert(id: $id) { id } }`, { id: resolved });

      const { firingAlerts } = await data(`{ firingAlerts { id service status } }`);
      expect(firingAlerts.filter((alert: { service: string }) => alert.service === service)).toEqual([
        { id: firing, service, status: 'FIRING' },
      ]);
    });

    it('answers ALERT_NOT_FOUND for an unknown id, to queries and mutations alike', async () => {
      for (const id of [randomUUID(), 'not-a-uuid']) {
        const error = await failure(`query ($id: ID!) { alert(id: $id) { id } }`, { id });
        expect(error.extensions.code).toBe('ALERT_NOT_FOUND');
        expect(error.path).toEqual(['alert']);
      }
      expect((await failure(`mutation ($id: ID!) { acknowledgeAlert(id: $id) { id } }`, { id: randomUUID() })).extensions.code).toBe(
        'ALERT_NOT_FOUND',
      );
    });

    it('acknowledges once, recording who did it', async () => {
      const id = await fire({ service: aName('svc') });
      const ACK = `mutation ($id: ID!) { acknowledgeAlert(id: $id) { id status acknowledgedBy acknowledgedAt } }`;

      const { acknowledgeAlert } = await data(ACK, { id }, 'ana@example.com');
      expect(acknowledgeAlert).toEqual({ id, status: 'ACKNOWLEDGED', acknowledgedBy: 'ana@example.com', acknowledgedAt: expect.any(String) });

      expect((await failure(ACK, { id })).extensions.code).toBe('ALERT_ALREADY_ACKNOWLEDGED');
      expect(await rowOf(id)).toMatchObject({ status: 'ACKNOWLEDGED', acknowledged_by: 'ana@example.com' });
    });

    it('resolves by hand once; a resolved alert can no longer be acknowledged or resolved', async () => {
      const id = await fire({ service: aName('svc') });

      const RESOLVE = `mutation ($id: ID!) { resolveAlert(id: $id) { id status resolvedBy resolvedAt } }`;
      const { resolveAlert } = await data(RESOLVE, { id }, 'ana@example.com');
      expect(resolveAlert).toEqual({ id, status: 'RESOLVED', resolvedBy: 'ana@example.com', resolvedAt: expect.any(String) });

      for (const mutation of [RESOLVE, `mutation ($id: ID!) { acknowledgeAlert(id: $id) { id } }`]) {
        expect((await failure(mutation, { id })).extensions.code).toBe('ALERT_ALREADY_RESOLVED');
      }
      expect(await rowOf(id)).toMatchObject({ status: 'RESOLVED', resolved_by: 'ana@example.com' });
    });

    it('refuses a silence that does not end in the future (INVALID_SILENCE_UNTIL)', async () => {
      const id = await fire({ service: aName('svc') });
      const past = await failure(SILENCE, { id, until: new Date(Date.now() - 1000).toISOString() });
      expect(past.extensions.code).toBe('INVALID_SILENCE_UNTIL');
      expect(await rowOf(id)).toMatchObject({ status: 'FIRING', silenced_until: null });
    });

    it('shows a silenced alert as FIRING again once its silence has run out', async () => {
      const service = aName('svc');
      const id = await fire({ service });
      await data(`mutation ($id: ID!, $until: DateTime!) { silenceAlert(id: $id, until: $until) { id } }`, {
        id,
        until: new Date(Date.now() + 3_600_000).toISOString(),
      });
      expect((await data(`query ($id: ID!) { alert(id: $id) { status } }`, { id })).alert.status).toBe('SILENCED');
      expect(await alertIdsWhere({ service, firing: true })).toEqual([]);
      // Time passes: the silence ends a minute ago.
      await db.query(`UPDATE alerts.alerts SET silenced_until = now() - interval '1 minute' WHERE id = $1`, [id]);

      expect((await data(`query ($id: ID!) { alert(id: $id) { status } }`, { id })).alert.status).toBe('FIRING');
      expect(await alertIdsWhere({ service, firing: true })).toEqual([id]);
      const { firingAlerts } = await data(`{ firingAlerts { id status } }`);
      expect(firingAlerts).toContainEqual({ id, status: 'FIRING' });
      const { service: svc } = await data(`query ($name: String!) { service(name: $name) { firingAlerts { id status } } }`, { name: service });
      expect(svc.firingAlerts).toEqual([{ id, status: 'FIRING' }]);
    });

    describe('silenceAlert and linkAlertToIncident', () => {
      it('silences a firing alert until a future time', async () => {
        const service = aName('svc');
        const id = await fire({ service });
        const until = new Date(Date.now() + 3_600_000).toISOString();
        expect((await data(SILENCE, { id, until })).silenceAlert).toEqual({ id, status: 'SILENCED', silencedUntil: until });
        expect(await alertIdsWhere({ service, firing: true })).toEqual([]);
      });

      it('refuses to silence a resolved alert (ALERT_ALREADY_RESOLVED)', async () => {
        const id = await fire({ service: aName('svc') });
        await data(`mutation ($id: ID!) { resolveAlert(id: $id) { id } }`, { id });
        const error = await failure(SILENCE, { id, until: new Date(Date.now() + 3_600_000).toISOString() });
        expect(error.extensions.code).toBe('ALERT_ALREADY_RESOLVED');
      });

      it('links to an incident, also once resolved, and refuses an incident id that is not a UUID', async () => {
        const id = await fire({ service: aName('svc') });

        const incidentId = randomUUID();
        const { linkAlertToIncident } = await data(LINK, { alertId: id, incidentId });
        expect(linkAlertToIncident).toEqual({ id, status: 'FIRING', incident: { id: incidentId } });

        const invalid = await failure(LINK, { alertId: id, incidentId: 'INC-12' });
        expect(invalid.extensions.code).toBe('BAD_USER_INPUT');
        expect((await rowOf(id)).incident_id).toBe(incidentId);

        await data(`mutation ($id: ID!) { resolveAlert(id: $id) { id } }`, { id });
        const other = randomUUID();
        const relinked = (await data(LINK, { alertId: id, incidentId: other })).linkAlertToIncident;
        expect(relinked).toEqual({ id, status: 'RESOLVED', incident: { id: other } });
        expect((await failure(LINK, { alertId: randomUUID(), incidentId })).extensions.code).toBe('ALERT_NOT_FOUND');
      });
    });
  });

  // ---- SLOs ---------------------------------------------------------------

  describe('SLOs', () => {
    it('creates an SLO in percent, stores it as a ratio and reads it back as 99.9', async () => {
      const name = aName('slo');
      const service = aName('svc');
      const created = await createSlo({ name, service, description: 'Checkout answers without 5xx' });
      expect(created).toEqual({
        id: expect.any(String),
        name,
        service,
        objective: 99.9,
        windowDays: 30,
        description: 'Checkout answers without 5xx',
      });

      const [row] = await slosNamed(name);
      expect(row.objective).toBeCloseTo(0.999, 12);
      const { slo } = await data(`query ($name: String!) { slo(name: $name) { id name service objective windowDays description } }`, { name });
      expect(slo).toEqual(created);
    });

    it('refuses a second SLO of the same name (SLO_NAME_TAKEN)', async () => {
      const name = aName('slo');
      await createSlo({ name });
      const error = await failure(CREATE_SLO, { input: { name, service: aName('svc'), objective: 99, windowDays: 28 } });
      expect(error.extensions.code).toBe('SLO_NAME_TAKEN');
      expect(await slosNamed(name)).toHaveLength(1);
    });

    it.each([
      ['a 7-day window', { windowDays: 7 }, /windowDays/],
      ['an objective of 100 %', { objective: 100 }, /objective/],
      ['an objective of 0 %', { objective: 0 }, /objective/],
      ['an upper-case name', { name: 'Checkout' }, /name/],
    ])('rejects %s as BAD_USER_INPUT and stores nothing', async (_what, change, message) => {
      const name = aName('slo');
      const error = await failure(CREATE_SLO, { input: { name, service: aName('svc'), objective: 99.9, windowDays: 30, ...change } });
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(message);
      expect(await slosNamed(name)).toEqual([]);
      if ('name' in change) expect(await slosNamed(change.name)).toEqual([]);
    });

    it('updates only the fields given, and validates them', async () => {
      const created = await createSlo({ description: 'before' });
      const UPDATE = `mutation ($id: ID!, $input: UpdateSloInput!) {
        updateSlo(id: $id, input: $input) { id name service objective windowDays description }
      }`;

      const { updateSlo } = await data(UPDATE, { id: created.id, input: { objective: 99.5, windowDays: 28 } });
      expect(updateSlo).toEqual({ ...created, objective: 99.5, windowDays: 28 });
      expect((await slosNamed(created.name))[0].objective).toBeCloseTo(0.995, 12);

      expect((await failure(UPDATE, { id: created.id, input: { windowDays: 7 } })).extensions.code).toBe('BAD_USER_INPUT');
      expect((await failure(UPDATE, { id: randomUUID(), input: { windowDays: 30 } })).extensions.code).toBe('SLO_NOT_FOUND');
      const taken = await createSlo();
      expect((await failure(UPDATE, { id: created.id, input: { name: taken.name } })).extensions.code).toBe('SLO_NAME_TAKEN');
      expect((await slosNamed(created.name))[0]).toMatchObject({ window_days: 28, description: 'before' });
    });

    it('deletes an SLO, after which it is not found', async () => {
      const created = await createSlo();
      const DELETE = `mutation ($id: ID!) { deleteSlo(id: $id) { id name } }`;

      expect((await data(DELETE, { id: created.id })).deleteSlo).toEqual({ id: created.id, name: created.name });
      expect(await slosNamed(created.name)).toEqual([]);
      expect((await failure(`query ($name: String!) { slo(name: $name) { id } }`, { name: created.name })).extensions.code).toBe('SLO_NOT_FOUND');
      expect((await failure(DELETE, { id: created.id })).extensions.code).toBe('SLO_NOT_FOUND');
    });

    it("lists a service's SLOs by name", async () => {
      const service = aName('svc');
      const suffix = randomBytes(4).toString('hex');
      await createSlo({ name: `b-latency-${suffix}`, service });
      await createSlo({ name: `a-availability-${suffix}`, service });
      await createSlo();

      const { slos } = await data(`query ($service: String) { slos(service: $service) { name service } }`, { service });
      expect(slos).toEqual([
        { name: `a-availability-${suffix}`, service },
        { name: `b-latency-${suffix}`, service },
      ]);
    });
  });

  // ---- error budget and burn rates -----------------------------------------

  describe('SLOs measured from an SLI (no PROMETHEUS_URL here)', () => {
    const SLI = { errorQuery: 'http_request_duration_seconds_count{app="shop",status_code=~"5.."}', totalQuery: 'http_request_duration_seconds_count{app="shop"}' };
    const MEASURED = `query ($name: String!) {
      slo(name: $name) {
        budgetSource sli { errorQuery totalQuery }
        errorBudget { source status unknownBecause remaining consumed errorRatio allowedBadSeconds badSeconds }
        h1: burnRate(window: H1) burnAlert
      }
    }`;

    it('stores the sli and says its inputs are unknown without Prometheus: nulls and why, never numbers', async () => {
      const slo = (await data(`mutation ($input: CreateSloInput!) { createSlo(input: $input) { name service budgetSource sli { errorQuery totalQuery } } }`, {
        input: { name: aName('slo'), service: aName('svc'), objective: 99.9, windowDays: 30, sli: SLI },
      })).createSlo;
      expect(slo).toMatchObject({ budgetSource: 'PROMETHEUS', sli: SLI });
      const { slo: answer } = await data(MEASURED, { name: slo.name });
      expect(answer).toEqual({
        budgetSource: 'PROMETHEUS',
        sli: SLI,
        errorBudget: {
          source: 'PROMETHEUS',
          status: 'UNKNOWN',
          unknownBecause: 'PROMETHEUS_URL is not set',
          remaining: null,
          consumed: null,
          errorRatio: null,
          allowedBadSeconds: null,
          badSeconds: null,
        },
        h1: null,
        burnAlert: null,
      });
      const { service } = await data(`query ($name: String!) { service(name: $name) { errorBudgetRemaining } }`, { name: slo.service });
      expect(service.errorBudgetRemaining).toBeNull();
    });

    it('keeps the alert-time model for an SLO without an sli, and says so', async () => {
      const slo = await createSlo();
      const { slo: answer } = await data(MEASURED, { name: slo.name });
      expect(answer).toMatchObject({ budgetSource: 'ALERTS', sli: null, errorBudget: { source: 'ALERTS', status: 'KNOWN', unknownBecause: null, remaining: 1, errorRatio: null } });
    });

    it('moves an SLO between the two models by update (sli: null goes back to alert time)', async () => {
      const slo = await createSlo();
      const UPDATE = `mutation ($id: ID!, $input: UpdateSloInput!) { updateSlo(id: $id, input: $input) { budgetSource sli { totalQuery } } }`;
      expect((await data(UPDATE, { id: slo.id, input: { sli: SLI } })).updateSlo).toEqual({ budgetSource: 'PROMETHEUS', sli: { totalQuery: SLI.totalQuery } });
      expect((await data(UPDATE, { id: slo.id, input: { description: 'still measured' } })).updateSlo.budgetSource).toBe('PROMETHEUS');
      expect((await data(UPDATE, { id: slo.id, input: { sli: null } })).updateSlo).toEqual({ budgetSource: 'ALERTS', sli: null });
    });

    it('refuses a query that is neither a counter selector nor a {{.window}} template, naming the field', async () => {
      const error = await failure(CREATE_SLO, {
        input: { name: aName('slo'), service: 'x', objective: 99, windowDays: 30, sli: { errorQuery: 'sum(rate(x[5m]))', totalQuery: 'x' } },
      });
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('errorQuery must be a counter series selector');
    });

    it('exports Sloth-style rules for a measured SLO; SLO_HAS_NO_SLI for one measured from alert time', async () => {
      const measured = (await data(CREATE_SLO, { input: { name: aName('slo'), service: 'shop', objective: 99.5, windowDays: 28, sli: SLI } })).createSlo;
      const { sloPrometheusRules } = await data(`query ($name: String!) { sloPrometheusRules(name: $name) }`, { name: measured.name });
      expect(sloPrometheusRules).toContain(`- name: sloth-slo-sli-recordings-shop-${measured.name}`);
      expect(sloPrometheusRules).toContain('record: slo:error_budget_remaining:ratio');
      expect(sloPrometheusRules).toContain('vector(0.995)');
      const plain = await createSlo();
      const error = await failure(`query ($name: String!) { sloPrometheusRules(name: $name) }`, { name: plain.name });
      expect(error.extensions).toMatchObject({ code: 'SLO_HAS_NO_SLI', status: 409 });
      expect((await failure(`query { sloPrometheusRules(name: "no-such-slo") }`)).extensions.code).toBe('SLO_NOT_FOUND');
    });
  });

  describe('error budget', () => {
    it('has half its budget left after 21.6 bad minutes, and opens a ticket for the slow burn', async () => {
      const slo = await createSlo({ objective: 99.9, windowDays: 30 });
      // 0.1 % of 30 days is 2592 s (43.2 min); 21.6 minutes ending 2 hours ago spend half of it.
      await aViolation(slo.name, slo.service, minutesAgo(120 + 21.6), minutesAgo(120));

      const { slo: answer } = await data(BUDGET, { name: slo.name });
      expect(answer.errorBudget.windowDays).toBe(30);
      expect(answer.errorBudget.allowedBadSeconds).toBeCloseTo(2592, 6);
      expect(answer.errorBudget.badSeconds).toBeCloseTo(1296, 6);
      expect(answer.errorBudget.remaining).toBeCloseTo(0.5, 6);
      expect(answer.errorBudget.consumed).toBeCloseTo(0.5, 6);
      // Nothing in the last 5 min, 30 min or hour; 1296 s of 6 h is 60×, of 3 days 5×: the 3d/6h rule.
      expect(answer).toMatchObject({ m5: 0, m30: 0, h1: 0, burnAlert: 'TICKET' });
      expect(answer.h6).toBeCloseTo(60, 6);
      expect(answer.d3).toBeCloseTo(5, 6);
    });

    it('burns 1000× over 5 minutes and 83.3× over the hour on an open violation of 5 minutes, and pages', async () => {
      const slo = await createSlo({ objective: 99.9, windowDays: 30 });
      await aViolation(slo.name, slo.service, minutesAgo(5), null);

      const { slo: answer } = await data(BUDGET, { name: slo.name });
      // The whole 5-minute window is bad: 1 ÷ 0.001.
      expect(answer.m5).toBeCloseTo(1000, 6);
      // 300 s (and the moments the request took) of 3600 s: 300 / 3600 / 0.001 = 83.3.
      expect(answer.h1).toBeCloseTo(83.33, 0);
      expect(answer.burnAlert).toBe('PAGE');
      expect(answer.errorBudget.badSeconds).toBeCloseTo(300, -1);
      expect(answer.errorBudget.remaining).toBeCloseTo(1 - 300 / 2592, 2);
    });

    it('leaves an SLO without violations its whole budget, and OK', async () => {
      const slo = await createSlo({ objective: 99.9, windowDays: 30 });
      const { slo: answer } = await data(BUDGET, { name: slo.name });
      expect(answer.errorBudget).toMatchObject({ windowDays: 30, badSeconds: 0, remaining: 1, consumed: 0 });
      expect(answer.errorBudget.allowedBadSeconds).toBeCloseTo(2592, 6);
      expect(answer).toMatchObject({ m5: 0, m30: 0, h1: 0, h6: 0, d3: 0, burnAlert: 'OK' });
    });

    it('counts only the part of a violation inside the window, overlapping violations once', async () => {
      const slo = await createSlo({ objective: 99, windowDays: 28 });
      const windowStart = 28 * 24 * 60;
      // 10 minutes inside the window, then 20 and 30 minutes overlapping (40 min together), and one long before.
      await aViolation(slo.name, slo.service, minutesAgo(windowStart + 50), minutesAgo(windowStart - 10));
      await aViolation(slo.name, slo.service, minutesAgo(600), minutesAgo(580));
      await aViolation(slo.name, slo.service, minutesAgo(590), minutesAgo(560));
      await aViolation(slo.name, slo.service, minutesAgo(windowStart + 600), minutesAgo(windowStart + 500));

      const { slo: answer } = await data(BUDGET, { name: slo.name });
      // 1 % of 28 days = 24192 s; 50 minutes = 3000 s.
      expect(answer.errorBudget.allowedBadSeconds).toBeCloseTo(24_192, 6);
      expect(answer.errorBudget.badSeconds).toBeCloseTo(3000, 0);
      expect(answer.errorBudget.remaining).toBeCloseTo(1 - 3000 / 24_192, 4);
    });

    it("answers a service's SLOs, the smallest remaining budget among them, and its firing alerts", async () => {
      const service = aName('svc');
      const halfSpent = await createSlo({ name: aName('a-slo'), service });
      const untouched = await createSlo({ name: aName('b-slo'), service });
      await aViolation(halfSpent.name, service, minutesAgo(120 + 21.6), minutesAgo(120));
      await fire({ service });

      const SERVICE = `query ($name: String!) {
        service(name: $name) { name slos { name } errorBudgetRemaining firingAlerts { alertName service } }
      }`;
      const answer = (await data(SERVICE, { name: service })).service;
      expect(answer).toMatchObject({ name: service, firingAlerts: [{ alertName: 'HighErrorRate', service }] });
      expect(answer.slos.map((slo: { name: string }) => slo.name).sort()).toEqual([halfSpent.name, untouched.name].sort());
      expect(answer.errorBudgetRemaining).toBeCloseTo(0.5, 6);

      const bare = aName('svc');
      expect((await data(SERVICE, { name: bare })).service).toEqual({ name: bare, slos: [], errorBudgetRemaining: null, firingAlerts: [] });
    });
  });

  // ---- SLO violations from alerts ----------------------------------------------

  describe('SLO violations signalled by alerts', () => {
    it('opens a violation on a firing alert labelled slo_name and closes it on the resolved notification', async () => {
      const slo = await createSlo({ objective: 99.9, windowDays: 30 });
      const timing = { service: slo.service, sloName: slo.name, startsAt: minutesAgo(10) };
      const alertId = await fire(timing);
      const VIOLATIONS = `query ($name: String!) { slo(name: $name) { violations { alertId startedAt endedAt } errorBudget { badSeconds } } }`;

      const open = (await data(VIOLATIONS, { name: slo.name })).slo;
      expect(open.violations).toEqual([{ alertId, startedAt: timing.startsAt.toISOString(), endedAt: null }]);
      expect(open.errorBudget.badSeconds).toBeCloseTo(600, -1);

      const endsAt = new Date(timing.startsAt.getTime() + 5 * 60_000);
      await apply(aNotification('resolved', { ...timing, endsAt }));

      const closed = (await data(VIOLATIONS, { name: slo.name })).slo;
      expect(closed.violations).toEqual([{ alertId, startedAt: timing.startsAt.toISOString(), endedAt: endsAt.toISOString() }]);
      expect(closed.errorBudget.badSeconds).toBeCloseTo(300, 6);
    });
  });

  // ---- federation ---------------------------------------------------------

  describe('federation', () => {
    it('resolves Incident entities to the alerts linked to them, oldest first', async () => {
      const service = aName('svc');
      const incidentId = randomUUID();
      const older = await fire({ service, instance: 'a', startsAt: minutesAgo(20) });
      const newer = await fire({ service, instance: 'b', startsAt: minutesAgo(10) });
      const unlinked = await fire({ service, instance: 'c' });
      const link = `mutation ($alertId: ID!, $incidentId: ID!) { linkAlertToIncident(alertId: $alertId, incidentId: $incidentId) { id } }`;
      await data(link, { alertId: newer, incidentId });
      await data(link, { alertId: older, incidentId });
      await data(`mutation ($id: ID!) { resolveAlert(id: $id) { id } }`, { id: older });

      const { _entities } = await data(
        `query ($representations: [_Any!]!) {
          _entities(representations: $representations) { ... on Incident { id alerts { id alertName status } } }
        }`,
        { representations: [{ __typename: 'Incident', id: incidentId }, { __typename: 'Incident', id: randomUUID() }] },
      );
      expect(_entities).toEqual([
        {
          id: incidentId,
          alerts: [
            { id: older, alertName: 'HighErrorRate', status: 'RESOLVED' },
            { id: newer, alertName: 'HighErrorRate', status: 'FIRING' },
          ],
        },
        { id: expect.any(String), alerts: [] },
      ]);
      expect(JSON.stringify(_entities)).not.toContain(unlinked);
    });

    it('resolves Service entities by name', async () => {
      const slo = await createSlo();
      const { _entities } = await data(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Service { name errorBudgetRemaining } } }`,
        { representations: [{ __typename: 'Service', name: slo.service }] },
      );
      expect(_entities).toEqual([{ name: slo.service, errorBudgetRemaining: 1 }]);
    });

    it('publishes Incident and Service as entities in its SDL', async () => {
      const { _service } = await data(`{ _service { sdl } }`);
      expect(_service.sdl).toMatch(/type Incident\s+@key\(fields: "id"\)/);
      expect(_service.sdl).toMatch(/type Service\s+@key\(fields: "name"\)/);
    });
  });
});
