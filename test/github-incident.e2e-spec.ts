import { githubExample, githubHeaders, Stack, TEST_GITHUB_SECRET, waitFor } from '@companyos/testing';
import { randomUUID } from 'node:crypto';

// A GitHub issue labelled `incident` becomes an incident anyone can query
// through the gateway: webhook edge → ingest.deliveries → BullMQ → incidents
// worker → Postgres → subgraph → supergraph. Payloads are GitHub's published
// examples (@octokit/webhooks-examples) with the `bug` label renamed.
const json = (response: Response): Promise<any> => response.json();

describe('GitHub issues → incidents, end to end', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ gatewayEnv: { WEBHOOK_MAX_BODY_BYTES: '262144' } });
  });

  afterAll(() => stack?.stop());

  const post = (event: string, payload: unknown, deliveryId: string = randomUUID(), headers: Record<string, string> = {}) => {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return fetch(`${stack.gateway.url}/api/companyos/github-webhook`, {
      method: 'POST',
      headers: { ...githubHeaders(TEST_GITHUB_SECRET, event, body, deliveryId), ...headers },
      body,
    });
  };

  const incidentsOfIssue = async (issueNumber: number) => {
    const result = await stack.graphql<{ incidents: { nodes: any[] } }>(
      `{ incidents(first: 200) { nodes { id reference title severity status source commander githubIssueNumber githubIssueUrl resolvedAt timeline { kind actor } } } }`,
    );
    return result.data!.incidents.nodes.filter((incident) => incident.githubIssueNumber === issueNumber);
  };

  /** Rows the edge stored for the incidents app (an `issues` delivery is stored once per consuming queue). */
  const storedDeliveries = (deliveryId: string) =>
    stack.count(`SELECT 1 FROM ingest.deliveries WHERE delivery_key = $1 AND queue = 'incidents.github'`, [deliveryId]);

  /** Waits until the edge's relay has seen the delivery's job complete. */
  const processed = (deliveryId: string) =>
    waitFor(`delivery ${deliveryId} to be processed`, async () =>
      (await stack.count(`SELECT 1 FROM incidents.processed_messages WHERE message_id = $1`, [`github:${deliveryId}`])) === 1,
    );

  const labeled = githubExample('issues', 'labeled', { bug: 'incident' });

  it('answers a ping with 200', async () => {
    const response = await post('ping', githubExample('ping'));
    expect(response.status).toBe(200);
  });

  it('turns a labelled issue into an incident visible through the gateway', async () => {
    const response = await post('issues', labeled, 'labeled-1');
    expect(response.status).toBe(202);
    expect(await json(response)).toEqual({ status: 'accepted', deliveryId: 'labeled-1' });

    const [incident] = await waitFor('the incident', async () => (await incidentsOfIssue(1)).length === 1 && incidentsOfIssue(1));
    expect(incident).toMatchObject({
      title: labeled.issue.title,
      severity: 'SEV3',
      status: 'OPEN',
      source: 'GITHUB',
      commander: labeled.issue.assignees[0].login,
      githubIssueUrl: labeled.issue.html_url,
    });
    expect(incident.reference).toMatch(/^INC-\d+$/);
    expect(incident.timeline).toEqual([{ kind: 'DECLARED', actor: `github:${labeled.sender.login}` }]);
  });

  it('treats a redelivery as a no-op and never declares a second incident for the same issue', async () => {
    const again = await post('issues', labeled, 'labeled-1');
    expect(again.status).toBe(202);
    expect(await json(again)).toEqual({ status: 'duplicate', deliveryId: 'labeled-1' });
    expect(await storedDeliveries('labeled-1')).toBe(1);

    // Another delivery about the same issue (GitHub sends one per action).
    expect((await post('issues', githubExample('issues', 'opened', { bug: 'incident' }), 'opened-1')).status).toBe(202);
    await processed('opened-1');
    expect(await incidentsOfIssue(1)).toHaveLength(1);
  });

  it('declares a second incident for another issue of the same repository', async () => {
    const milestoned = githubExample('issues', 'milestoned', { bug: 'incident' });
    expect(milestoned.issue.number).toBe(2);
    expect((await post('issues', milestoned)).status).toBe(202);
    await waitFor('the second incident', async () => (await incidentsOfIssue(2)).length === 1);
    expect(await incidentsOfIssue(1)).toHaveLength(1);
  });

  it('resolves the incident when the issue is closed, with resolvedAt', async () => {
    // The package publishes no `closed` example; close the labelled issue as GitHub does.
    const closed = { ...labeled, action: 'closed', issue: { ...labeled.issue, state: 'closed', closed_at: '2019-05-15T16:00:00Z' } };
    delete (closed as Record<string, unknown>).label;
    expect((await post('issues', closed, 'closed-1')).status).toBe(202);
    await processed('closed-1');
    const [incident] = await incidentsOfIssue(1);
    expect(incident.status).toBe('RESOLVED');
    expect(incident.resolvedAt).toBe('2019-05-15T16:00:00.000Z');
    expect(incident.timeline.map((entry: { kind: string }) => entry.kind)).toEqual(['DECLARED', 'RESOLVED']);
  });

  it('refuses a wrong or missing signature with 401 and stores nothing', async () => {
    const wrong = await post('issues', labeled, 'forged-1', { 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) });
    expect(wrong.status).toBe(401);
    expect((await json(wrong)).message).toBe('X-Hub-Signature-256 does not match the body');

    const body = JSON.stringify(labeled);
    const missing = await fetch(`${stack.gateway.url}/api/companyos/github-webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': 'unsigned-1' },
      body,
    });
    expect(missing.status).toBe(401);
    expect(await storedDeliveries('forged-1')).toBe(0);
    expect(await storedDeliveries('unsigned-1')).toBe(0);
  });

  it('answers malformed JSON and invalid payloads with 400 naming the problem, storing nothing', async () => {
    const malformed = await post('issues', '{"action": "labeled", ', 'malformed-1');
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).message).toMatch(/^body is not valid JSON/);

    const invalid = await post('issues', { ...labeled, issue: { ...labeled.issue, number: 'two' } }, 'invalid-1');
    expect(invalid.status).toBe(400);
    expect((await json(invalid)).message).toBe('invalid issues payload: issue.number: Expected number, received string');

    expect(await storedDeliveries('malformed-1')).toBe(0);
    expect(await storedDeliveries('invalid-1')).toBe(0);
  });

  it('answers 413 to a body over the webhook size limit', async () => {
    const huge = { ...labeled, issue: { ...labeled.issue, body: 'x'.repeat(300_000) } };
    const response = await post('issues', huge, 'huge-1');
    expect(response.status).toBe(413);
    expect(await storedDeliveries('huge-1')).toBe(0);
  });

  it('serves the seed REST paths through the same operations, with the seed spellings', async () => {
    const created = await stack.api(`/api/companyos/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'API latency spike in us-east-1',
        severity: 'sev2',
        affectedServices: ['api-gateway', 'entity-service'],
        commander: 'alice@summit.com',
        customerImpact: true,
        impactDescription: 'P95 latency increased to 2.5s',
      }),
    });
    expect(created.status).toBe(201);
    const incident = await json(created);
    expect(incident).toMatchObject({ severity: 'SEV2', status: 'OPEN', source: 'MANUAL', affectedServices: ['api-gateway', 'entity-service'] });

    const patched = await stack.api(`/api/companyos/incidents/${incident.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'identified' }),
    });
    expect(patched.status).toBe(200);
    expect((await json(patched)).status).toBe('IDENTIFIED');

    const listed = await json(await stack.api(`/api/companyos/incidents?severity=sev2&active=true`));
    expect(listed.nodes.map((node: { id: string }) => node.id)).toContain(incident.id);

    const service = await stack.graphql(`{ service(name: "entity-service") { activeIncidents { id } } }`);
    expect(service.data.service.activeIncidents).toEqual([{ id: incident.id }]);

    const resolve = () => stack.api(`/api/companyos/incidents/${incident.id}/resolve`, { method: 'POST' });
    const resolved = await resolve();
    expect(resolved.status).toBe(200);
    expect((await json(resolved)).status).toBe('RESOLVED');
    const twice = await resolve();
    expect(twice.status).toBe(409);
    expect(await json(twice)).toEqual({ error: 'INCIDENT_ALREADY_RESOLVED', message: `incident ${incident.id} is already resolved` });

    const bad = await stack.api(`/api/companyos/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x', severity: 'sev9' }),
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).message).toContain('"SEV9" does not exist in "IncidentSeverity" enum');
  });

  it('reports readiness and metrics on the gateway and the subgraph', async () => {
    for (const app of [stack.gateway, stack.incidents]) {
      const ready = await fetch(`${app.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await json(ready)).toEqual({ status: 'ready', app: app.name });
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      expect(metrics).toContain('http_request_duration_seconds_bucket');
    }
    const incidentMetrics = await (await fetch(`${stack.incidents.url}/metrics`)).text();
    expect(incidentMetrics).toMatch(/companyos_incidents_total\{severity="sev3",app="incidents"\} \d+/);
  });
});
