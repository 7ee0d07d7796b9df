import { PrivatePrometheus, PrometheusSample, SliTarget, Stack, startSliTarget, waitFor } from '@companyos/testing';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { prometheusRulesYaml } from '../apps/alerts/src/slos/prometheus-rules.rules';

// SLOs measured from a real Prometheus (Debian's prometheus, 1 s scrapes)
// scraping a service with a known error ratio: the graph's budget and burn
// rates, the release gate's inputs and the exported rules all come to the
// worked numbers; with Prometheus stopped they are unknown, and said to be.
describe('SLOs measured from real SLIs, end to end', () => {
  const app = `shop-${randomBytes(3).toString('hex')}`;
  const service = app;
  let shop: SliTarget;
  let prometheus: PrivatePrometheus;
  let stack: Stack;
  let dir: string;

  // Worked numbers. Availability at 95 %: 2 % bad → burn 0.02 ÷ 0.05 = 0.4 in
  // every window, budget consumed 0.4, remaining 0.6. Latency (p95 < 0.5 s) at
  // 90 %: 3 % slower → burn 0.03 ÷ 0.1 = 0.3, remaining 0.7.
  const availability = {
    name: `${app}-availability`,
    service,
    objective: 95,
    window: '30d',
    sli: {
      errorQuery: `http_request_duration_seconds_count{app="${app}",status_code=~"5.."}`,
      totalQuery: `http_request_duration_seconds_count{app="${app}"}`,
    },
  };
  const latency = {
    name: `${app}-latency`,
    service,
    objective: 90,
    window: '30d',
    sli: {
      errorQuery: `sum(increase(http_request_duration_seconds_count{app="${app}"}[{{.window}}])) - sum(increase(http_request_duration_seconds_bucket{app="${app}",le="0.5"}[{{.window}}]))`,
      totalQuery: `http_request_duration_seconds_count{app="${app}"}`,
    },
  };
  /** The rules GET …/prometheus-rules must export, loaded into Prometheus to check they compute the same numbers. */
  const rulesOf = (slo: typeof availability) =>
    prometheusRulesYaml({ name: slo.name, service: slo.service, objective: slo.objective / 100, windowDays: 30, sli: slo.sli });

  beforeAll(async () => {
    shop = await startSliTarget(app); // 2 % of requests fail, 3 % are slower than 0.5 s
    dir = await mkdtemp(join(tmpdir(), 'companyos-sli-e2e-'));
    const rulesFile = join(dir, 'availability.rules.yml');
    await writeFile(rulesFile, rulesOf(availability));
    const sloConfig = join(dir, 'slo-config.yaml');
    await writeFile(sloConfig, stringify({ slos: [availability, latency] }));
    prometheus = await PrivatePrometheus.start({
      configYaml: stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [{ job_name: 'shop', static_configs: [{ targets: [shop.address] }] }],
      }),
      rulesFiles: [rulesFile],
    });
    stack = await Stack.start({ alertsEnv: { PROMETHEUS_URL: prometheus.url, SLO_CONFIG_FILE: sloConfig } });
  });

  afterAll(async () => {
    await stack?.stop();
    await prometheus?.stop();
    await shop?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const SLO = `query ($name: String!) {
    slo(name: $name) {
      name budgetSource
      errorBudget { source status unknownBecause windowDays remaining consumed errorRatio }
      m5: burnRate(window: M5) m30: burnRate(window: M30) h1: burnRate(window: H1) h2: burnRate(window: H2)
      h6: burnRate(window: H6) d1: burnRate(window: D1) d3: burnRate(window: D3)
      burnAlert
    }
  }`;
  const sloNamed = async (name: string) => {
    const { data, errors } = await stack.graphql(SLO, { name });
    if (errors) throw new Error(JSON.stringify(errors));
    return data.slo;
  };
  const gate = async (name = service) => {
    const { data, errors } = await stack.graphql(
      `query ($input: ReleaseGateInput!) {
        releaseGate(input: $input) {
          allowed violations { rule blocking message }
          inputs { hasSlo errorBudgetRemaining fastBurnRate slowBurnRate sloUnknownBecause }
        }
      }`,
      { input: { service: name, environment: 'STAGING', version: 'v1' } },
    );
    if (errors) throw new Error(JSON.stringify(errors));
    return data.releaseGate;
  };

  // Ratios are exact (see startSliTarget); what is left is binary rounding, far below 1e-6.
  const TOLERANCE_DIGITS = 6;
  const expectNumbers = (slo: any, burn: number, remaining: number, errorRatio: number) => {
    expect(slo.errorBudget).toMatchObject({ source: 'PROMETHEUS', status: 'KNOWN', unknownBecause: null, windowDays: 30 });
    expect(slo.errorBudget.errorRatio).toBeCloseTo(errorRatio, TOLERANCE_DIGITS);
    expect(slo.errorBudget.remaining).toBeCloseTo(remaining, TOLERANCE_DIGITS);
    expect(slo.errorBudget.consumed).toBeCloseTo(1 - remaining, TOLERANCE_DIGITS);
    for (const window of ['m5', 'm30', 'h1', 'h2', 'h6', 'd1', 'd3']) expect(slo[window]).toBeCloseTo(burn, TOLERANCE_DIGITS);
    expect(slo.burnAlert).toBe('OK');
  };

  it('computes budget remaining and burn rates from Prometheus: the worked numbers', async () => {
    // Two scrapes are the least an increase() needs; wait for them.
    const measured = await waitFor('the SLI measured in every window', async () => {
      const slo = await sloNamed(availability.name);
      return slo.errorBudget.status === 'KNOWN' ? slo : null;
    }, 30_000, 500);
    expect(measured.budgetSource).toBe('PROMETHEUS');
    expectNumbers(measured, 0.4, 0.6, 0.02);
    expectNumbers(await sloNamed(latency.name), 0.3, 0.7, 0.03);

    const { data } = await stack.graphql(`query ($name: String!) { service(name: $name) { errorBudgetRemaining } }`, { name: service });
    expect(data.service.errorBudgetRemaining).toBeCloseTo(0.6, TOLERANCE_DIGITS);
  });

  it('gives the release gate the same inputs: budget 0.6 (the lower), fast and slow burn 0.4 (the higher): allowed', async () => {
    const decision = await gate();
    expect(decision.inputs).toMatchObject({ hasSlo: true, sloUnknownBecause: null });
    expect(decision.inputs.errorBudgetRemaining).toBeCloseTo(0.6, TOLERANCE_DIGITS);
    expect(decision.inputs.fastBurnRate).toBeCloseTo(0.4, TOLERANCE_DIGITS);
    expect(decision.inputs.slowBurnRate).toBeCloseTo(0.4, TOLERANCE_DIGITS);
    expect(decision).toMatchObject({ allowed: true, violations: [] });
  });

  it('lets a service without an SLO through with a NO_SLO warning', async () => {
    const decision = await gate(`no-slo-${app}`);
    expect(decision).toMatchObject({ allowed: true, inputs: { hasSlo: false, errorBudgetRemaining: null, sloUnknownBecause: null } });
    expect(decision.violations).toEqual([{ rule: 'NO_SLO', blocking: false, message: expect.stringContaining('has no SLO') }]);
  });

  it('exports the SLO’s rules over REST; loaded into the real Prometheus they record the same numbers', async () => {
    const response = await stack.api(`/api/companyos/slos/${availability.name}/prometheus-rules`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/yaml');
    expect(await response.text()).toBe(rulesOf(availability));

    const select = `{sloth_slo="${availability.name}"}`;
    const value = async (metric: string) => {
      const samples: PrometheusSample[] = (await prometheus.query(`${metric}${select}`)).result;
      return samples.length === 1 ? Number(samples[0].value[1]) : null;
    };
    await waitFor('the recording rules evaluated', async () => (await value('slo:error_budget_remaining:ratio')) !== null, 30_000, 500);
    expect(await value('slo:sli_error:ratio_rate5m')).toBeCloseTo(0.02, TOLERANCE_DIGITS);
    expect(await value('slo:error_budget_remaining:ratio')).toBeCloseTo(0.6, TOLERANCE_DIGITS);
    expect(await value('slo:error_budget_burn_rate:fast')).toBeCloseTo(0.4, TOLERANCE_DIGITS);
    expect(await value('slo:error_budget_burn_rate:slow')).toBeCloseTo(0.4, TOLERANCE_DIGITS);

    const latencyRules = await stack.api(`/api/companyos/slos/${latency.name}/prometheus-rules`);
    expect(latencyRules.status).toBe(200);
    const missing = await stack.api(`/api/companyos/slos/no-such-slo/prometheus-rules`);
    expect(missing.status).toBe(404);
  });

  it('with Prometheus stopped, says the inputs are unknown and why, and the gate says so too', async () => {
    await prometheus.stop();
    const slo = await sloNamed(availability.name);
    expect(slo).toMatchObject({
      budgetSource: 'PROMETHEUS',
      errorBudget: { status: 'UNKNOWN', remaining: null, consumed: null, errorRatio: null },
      m5: null,
      h1: null,
      d3: null,
      burnAlert: null,
    });
    expect(slo.errorBudget.unknownBecause).toMatch(/^Prometheus at http:\/\/127\.0\.0\.1:\d+ could not be queried: ECONNREFUSED/);

    const decision = await gate();
    expect(decision.allowed).toBe(false);
    expect(decision.violations.map((v: { rule: string; blocking: boolean }) => [v.rule, v.blocking])).toEqual([
      ['ERROR_BUDGET_UNKNOWN', true],
      ['FAST_BURN_UNKNOWN', true],
      ['SLOW_BURN_UNKNOWN', true],
    ]);
    expect(decision.inputs).toMatchObject({ hasSlo: true, errorBudgetRemaining: null, fastBurnRate: null, slowBurnRate: null });
    expect(decision.inputs.sloUnknownBecause).toContain(`SLO ${availability.name} (PROMETHEUS): Prometheus at`);
    expect(decision.inputs.sloUnknownBecause).toContain('ECONNREFUSED');
  });
});
