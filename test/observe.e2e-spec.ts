import { findOnPath, PrivatePrometheus, Stack, waitFor } from '@companyos/testing';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { parseRunbookYaml } from '../apps/runbooks/src/runbooks/runbook-file.rules';
import { DEFAULT_APP_PORTS, prometheusConfig, toYaml } from '../scripts/observe-config';

// What `npm run observe` ships, checked against the real Prometheus: the rules
// (promtool, and every alert's labels and runbook), the compose config (the one
// the generator writes), and every PromQL expression of the Grafana dashboards
// and the rules, sent to /api/v1/query of a Prometheus scraping a running stack:
// none may be refused, and the series they are built on must exist.

const ROOT = join(__dirname, '..');
const RULES = join(ROOT, 'ops', 'prometheus', 'rules.yml');
const GRAFANA = join(ROOT, 'ops', 'grafana');
const RUNBOOKS = join(ROOT, 'RUNBOOKS');
const run = promisify(execFile);
// A stack of eight apps boots slowly on a busy two-core machine.
const BOOT_MS = 600_000;

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const rules = (): AlertRule[] => (parse(readFileSync(RULES, 'utf8')).groups as { rules: AlertRule[] }[]).flatMap((group) => group.rules);

interface DashboardExpression {
  dashboard: string;
  panel: string;
  expr: string;
}

/** Every `expr` of every panel target of ops/grafana/*.json. */
function dashboardExpressions(): DashboardExpression[] {
  return readdirSync(GRAFANA)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(join(GRAFANA, file), 'utf8'));
      return (dashboard.panels as { title: string; targets?: { expr?: string }[] }[]).flatMap((panel) =>
        (panel.targets ?? []).filter((target) => target.expr).map((target) => ({ dashboard: file, panel: panel.title, expr: target.expr! })),
      );
    });
}

/** Grafana's variables as Prometheus would see them with the dashboards' defaults (all apps, a 1-minute rate window). */
const VARIABLES: Record<string, string> = { $__rate_interval: '1m', $service: '.+', $objective: '0.999' };
const substitute = (expr: string) => expr.replace(/\$__rate_interval|\$service|\$objective/g, (name) => VARIABLES[name]);

