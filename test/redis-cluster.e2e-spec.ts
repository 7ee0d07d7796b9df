import { Queues } from '@companyos/platform';
import {
  githubExample,
  githubHeaders,
  PostableAlert,
  PrivateAlertmanager,
  PrivateRedisCluster,
  Stack,
  TEST_ALERTMANAGER_TOKEN,
  TEST_GITHUB_SECRET,
  testEnv,
  waitFor,
} from '@companyos/testing';
import IORedis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';

// The whole platform on a real Redis Cluster (three `redis-server
// --cluster-enabled yes` masters joined with `redis-cli --cluster create`):
// every app gets REDIS_CLUSTER_NODES, and the GitHub issue → incident and
// Alertmanager → alert → incident flows run end to end through the gateway.
// Each queue's keys carry a hash tag, so they share one slot (BullMQ's scripts
// touch several at once) while the queues spread over the shards.
describe('the platform on a Redis Cluster, end to end', () => {
  let cluster: PrivateRedisCluster;
  let stack: Stack;
  let alertmanager: PrivateAlertmanager;

  beforeAll(async () => {
    cluster = await PrivateRedisCluster.start();
    stack = await Stack.start({ redisClusterNodes: cluster.nodes });
    alertmanager = await PrivateAlertmanager.start({
      webhookUrl: `${stack.gateway.url}/api/companyos/prometheus-webhook`,
      bearerToken: TEST_ALERTMANAGER_TOKEN,
      repeatInterval: '1h',
    });
  }, 300_000); // three Redis nodes and eight apps booting: slow on a crowded machine (TEST_APP_START_TIMEOUT_MS)

  afterAll(async () => {
    await alertmanager?.stop();
    await stack?.stop();
    await cluster?.stop();
  });

  it('turns a labelled GitHub issue into an incident, a redelivery being a no-op', async () => {
    const labeled = githubExample('issues', 'labeled', { bug: 'incident' });
    const body = JSON.stringify(labeled);
    const deliveryId = randomUUID();
    const post = () =>
      fetch(`${stack.gateway.url}/api/companyos/github-webhook`, { method: 'POST', headers: githubHeaders(TEST_GITHUB_SECRET, 'issues', body, deliveryId), body });

    expect((await post()).status).toBe(202);
    const incidents = async () => {
      const result = await stack.graphql(`{ incidents(first: 50) { nodes { id title source githubIssueNumber timeline { kind } } } }`);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return (result.data.incidents.nodes as any[]).filter((incident) => incident.githubIssueNumber === labeled.issue.number);
    };
    const [incident] = await waitFor('the incident of the issue', async () => (await incidents()).length === 1 && incidents(), 30_000, 250);
    expect(incident).toMatchObject({ title: labeled.issue.title, source: 'GITHUB', timeline: [{ kind: 'DECLARED' }] });

    expect(await (await post()).json()).toEqual({ status: 'duplicate', deliveryId });
    expect(await incidents()).toHaveLength(1);
  });

  it('shows Alertmanager alerts in the graph, the critical ones in one incident, and resolves them', async () => {
    const service = `cluster-${randomBytes(3).toString('hex')}`;
    const alert = (instance: string): PostableAlert => ({
      labels: { alertname: 'HighErrorRate', service, severity: 'critical', instance },
      annotations: { summary: `${service} fails requests` },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const fired = [alert('web-1'), alert('web-2')];
    await alertmanager.postAlerts(fired);

    const alertsOfService = async () => {
      const result = await stack.graphql(`query ($service: String) { alerts(filter: { service: $service }, first: 10) { nodes { status incident { id } } } }`, { service });
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data.alerts.nodes as { status: string; incident: { id: string } | null }[];
    };
    const firing = await waitFor('two firing alerts with an incident', async () => {
      const nodes = await alertsOfService();
      return nodes.length === 2 && nodes.every((node) => node.status === 'FIRING' && node.incident) && nodes;
    }, 30_000, 250);
    expect(new Set(firing.map((node) => node.incident!.id)).size).toBe(1);

    await alertmanager.resolveAlerts(fired);
    const timeline = await waitFor('the incident noting the resolution', async () => {
      const result = await stack.graphql(`query ($id: ID!) { incident(id: $id) { timeline { kind } } }`, { id: firing[0].incident!.id });
      const kinds = (result.data?.incident?.timeline ?? []).map((entry: { kind: string }) => entry.kind);
      return kinds.includes('ALERTS_RESOLVED') && kinds;
    }, 30_000, 250);
    expect(timeline).toEqual(['DECLARED', 'ALERT_ATTACHED', 'ALERT_ATTACHED', 'ALERTS_RESOLVED']);
    expect((await alertsOfService()).map((node) => node.status)).toEqual(['RESOLVED', 'RESOLVED']);
  });

  it('kept every key in the cluster: each queue on one node, the queues over several, nothing in the shared Redis', async () => {
    const byNode = await cluster.keysByNode(`${stack.queuePrefix}:*`);
    const queuesOn = new Map<string, Set<number>>();
    for (const [port, keys] of byNode) {
      for (const key of keys) {
        const queue = /^[^:]+:\{([^}]+)\}:/.exec(key)?.[1];
        if (queue) queuesOn.set(queue, new Set([...(queuesOn.get(queue) ?? []), port]));
      }
    }
    for (const queue of [Queues.IncidentsGithub, Queues.AlertsAlertmanager, Queues.IncidentsAlerts, Queues.AlertsIncidents]) {
      expect({ queue, nodes: queuesOn.get(queue)?.size }).toEqual({ queue, nodes: 1 });
    }
    expect(new Set([...queuesOn.values()].flatMap((ports) => [...ports])).size).toBeGreaterThan(1);
    // The subgraphs' replay guard (a nonce per signed request) lives in the cluster too.
    expect([...byNode.values()].flat().some((key) => key.includes(':signature-nonce:'))).toBe(true);

    const shared = new IORedis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      const [, keys] = await shared.scan('0', 'MATCH', `${stack.queuePrefix}:*`, 'COUNT', 100_000);
      expect(keys).toEqual([]);
    } finally {
      shared.disconnect();
    }
  });
});
