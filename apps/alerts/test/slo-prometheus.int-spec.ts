import { createTestApp, createTestDatabase, dropTestDatabase, PrivatePrometheus, signedSubgraphRequest, SliTarget, startSliTarget, testPlatformConfig, waitFor } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlertsAppModule } from '../src/alerts.app.module';
import { parseSloConfig } from '../src/slos/slo-config';
import { SlosService } from '../src/slos/slos.service';

// The alerts subgraph in process, measuring SLOs from a real Prometheus
// (Debian's prometheus, 1 s scrapes) that scrapes a target with a known error
// ratio: the worked numbers come back through GraphQL, and the federation
// query the release gate sends gets them too; with Prometheus stopped they
// are unknown, and said to be. (test/slo-sli.e2e-spec.ts drives the same
// through the gateway and the deployments app's release gate.)
describe('SLOs measured from a real Prometheus (alerts subgraph in process)', () => {
  const app = `shop-${randomBytes(3).toString('hex')}`;
  let target: SliTarget;
  let prometheus: PrivatePrometheus;
  let url: string;
  let nest: INestApplication;
  const saved = { PROMETHEUS_URL: process.env.PROMETHEUS_URL, PROMETHEUS_TIMEOUT_MS: process.env.PROMETHEUS_TIMEOUT_MS };

  beforeAll(async () => {
    target = await startSliTarget(app);
    prometheus = await PrivatePrometheus.start({
      configYaml: stringify({ global: { scrape_interval: '1s' }, scrape_configs: [{ job_name: 'shop', static_configs: [{ targets: [target.address] }] }] }),
    });
    // The alerts app reads its own settings from the environment at boot.
    process.env.PROMETHEUS_URL = prometheus.url;
    process.env.PROMETHEUS_TIMEOUT_MS = '5000';
    url = await createTestDatabase();
    nest = await createTestApp(AlertsAppModule.forRoot(testPlatformConfig('alerts', { PORT: '4003', DATABASE_URL: url, ROLE: 'api' })));
  });

  afterAll(async () => {
    await nest?.close();
    if (url) await dropTestDatabase(url);
    await prometheus?.stop();
    await target?.stop();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const data = async (query: string, variables: Record<string, unknown> = {}) => {
    const { headers, body } = signedSubgraphRequest('alerts', { query, variables }, { actor: 'test-admin' });
    const response = await request(nest.getHttpServer()).post('/graphql').set(headers).send(body);
    if (response.status !== 200 || response.body.errors) throw new Error(`${response.status}: ${JSON.stringify(response.body.errors ?? response.body)}`);
    return response.body.data;
  };

  const create = (name: string, objective: number, sli: { errorQuery: string; totalQuery: string }) =>
    data(`mutation ($input: CreateSloInput!) { createSlo(input: $input) { name } }`, { input: { name, service: app, objective, windowDays: 30, sli } });

  const SLO = `query ($name: String!) {
    slo(name: $name) {
      budgetSource errorBudget { status unknownBecause remaining consumed errorRatio }
      m5: burnRate(window: M5) m30: burnRate(window: M30) h1: burnRate(window: H1) h2: burnRate(window: H2)
      h6: burnRate(window: H6) d1: burnRate(window: D1) d3: burnRate(window: D3) burnAlert
    }
  }`;
  /** What the release gate asks (apps/deployments/src/release-gate/slo-inputs.client.ts). */
  const GATE_QUERY = `query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Service { errorBudgetRemaining slos { name budgetSource errorBudget { remaining unknownBecause } m5: burnRate(window: M5) h1: burnRate(window: H1) h6: burnRate(window: H6) d3: burnRate(window: D3) } }
    }
  }`;

  // Ratios are exact (see startSliTarget); what is left is binary rounding, far below 1e-6.
  const DIGITS = 6;

  it('gives the worked numbers: 2 % errors at 95 % burn 0.4 and leave 0.6; 3 % slow at 90 % burn 0.3 and leave 0.7', async () => {
    await create(`${app}-availability`, 95, {
      errorQuery: `http_request_duration_seconds_count{app="${app}",status_code=~"5.."}`,
      totalQuery: `http_request_duration_seconds_count{app="${app}"}`,
    });
    await create(`${app}-latency`, 90, {
      errorQuery: `sum(increase(http_request_duration_seconds_count{app="${app}"}[{{.window}}])) - sum(increase(http_request_duration_seconds_bucket{app="${app}",le="0.5"}[{{.window}}]))`,
      totalQuery: `http_request_duration_seconds_count{app="${app}"}`,
    });
    const availability = await waitFor('two scrapes, so that every window has an increase', async () => {
      const { slo } = await data(SLO, { name: `${app}-availability` });
      return slo.errorBudget.status === 'KNOWN' ? slo : null;
    }, 30_000, 500);
    const latency = (await data(SLO, { name: `${app}-latency` })).slo;
    for (const [slo, burn, remaining, ratio] of [[availability, 0.4, 0.6, 0.02], [latency, 0.3, 0.7, 0.03]] as const) {
      expect(slo.budgetSource).toBe('PROMETHEUS');
      expect(slo.errorBudget.unknownBecause).toBeNull();
      expect(slo.errorBudget.errorRatio).toBeCloseTo(ratio, DIGITS);
      expect(slo.errorBudget.remaining).toBeCloseTo(remaining, DIGITS);
      expect(slo.errorBudget.consumed).toBeCloseTo(1 - remaining, DIGITS);
      for (const window of ['m5', 'm30', 'h1', 'h2', 'h6', 'd1', 'd3']) expect(slo[window]).toBeCloseTo(burn, DIGITS);
      expect(slo.burnAlert).toBe('OK');
    }

    const { _entities } = await data(GATE_QUERY, { representations: [{ __typename: 'Service', name: app }] });
    expect(_entities[0].errorBudgetRemaining).toBeCloseTo(0.6, DIGITS);
    expect(_entities[0].slos.map((slo: { budgetSource: string }) => slo.budgetSource)).toEqual(['PROMETHEUS', 'PROMETHEUS']);
  });

  it("applies the repository's slo-config.yaml; without the gateway's series in this Prometheus, its SLOs say so", async () => {
    const file = join(__dirname, '..', '..', '..', 'slo-config.yaml');
    await nest.get(SlosService).apply(parseSloConfig(readFileSync(file, 'utf8'), file));
    const { slo } = await data(`{ slo(name: "gateway-latency-p95") { service objective budgetSource sli { errorQuery } errorBudget { status unknownBecause remaining } h1: burnRate(window: H1) } }`);
    expect(slo).toMatchObject({ service: 'gateway', objective: 95, budgetSource: 'PROMETHEUS', errorBudget: { status: 'UNKNOWN', remaining: null }, h1: null });
    expect(slo.sli.errorQuery).toContain('le="0.5"');
    expect(slo.errorBudget.unknownBecause).toBe(
      'Prometheus gave no usable ratio for M5: no series match totalQuery; M30: no series match totalQuery; H1: no series match totalQuery; ' +
        'H2: no series match totalQuery; H6: no series match totalQuery; D1: no series match totalQuery; D3: no series match totalQuery; SLO: no series match totalQuery',
    );
  });

  it('with Prometheus stopped, answers unknown with the reason, never a number', async () => {
    await prometheus.stop();
    const { slo } = await data(SLO, { name: `${app}-availability` });
    expect(slo).toMatchObject({
      budgetSource: 'PROMETHEUS',
      errorBudget: { status: 'UNKNOWN', remaining: null, consumed: null, errorRatio: null },
      m5: null,
      h1: null,
      h6: null,
      d3: null,
      burnAlert: null,
    });
    expect(slo.errorBudget.unknownBecause).toMatch(/^Prometheus at http:\/\/127\.0\.0\.1:\d+ could not be queried: ECONNREFUSED$/);
    const { _entities } = await data(GATE_QUERY, { representations: [{ __typename: 'Service', name: app }] });
    expect(_entities[0].errorBudgetRemaining).toBeNull();
    expect(_entities[0].slos[0].errorBudget).toEqual({ remaining: null, unknownBecause: expect.stringContaining('ECONNREFUSED') });
  });
});
