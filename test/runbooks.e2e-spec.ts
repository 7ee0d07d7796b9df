import { Stack, waitFor } from '@companyos/testing';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

// Runbooks through the gateway, as seed 000 calls them: the platform's own
// RUNBOOKS/ synced at boot, `POST /api/companyos/runbooks/sync` (the
// directory, or a YAML body), `POST /api/companyos/runbook-executions` and
// `PATCH …/:id` with the seed's bodies, and an incident asking the graph for
// its suggested runbooks and executions.

const RUNBOOKS_DIR = join(__dirname, '..', 'RUNBOOKS');

describe('runbooks through the gateway, end to end', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ runbooksEnv: { RUNBOOKS_DIR, RUNBOOKS_SYNC_ON_BOOT: 'true', RUNBOOK_STALE_AFTER_DEPLOYS: '2' } });
  });

  afterAll(() => stack?.stop());

  const call = async (method: string, path: string, body?: unknown, token?: string, contentType = 'application/json') => {
    const response = await stack.api(
      `/api/companyos${path}`,
      {
        method,
        headers: body === undefined ? {} : { 'content-type': contentType },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      },
      token,
    );
    return { status: response.status, body: (await response.json()) as any };
  };

  it("syncs the platform's own runbooks at boot; the seed's sync call finds them unchanged", async () => {
    await waitFor('the boot sync', async () => (await stack.count('SELECT 1 FROM runbooks.runbooks')) >= 8, 15_000);
    const sync = await call('POST', '/runbooks/sync');
    expect(sync).toEqual({ status: 200, body: { created: 0, updated: 0, retired: 0, unchanged: 8, errors: [] } });
    const { data } = await stack.graphql('{ runbooks(filter: { category: "datastore" }) { nodes { title path } } }');
    expect(data.runbooks.nodes.map((r: any) => r.title).sort()).toEqual(['PostgreSQL unreachable', 'Redis unreachable']);
  });

  it('syncs a YAML body posted to the same path, with line-numbered errors, and refuses a non-admin', async () => {
    const service = `svc-${randomBytes(3).toString('hex')}`;
    const yaml = `path: e2e/${service}.yaml\ntitle: Restart ${service}\nservices: [${service}]\nsteps:\n  - title: Drain\n  - title: Restart\n  - title: Check\n---\ntitle: Broken\nsteps:\n  - description: no title\n`;
    const synced = await call('POST', '/runbooks/sync', yaml, undefined, 'application/yaml');
    expect(synced).toEqual({
      status: 200,
      body: { created: 1, updated: 0, retired: 0, unchanged: 0, errors: [{ file: 'body', line: 11, message: 'steps.0.title: is required' }] },
    });
    const responder = await stack.tokenFor('responder');
    const refused = await call('POST', '/runbooks/sync', yaml, responder.token, 'application/yaml');
    expect(refused.status).toBe(403);
  });

  it("runs a runbook with the seed's calls, linked to an incident that suggests it", async () => {
    const service = `api-${randomBytes(3).toString('hex')}`;
    await call('POST', '/runbooks/sync', `path: e2e/${service}.yaml\ntitle: Roll back ${service}\nservices: [${service}]\nsteps:\n${[1, 2, 3, 4, 5].map((n) => `  - title: step ${n}\n`).join('')}`, undefined, 'text/yaml');
    const runbookId = (await stack.graphql('query ($s: String) { runbooks(filter: { service: $s }) { nodes { id } } }', { s: service })).data.runbooks.nodes[0].id;
    const incident = await call('POST', '/incidents', {
      title: 'API latency spike in us-east-1',
      severity: 'sev2',
      affectedServices: [service],
      commander: 'alice@summit.com',
      customerImpact: true,
      impactDescription: 'P95 latency increased to 2.5s',
    });
    expect(incident.status).toBe(201);
    const responder = await stack.tokenFor('responder', 'e2e-responder-exec');

    // Seed 000: start the execution…
    const started = await call('POST', '/runbook-executions', { runbookId, incidentId: incident.body.id, triggeredBy: 'alice@summit.com', triggerSource: 'incident' }, responder.token);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ runbookId, incidentId: incident.body.id, triggeredBy: 'alice@summit.com', triggerSource: 'INCIDENT', status: 'IN_PROGRESS', stepsTotal: 5 });

    // …and report its progress.
    const progressed = await call('PATCH', `/runbook-executions/${started.body.id}`, { stepsCompleted: 3, stepsTotal: 5, currentStep: 'Rolling back deployment' }, responder.token);
    expect(progressed.status).toBe(200);
    expect(progressed.body).toMatchObject({ stepsCompleted: 3, currentStep: 'Rolling back deployment', status: 'IN_PROGRESS' });
    expect(progressed.body.stepCompletedAt).toHaveLength(3);
    const backwards = await call('PATCH', `/runbook-executions/${started.body.id}`, { stepsCompleted: 2 }, responder.token);
    expect(backwards).toMatchObject({ status: 409, body: { error: 'RUNBOOK_EXECUTION_STEPS_BACKWARDS' } });
    const badStatus = await call('PATCH', `/runbook-executions/${started.body.id}`, { status: 'done' }, responder.token);
    expect(badStatus.status).toBe(400);
    const finished = await call('PATCH', `/runbook-executions/${started.body.id}`, { stepsCompleted: 5, stepsTotal: 5, currentStep: 'Done', status: 'completed' }, responder.token);
    expect(finished.body).toMatchObject({ status: 'COMPLETED', finishedBy: 'token:e2e-responder-exec' });
    const late = await call('PATCH', `/runbook-executions/${started.body.id}`, { notes: 'late' }, responder.token);
    expect(late).toMatchObject({ status: 409, body: { error: 'RUNBOOK_EXECUTION_ALREADY_FINISHED' } });

    // The incident (incidents subgraph) joined with its runbooks (runbooks subgraph) in one query.
    const { data, errors } = await stack.graphql(
      'query ($id: ID!) { incident(id: $id) { title suggestedRunbooks { runbook { title stats { executions successRate } } reason } runbookExecutions { id status } } }',
      { id: incident.body.id },
    );
    expect(errors).toBeUndefined();
    expect(data.incident.suggestedRunbooks).toEqual([
      { runbook: { title: `Roll back ${service}`, stats: { executions: 1, successRate: 1 } }, reason: `covers ${service}; 1 of 1 runs succeeded (too few to rank)` },
    ]);
    expect(data.incident.runbookExecutions).toEqual([{ id: started.body.id, status: 'COMPLETED' }]);
    const { data: svc } = await stack.graphql('query ($s: String!) { service(name: $s) { runbooks { runbook { title } } activeIncidents { id } } }', { s: service });
    expect(svc.service.runbooks).toEqual([{ runbook: { title: `Roll back ${service}` } }]);

    // The incident's timeline records the start and the end (the runbooks outbox → the incidents worker).
    const notes = await waitFor('runbook notes on the timeline', async () => {
      const { data: read } = await stack.graphql('query ($id: ID!) { incident(id: $id) { timeline { kind actor message } } }', { id: incident.body.id });
      const entries = read.incident.timeline.filter((entry: any) => entry.message.startsWith('Runbook'));
      return entries.length === 2 ? entries : null;
    });
    expect(notes).toEqual([
      { kind: 'NOTE', actor: 'alice@summit.com', message: `Runbook "Roll back ${service}" (v1) started by alice@summit.com (execution ${started.body.id})` },
      { kind: 'NOTE', actor: 'token:e2e-responder-exec', message: `Runbook "Roll back ${service}" (v1) completed: 5 of 5 steps (execution ${started.body.id})` },
    ]);
  });

  it('flags a runbook stale after its service has had RUNBOOK_STALE_AFTER_DEPLOYS production deployments (from deployment events)', async () => {
    const service = `web-${randomBytes(3).toString('hex')}`;
    await call('POST', '/runbooks/sync', `path: e2e/${service}.yaml\ntitle: Recycle ${service}\nservices: [${service}]\nsteps: [{title: go}]\n`, undefined, 'application/yaml');
    const staleness = async () =>
      (await stack.graphql('query ($s: String) { runbooks(filter: { service: $s }) { nodes { stale deploymentsSinceLastSuccess } } }', { s: service })).data.runbooks.nodes[0];
    expect(await staleness()).toEqual({ stale: false, deploymentsSinceLastSuccess: 0 });
    for (const [version, environment] of [['v1', 'production'], ['v2', 'staging'], ['v3', 'production']]) {
      const deployment = await call('POST', '/deployments', { serviceName: service, version, environment, deployedBy: 'ci', status: 'succeeded' });
      expect(deployment.status).toBe(201);
    }
    expect(await waitFor('the runbook stale', async () => ((await staleness()).stale ? staleness() : null))).toEqual({ stale: true, deploymentsSinceLastSuccess: 2 });
  });
});