describe('observe: rules, runbooks and dashboards', () => {
  it('ships rules promtool accepts, each alert with a service, a severity and a runbook that handles it', async () => {
    const promtool = findOnPath(['promtool']);
    if (promtool) {
      const { stdout } = await run(promtool, ['check', 'rules', RULES]);
      expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
    }
    const runbookFiles = new Map(readdirSync(RUNBOOKS).map((file) => [file, parseRunbookYaml(readFileSync(join(RUNBOOKS, file), 'utf8'), file, () => file)]));
    const alerts = rules();
    expect(alerts.map((rule) => rule.alert).sort()).toEqual([
      'CompanyOSAppDown',
      'CompanyOSDeadLetters',
      'CompanyOSHighErrorRate',
      'CompanyOSHighLatency',
      'CompanyOSPostgresDown',
      'CompanyOSQueueBacklog',
      'CompanyOSQueueOldestJobAge',
      'CompanyOSRedisDown',
      'CompanyOSRelayFailures',
    ]);
    for (const rule of alerts) {
      expect([rule.alert, rule.labels?.severity]).toEqual([rule.alert, expect.stringMatching(/^(critical|warning)$/)]);
      // `service` is the rule's own label, or kept from the scrape target's (up, or aggregated by it).
      const keepsService = /^up\{/.test(rule.expr.trim()) || /by \(service\b/.test(rule.expr);
      expect([rule.alert, Boolean(rule.labels?.service) || keepsService]).toEqual([rule.alert, true]);
      const file = /\/RUNBOOKS\/([^/]+\.ya?ml)$/.exec(rule.annotations?.runbook_url ?? '')?.[1];
      expect([rule.alert, file && runbookFiles.has(file)]).toEqual([rule.alert, true]);
      const parsed = runbookFiles.get(file!)!;
      expect(parsed.errors).toEqual([]);
      expect([rule.alert, parsed.runbooks[0].definition.alerts]).toEqual([rule.alert, expect.arrayContaining([rule.alert])]);
    }
  });

  it('ships a docker-compose Prometheus config that is the generator’s for the compose services, and helm the same rules', () => {
    const shipped = parse(readFileSync(join(ROOT, 'ops', 'prometheus', 'prometheus.compose.yml'), 'utf8'));
    const generated = prometheusConfig({
      targets: Object.entries(DEFAULT_APP_PORTS).map(([service, port]) => ({ service, address: `${service}:${port}` })),
      alertmanager: 'alertmanager:9093',
      ruleFiles: ['/etc/prometheus/rules.yml'],
    });
    expect(shipped).toEqual(generated);
    // The helm chart cannot read ops/: it ships a copy of the rules, which must not drift.
    expect(readFileSync(join(ROOT, 'helm', 'companyos', 'files', 'prometheus-rules.yml'), 'utf8')).toBe(readFileSync(RULES, 'utf8'));
  });

  describe('against a Prometheus scraping a running stack', () => {
    let stack: Stack;
    let prometheus: PrivatePrometheus;

    beforeAll(async () => {
      stack = await Stack.start();
      const apps = { gateway: stack.gateway, incidents: stack.incidents, deployments: stack.deployments, alerts: stack.alerts, runbooks: stack.runbooks, knowledge: stack.knowledge, builds: stack.builds, access: stack.access };
      prometheus = await PrivatePrometheus.start({
        configYaml: toYaml(
          prometheusConfig({
            targets: Object.entries(apps).map(([service, app]) => ({ service, address: `127.0.0.1:${app.port}` })),
            // No Alertmanager here: the rules are evaluated, their notifications go nowhere.
            alertmanager: '127.0.0.1:9',
            scrapeInterval: '1s',
            evaluationInterval: '1s',
          }),
        ),
        rulesFiles: [RULES],
      });
      // Some traffic through the gateway, so the request series exist.
      for (let i = 0; i < 5; i++) await stack.graphql('{ __typename }');
      await waitFor('every app scraped twice', async () => {
        const { result } = await prometheus.query('count_over_time(up{job="companyos"}[1m]) >= 2');
        return result.length === 8;
      }, 30_000, 500);
    }, BOOT_MS);

    afterAll(async () => {
      await prometheus?.stop();
      await stack?.stop();
    });

    it('accepts every PromQL expression of the dashboards and the rules', async () => {
      const expressions = [...dashboardExpressions(), ...rules().map((rule) => ({ dashboard: 'rules.yml', panel: rule.alert, expr: rule.expr }))];
      expect(expressions.length).toBeGreaterThan(20);
      const refused: string[] = [];
      for (const { dashboard, panel, expr } of expressions) {
        await prometheus.query(substitute(expr)).catch((error: Error) => refused.push(`${dashboard} / ${panel}: ${error.message}`));
      }
      expect(refused).toEqual([]);
      // And Prometheus loaded every rule (a rule it cannot evaluate shows as unhealthy).
      const body = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string }[] }[] } };
      const loaded = body.data.groups.flatMap((group) => group.rules);
      expect(loaded).toHaveLength(rules().length);
      await waitFor('every rule evaluated healthy', async () => {
        const now = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as typeof body;
        return now.data.groups.flatMap((group) => group.rules).every((rule) => rule.health === 'ok');
      }, 10_000, 500);
    }, 60_000);

    it('finds the series the dashboards and rules are built on, for every app', async () => {
      const perApp = async (promql: string) => ((await prometheus.query(promql)).result as { metric: { service: string } }[]).map((s) => s.metric.service).sort();
      const all = Object.keys(DEFAULT_APP_PORTS).sort();
      expect(await perApp('up{job="companyos"} == 1')).toEqual(all);
      expect(await perApp('count by (service) (companyos_dependency_up{job="companyos", dependency="postgres"} == 1)')).toEqual(all);
      expect(await perApp('count by (service) (companyos_dependency_up{job="companyos", dependency="redis"} == 1)')).toEqual(all);
      expect(await perApp('count by (service) (process_cpu_seconds_total{job="companyos"})')).toEqual(all);
      expect(await perApp('count by (service) (nodejs_eventloop_lag_p99_seconds{job="companyos"})')).toEqual(all);
      expect(await perApp('count by (service) (companyos_outbox_relay_failures_total{job="companyos"})')).toEqual(all);
      expect(await perApp('count by (service) (http_request_duration_seconds_count{job="companyos", service="gateway"})')).toEqual(['gateway']);
      // Queue gauges of the apps that consume queues (every domain app; the gateway only produces).
      const consumers = all.filter((app) => app !== 'gateway');
      expect(await perApp('count by (service) (companyos_queue_jobs{job="companyos", state="waiting"})')).toEqual(consumers);
      expect(await perApp('count by (service) (companyos_queue_oldest_job_age_seconds{job="companyos"})')).toEqual(consumers);
      expect((await prometheus.query('count(companyos_dead_letters{job="companyos"})')).result.length).toBe(1);
      // The 5xx ratio and p95 of the gateway have values (the traffic above).
      const p95 = await prometheus.query('histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket{job="companyos", service="gateway"}[1m])))');
      expect(p95.result).toHaveLength(1);
    }, 60_000);
  });
});
