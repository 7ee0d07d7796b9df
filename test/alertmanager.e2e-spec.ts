import { PostableAlert, PrivateAlertmanager, Stack, TEST_ALERTMANAGER_TOKEN, waitFor } from '@companyos/testing';
import { randomBytes } from 'node:crypto';

// A real Alertmanager (Debian's prometheus-alertmanager) routes to the gateway's
// webhook with its bearer token; alerts posted to Alertmanager's own API must
// reach the graph deduplicated, critical ones with one incident per group, and
// resolve when Alertmanager says so.
describe('Alertmanager → alerts and incidents, end to end', () => {
  let stack: Stack;
  let alertmanager: PrivateAlertmanager;
  const webhook = () => `${stack.gateway.url}/api/companyos/prometheus-webhook`;

  beforeAll(async () => {
    stack = await Stack.start();
    alertmanager = await PrivateAlertmanager.start({ webhookUrl: webhook(), bearerToken: TEST_ALERTMANAGER_TOKEN });
  });

  afterAll(async () => {
    await alertmanager?.stop();
    await stack?.stop();
  });

  const service = `checkout-${randomBytes(3).toString('hex')}`;
  const startsAt = new Date(Date.now() - 5 * 60_000).toISOString();
  const critical = (instance: string): PostableAlert => ({
    labels: { alertname: 'HighErrorRate', service, severity: 'critical', customer_facing: 'true', slo_name: `${service}-availability`, instance },
    annotations: { summary: `${service} is failing 7.3% of requests`, runbook_url: 'https://runbooks.example.com/checkout/high-error-rate' },
    startsAt,
    generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=up',
  });
  const warning: PostableAlert = { labels: { alertname: 'DiskFilling', service, severity: 'warning', instance: 'db-1' }, startsAt };
  const fired = [critical('web-1'), critical('web-2'), warning];

  const alertsOfService = async () => {
    const result = await stack.graphql<{ alerts: { nodes: any[] } }>(
      `query ($service: String) { alerts(filter: { service: $service }, first: 50) {
         nodes { id alertName severity status receiveCount summary runbookUrl incident { id reference title severity source status } }
       } }`,
      { service },
    );
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.alerts.nodes;
  };

  /** Polls the graph until the service's alerts satisfy `done`; a timeout shows the last answer and Alertmanager's log. */
  const waitForAlerts = async (what: string, done: (nodes: any[]) => boolean) => {
    let last: any[] = [];
    try {
      return await waitFor(what, async () => done((last = await alertsOfService())) && last, 30_000, 250);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nlast answer: ${JSON.stringify(last)}\nAlertmanager log:\n${alertmanager.logTail()}`);
    }
  };

  it('refuses a wrong bearer token (401) and an invalid payload (400 naming the field), storing nothing', async () => {
    const post = (token: string, body: unknown) =>
      fetch(webhook(), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const before = await stack.count('SELECT 1 FROM ingest.deliveries');

    expect((await post('not-the-token-at-all', { version: '4', groupKey: 'g', alerts: [] })).status).toBe(401);
    const invalid = await post(TEST_ALERTMANAGER_TOKEN, { version: '4', groupKey: 'g', alerts: [{ labels: { alertname: 'X' }, startsAt: 'yesterday' }] });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { message: string }).message).toContain('alerts.0.startsAt');
    expect(await stack.count('SELECT 1 FROM ingest.deliveries')).toBe(before);
  });

  it('shows firing alerts in the graph, deduplicated across notifications, critical ones in one SEV1 incident', async () => {
    const slo = await stack.graphql(
      `mutation ($name: String!, $service: String!) { createSlo(input: { name: $name, service: $service, objective: 99.9, windowDays: 30 }) { id } }`,
      { name: `${service}-availability`, service },
    );
    expect(slo.errors).toBeUndefined();
    // The group's next notification repeats web-1 beside the new web-2: the same alert again, not a new one.
    await alertmanager.postAlerts([fired[0], warning]);
    await waitForAlerts('web-1 and the warning', (nodes) => nodes.length === 2);
    await alertmanager.postAlerts([fired[1]]);
    const alerts = await waitForAlerts(
      'three alerts, the critical ones with an incident, web-1 received twice',
      (nodes) =>
        nodes.length === 3 &&
        nodes.filter((alert) => alert.severity === 'CRITICAL').every((alert) => alert.incident) &&
        nodes.some((alert) => alert.alertName === 'HighErrorRate' && alert.receiveCount > 1),
    );

    // Notifications that repeat an alert update its row: still one row per alert.
    expect(await stack.count('SELECT 1 FROM alerts.alerts WHERE service = $1', [service])).toBe(3);
    const critical = alerts.filter((alert) => alert.severity === 'CRITICAL');
    expect(critical.map((alert) => alert.status)).toEqual(['FIRING', 'FIRING']);
    expect(new Set(critical.map((alert) => alert.incident.id)).size).toBe(1);
    expect(critical[0].incident).toMatchObject({ severity: 'SEV1', source: 'ALERT', status: 'OPEN', title: `HighErrorRate: ${service} is failing 7.3% of requests` });
    expect(alerts.find((alert) => alert.severity === 'WARNING').incident).toBeNull();

    // One query joins the two subgraphs both ways.
    const incident = await stack.graphql(`query ($id: ID!) { incident(id: $id) { title alerts { alertName status } } }`, { id: critical[0].incident.id });
    expect(incident.data.incident.alerts).toEqual([
      { alertName: 'HighErrorRate', status: 'FIRING' },
      { alertName: 'HighErrorRate', status: 'FIRING' },
    ]);
    const serviceView = await stack.graphql(
      `query ($name: String!) { service(name: $name) { activeIncidents { id } firingAlerts { alertName } errorBudgetRemaining slos { name burnAlert } } }`,
      { name: service },
    );
    expect(serviceView.data.service.activeIncidents).toEqual([{ id: critical[0].incident.id }]);
    expect(serviceView.data.service.firingAlerts).toHaveLength(3);
    expect(serviceView.data.service.errorBudgetRemaining).toBeLessThan(1);
    expect(serviceView.data.service.slos).toEqual([{ name: `${service}-availability`, burnAlert: 'PAGE' }]);
  });

  it('turns the alerts RESOLVED when Alertmanager sends the resolution, and notes it on the incident', async () => {
    await alertmanager.resolveAlerts(fired);
    const alerts = await waitForAlerts('every alert resolved', (nodes) => nodes.every((alert) => alert.status === 'RESOLVED'));

    const incidentId = alerts.find((alert) => alert.incident).incident.id;
    const timeline = await waitFor('the all-resolved note', async () => {
      const result = await stack.graphql(`query ($id: ID!) { incident(id: $id) { timeline { kind message } } }`, { id: incidentId });
      const entries: { kind: string; message: string }[] = result.data.incident.timeline;
      return entries.some((entry) => entry.kind === 'ALERTS_RESOLVED') && entries;
    });
    expect(timeline.map((entry) => entry.kind)).toEqual(['DECLARED', 'ALERT_ATTACHED', 'ALERT_ATTACHED', 'ALERTS_RESOLVED']);
    expect(await stack.count('SELECT 1 FROM alerts.slo_violations WHERE service = $1 AND ended_at IS NOT NULL', [service])).toBe(2);
  });

  it('answers the seed REST paths for alerts through the gateway', async () => {
    const list = await stack.api(`/api/companyos/alerts?service=${service}&severity=warning`);
    expect(list.status).toBe(200);
    const { nodes } = (await list.json()) as { nodes: { id: string; alertName: string }[] };
    expect(nodes.map((alert: { alertName: string }) => alert.alertName)).toEqual(['DiskFilling']);
    const resolveAgain = await stack.api(`/api/companyos/alerts/${nodes[0].id}/resolve`, { method: 'POST' });
    expect(resolveAgain.status).toBe(409);
    expect(await resolveAgain.json()).toEqual({ error: 'ALERT_ALREADY_RESOLVED', message: `alert ${nodes[0].id} is already resolved` });
  });
});
