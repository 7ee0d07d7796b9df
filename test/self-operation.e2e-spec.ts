import { PrivateAlertmanager, PrivatePrometheus, Stack, TEST_ALERTMANAGER_TOKEN, waitFor } from '@companyos/testing';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { prometheusConfig, toYaml } from '../scripts/observe-config';

// The platform operates itself (seed 000, "Summit runs on Summit"): a real
// Prometheus scrapes every app of the stack with the shipped rules
// (ops/prometheus/rules.yml, their expressions as shipped, only their `for:`
// shortened to 2 s), a real Alertmanager sends to the gateway's own webhook.
// Stopping the knowledge app makes CompanyOSAppDown fire, and the platform
// declares an incident for `knowledge` with the alert attached, the on-call of
// the service, the runbook the alert names and the service's recent
// deployments; starting it again resolves the alert on the incident's timeline.

const ROOT = join(__dirname, '..');
const RULES = join(ROOT, 'ops', 'prometheus', 'rules.yml');
const RUNBOOKS_DIR = join(ROOT, 'RUNBOOKS');
const SERVICE = 'knowledge';
// A stack of eight apps boots slowly on a busy two-core machine.
const BOOT_MS = 600_000;

describe('the platform operates itself', () => {
  let stack: Stack;
  let alertmanager: PrivateAlertmanager;
  let prometheus: PrivatePrometheus;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'companyos-self-'));
    stack = await Stack.start({ runbooksEnv: { RUNBOOKS_DIR } });
    alertmanager = await PrivateAlertmanager.start({
      webhookUrl: `${stack.gateway.url}/api/companyos/prometheus-webhook`,
      bearerToken: TEST_ALERTMANAGER_TOKEN,
      repeatInterval: '1h',
    });
    // The shipped rules with every `for:` at 2 s (a test cannot wait 30 s per rule); the expressions are untouched.
    const rules = parse(await readFile(RULES, 'utf8'));
    for (const group of rules.groups) for (const rule of group.rules) if (rule.alert) rule.for = '2s';
    const fastRules = join(dir, 'rules.yml');
    await writeFile(fastRules, stringify(rules));
    const apps = { gateway: stack.gateway, incidents: stack.incidents, deployments: stack.deployments, alerts: stack.alerts, runbooks: stack.runbooks, knowledge: stack.knowledge, builds: stack.builds, access: stack.access };
    prometheus = await PrivatePrometheus.start({
      configYaml: toYaml(
        prometheusConfig({
          targets: Object.entries(apps).map(([service, app]) => ({ service, address: `127.0.0.1:${app.port}` })),
          alertmanager: `127.0.0.1:${alertmanager.port}`,
          scrapeInterval: '1s',
          evaluationInterval: '1s',
        }),
      ),
      rulesFiles: [fastRules],
    });
  }, BOOT_MS);

  afterAll(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const { data, errors } = await stack.graphql(query, variables);
    if (errors) throw new Error(JSON.stringify(errors));
    return data;
  };

  it('declares an incident for a stopped app within 60 s, with its alert, on-call, runbook and deployments, and notes the resolution', async () => {
    // The platform's own runbooks, the on-call of the service, and a deployment of it.
    const sync = await stack.api('/api/companyos/runbooks/sync', { method: 'POST' });
    expect(sync.status).toBe(200);
    expect(((await sync.json()) as { errors: unknown[] }).errors).toEqual([]);
    await ok('mutation ($input: CreateScheduleInput!) { createSchedule(input: $input) { name } }', {
      input: { name: 'platform-primary', timeZone: 'UTC', services: [SERVICE], layers: [{ name: 'only', members: [['oncall-olga']], rotation: { handoffTime: '09:00', every: 1, unit: 'WEEKS', startsAt: '2026-01-05T09:00:00Z' } }] },
    });
    const deployed = await stack.api('/api/companyos/deployments', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceName: SERVICE, version: 'v7.1.0', environment: 'production', deployedBy: 'ci@companyos.dev' }),
    });
    expect(deployed.status).toBe(201);
    const deployment = (await deployed.json()) as { id: string };
    expect((await stack.api(`/api/companyos/deployments/${deployment.id}/succeeded`, { method: 'POST' })).status).toBe(200);

    // Prometheus sees every app up before anything is stopped.
    await waitFor('every app scraped and up', async () => {
      const { result } = await prometheus.query('up{job="companyos"}');
      return result.length === 8 && result.every((sample: any) => sample.value[1] === '1');
    }, 30_000);

    await stack.knowledge.stop();
    const stoppedAt = Date.now();
    const incidentId = await waitFor(`an incident for ${SERVICE}`, async () => {
      const data = await ok('query ($name: String!) { service(name: $name) { activeIncidents { id source } } }', { name: SERVICE });
      return data.service.activeIncidents.find((incident: any) => incident.source === 'ALERT')?.id as string | undefined;
    }, 60_000, 500);
    const declaredWithinMs = Date.now() - stoppedAt;
    expect(declaredWithinMs).toBeLessThan(60_000);

    const incident = await waitFor('the incident with its alert attached', async () => {
      const data = await ok(
        `query ($id: ID!) { incident(id: $id) {
           title severity status affectedServices source
           alerts { alertName service severity status runbookUrl labels }
           onCall { user schedule }
           suggestedRunbooks { runbook { title path } match reason }
           services { name recentDeployments { version environment status } }
           timeline { kind message }
         } }`,
        { id: incidentId },
      );
      return data.incident.alerts.length ? data.incident : null;
    }, 20_000);
    expect(incident).toMatchObject({ severity: 'SEV2', status: 'OPEN', affectedServices: [SERVICE], source: 'ALERT' });
    expect(incident.title).toBe(`CompanyOSAppDown: ${SERVICE} is down`);
    expect(incident.alerts).toEqual([
      expect.objectContaining({ alertName: 'CompanyOSAppDown', service: SERVICE, severity: 'CRITICAL', status: 'FIRING', runbookUrl: expect.stringMatching(/\/RUNBOOKS\/subgraph-down\.yaml$/) }),
    ]);
    expect(incident.alerts[0].labels).toMatchObject({ job: 'companyos', service: SERVICE, severity: 'critical' });
    expect(incident.onCall).toEqual([{ user: 'oncall-olga', schedule: 'platform-primary' }]);
    // The runbook the alert's runbook_url names comes first; the others covering the service follow.
    expect(incident.suggestedRunbooks[0]).toMatchObject({ runbook: { path: 'subgraph-down.yaml' }, match: 'RUNBOOK_URL' });
    expect(incident.services).toEqual([{ name: SERVICE, recentDeployments: [{ version: 'v7.1.0', environment: 'PRODUCTION', status: 'SUCCEEDED' }] }]);
    expect(incident.timeline.map((entry: any) => entry.kind)).toEqual(expect.arrayContaining(['DECLARED', 'ALERT_ATTACHED']));

    // Back up: the alert resolves, and the incident's timeline says so.
    stack.knowledge = await stack.knowledge.restarted();
    const resolved = await waitFor('the resolution on the timeline', async () => {
      const data = await ok('query ($id: ID!) { incident(id: $id) { alerts { status resolvedAt } timeline { kind message } } }', { id: incidentId });
      return data.incident.timeline.some((entry: any) => entry.kind === 'ALERTS_RESOLVED') ? data.incident : null;
    }, 60_000, 500);
    expect(resolved.alerts).toEqual([expect.objectContaining({ status: 'RESOLVED' })]);
    expect(resolved.timeline.find((entry: any) => entry.kind === 'ALERTS_RESOLVED').message).toBe('its alert has resolved');
  }, BOOT_MS);
});
