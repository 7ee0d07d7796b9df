import { Queues, queueKeyPrefix } from '@companyos/platform';
import { alertmanagerExample, AppProcess, githubExample, githubHeaders, Stack, TEST_ALERTMANAGER_TOKEN, TEST_GITHUB_SECRET, testEnv, waitFor } from '@companyos/testing';
import IORedis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

// Replicas on one machine: two gateways, and the alerts and incidents apps each
// as one API process (ROLE=api) plus two worker processes (ROLE=worker), all on
// one database and one Redis. Every delivery is sent to both gateways at once
// (a retry landing on the other replica); the effects must happen exactly
// once, and both worker processes of each app must have taken jobs.
const GROUPS = 24;
const ALERTS_PER_GROUP = 3;
const ISSUES = 12;

describe('replicas: two gateways, two workers of alerts and incidents', () => {
  let stack: Stack;
  let gateways: AppProcess[];
  let alertsWorkers: AppProcess[];
  let incidentsWorkers: AppProcess[];
  const service = `replicas-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    // Thirteen processes on one PostgreSQL (max_connections 100 by default): each pool is kept small, as a deployment
    // of this many replicas must (at the default of 20 they ran out, and jobs failed with "too many clients").
    const small = { DATABASE_POOL_SIZE: '5' };
    const env = { gatewayEnv: small, deploymentsEnv: small, runbooksEnv: small, accessEnv: small, buildsEnv: small, knowledgeEnv: small };
    stack = await Stack.start({ ...env, alertsEnv: { ...small, ROLE: 'api' }, incidentsEnv: { ...small, ROLE: 'api' } });
    const [gateway2, ...workers] = await Promise.all([
      stack.startReplica('gateway'),
      stack.startReplica('alerts', { ROLE: 'worker' }),
      stack.startReplica('alerts', { ROLE: 'worker' }),
      stack.startReplica('incidents', { ROLE: 'worker' }),
      stack.startReplica('incidents', { ROLE: 'worker' }),
    ]);
    gateways = [stack.gateway, gateway2];
    alertsWorkers = workers.slice(0, 2);
    incidentsWorkers = workers.slice(2);
  }, 300_000); // twelve apps booting: slow on a crowded machine (TEST_APP_START_TIMEOUT_MS)

  afterAll(() => stack?.stop());

  /** Notification `group` of the run: ALERTS_PER_GROUP critical alerts of its own Alertmanager group. */
  const notification = (group: number) => {
    const template = alertmanagerExample('firing');
    const first = template.alerts[0];
    const groupKey = `{}/{}:{alertname="HighErrorRate", service="${service}", shard="${group}"}`;
    const alerts = Array.from({ length: ALERTS_PER_GROUP }, (_, i) => ({
      ...first,
      labels: { alertname: 'HighErrorRate', service, severity: 'critical', shard: String(group), instance: `web-${i}` },
      annotations: { summary: `${service} shard ${group} fails requests` },
      fingerprint: randomBytes(8).toString('hex'),
    }));
    return JSON.stringify({ ...template, groupKey, alerts, commonLabels: { alertname: 'HighErrorRate', service, severity: 'critical', shard: String(group) } });
  };
  const postAlertmanager = (gateway: AppProcess, body: string) =>
    fetch(`${gateway.url}/api/companyos/prometheus-webhook`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ALERTMANAGER_TOKEN}`, 'content-type': 'application/json' },
      body,
    });
  const postGithub = (gateway: AppProcess, body: string, deliveryId: string) =>
    fetch(`${gateway.url}/api/companyos/github-webhook`, { method: 'POST', headers: githubHeaders(TEST_GITHUB_SECRET, 'issues', body, deliveryId), body });

  it('applies every delivery exactly once, whichever gateway and worker took it', async () => {
    const notifications = Array.from({ length: GROUPS }, (_, group) => notification(group));
    const issueNumbers = Array.from({ length: ISSUES }, (_, i) => 700_000 + Math.floor(Math.random() * 100_000) * 100 + i);
    const issues = issueNumbers.map((number) => {
      const labeled = githubExample('issues', 'labeled', { bug: 'incident' });
      labeled.issue.number = number;
      labeled.issue.title = `${service} issue ${number}`;
      labeled.issue.html_url = `https://github.com/example/repo/issues/${number}`;
      labeled.issue.id = number;
      return { body: JSON.stringify(labeled), deliveryId: randomUUID() };
    });

    // Every delivery to both gateways at the same moment.
    const answers = await Promise.all([
      ...notifications.flatMap((body) => gateways.map((gateway) => postAlertmanager(gateway, body))),
      ...issues.flatMap(({ body, deliveryId }) => gateways.map((gateway) => postGithub(gateway, body, deliveryId))),
    ]);
    expect(answers.map((answer) => answer.status).filter((status) => status !== 202)).toEqual([]);
    const outcomes = await Promise.all(answers.map(async (answer) => ((await answer.json()) as { status: string }).status));
    expect(outcomes.filter((outcome) => outcome === 'accepted')).toHaveLength(GROUPS + ISSUES);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(GROUPS + ISSUES);

    const expectedAlerts = GROUPS * ALERTS_PER_GROUP;
    const alertIncidents = () => stack.count(`SELECT 1 FROM incidents.incidents WHERE title LIKE $1 AND source = 'ALERT'`, [`%${service}%`]);
    const issueIncidents = () => stack.count(`SELECT 1 FROM incidents.incidents WHERE github_issue_number = ANY($1::int[])`, [issueNumbers]);
    const attachedAlerts = () => stack.count(`SELECT 1 FROM alerts.alerts WHERE service = $1 AND incident_id IS NOT NULL`, [service]);
    await waitFor(
      'every alert stored and attached to its incident, every issue an incident',
      async () => {
        const [attached, fromIssues, fromAlerts] = [await attachedAlerts(), await issueIncidents(), await alertIncidents()];
        if (attached === expectedAlerts && fromIssues === ISSUES && fromAlerts === GROUPS) return true;
        // The last counts reach the timeout's message: which part did not converge.
        throw new Error(`alerts attached ${attached}/${expectedAlerts}, incidents from issues ${fromIssues}/${ISSUES}, from alerts ${fromAlerts}/${GROUPS}`);
      },
      // Twelve processes on two cores: converging takes 10–40 s here, and a stall once took longer than 120 s (this
      // wait then equalled Jest's own limit, which fired first and hid the counts and logs below).
      240_000,
      250,
    ).catch((error: Error) => {
      // What the processes logged (retries, relay pauses) says why it stalled.
      throw new Error(`${error.message}\n${stack.recentLogs()}`);
    });
    // Let any straggling duplicate show itself before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    expect(await stack.count('SELECT 1 FROM alerts.alerts WHERE service = $1', [service])).toBe(expectedAlerts);
    expect(await alertIncidents()).toBe(GROUPS);
    expect(await issueIncidents()).toBe(ISSUES);
    // One incident per group, every alert of the group on it.
    expect(await stack.count(`SELECT 1 FROM alerts.alerts WHERE service = $1 GROUP BY incident_id HAVING count(*) = $2`, [service, ALERTS_PER_GROUP])).toBe(GROUPS);
    // Timelines: DECLARED once, ALERT_ATTACHED once per alert; an issue's incident DECLARED once.
    const timeline = await stack.db.query<{ kind: string; n: number }>(
      `SELECT t.kind, count(*)::int AS n FROM incidents.timeline_entries t JOIN incidents.incidents i ON i.id = t.incident_id
        WHERE i.title LIKE $1 GROUP BY t.kind ORDER BY t.kind`,
      [`%${service}%`],
    );
    expect(Object.fromEntries(timeline.rows.map((row) => [row.kind, row.n]))).toEqual({ DECLARED: GROUPS + ISSUES, ALERT_ATTACHED: expectedAlerts });
    // Each delivery stored once although both gateways received it.
    expect(await stack.count(`SELECT 1 FROM ingest.deliveries WHERE source = 'github' AND queue = 'incidents.github' AND delivery_key = ANY($1::text[])`, [issues.map((issue) => issue.deliveryId)])).toBe(ISSUES);
  }, 300_000); // longer than the wait above, so a stall reports what did not converge and what the processes logged

  it('spread the jobs over both worker processes of each app', async () => {
    const redis = new IORedis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });
    /** processedBy of every completed job of a queue (BullMQ records the worker's name: <app>:<host>:<pid>). */
    const processedBy = async (queue: string) => {
      const prefix = `${queueKeyPrefix(stack.queuePrefix, queue)}:${queue}`;
      const ids = await redis.zrange(`${prefix}:completed`, 0, -1);
      const workers = await Promise.all(ids.map((id) => redis.hget(`${prefix}:${id}`, 'pb')));
      return workers.reduce<Record<string, number>>((counts, worker) => ({ ...counts, [worker ?? 'unknown']: (counts[worker ?? 'unknown'] ?? 0) + 1 }), {});
    };
    const names = (app: string, workers: AppProcess[]) => workers.map((worker) => `${app}:${hostname()}:${worker.pid}`).sort();
    try {
      const alertmanagerJobs = await processedBy(Queues.AlertsAlertmanager);
      expect(Object.keys(alertmanagerJobs).sort()).toEqual(names('alerts', alertsWorkers));
      expect(Object.values(alertmanagerJobs).reduce((sum, n) => sum + n, 0)).toBe(GROUPS);

      const incidentJobs = [await processedBy(Queues.IncidentsAlerts), await processedBy(Queues.IncidentsGithub)];
      const incidentWorkers = new Set(incidentJobs.flatMap((counts) => Object.keys(counts)));
      expect([...incidentWorkers].sort()).toEqual(names('incidents', incidentsWorkers));
      expect(Object.values(incidentJobs[1]).reduce((sum, n) => sum + n, 0)).toBe(ISSUES);
    } finally {
      redis.disconnect();
    }
  });
});
