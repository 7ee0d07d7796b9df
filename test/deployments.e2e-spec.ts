import { githubExample, githubExamples, githubHeaders, Stack, TEST_GITHUB_SECRET, waitFor } from '@companyos/testing';
import { randomBytes, randomUUID } from 'node:crypto';

// Deployments reach the graph three ways, all through the gateway: CI/CD's
// REST calls from seed 000 (POST /api/companyos/deployments, …/succeeded),
// GitHub's deployment / deployment_status / workflow_run webhooks (the
// published examples of @octokit/webhooks-examples, signed as GitHub signs
// them), and the incidents domain's events, which attribute an incident to
// the production deployment before it and feed the DORA rollups.

interface DeploymentJson {
  id: string;
  serviceName: string;
  version: string;
  environment: string;
  status: string;
  deployedBy: string;
  commitSha: string | null;
  commitTimestamp: string | null;
  githubRunUrl: string | null;
  startedAt: string;
  finishedAt: string | null;
  leadTimeSeconds: number | null;
  source: string;
  repository: string | null;
  githubEnvironment: string | null;
  githubState: string | null;
  rollbackOf: { id: string; version: string; status: string } | null;
}

interface ErrorJson {
  error: string;
  message: string;
}

interface Answer<T> {
  status: number;
  body: T;
}

const unique = (name: string) => `${name}-${randomBytes(3).toString('hex')}`;

describe('deployments through the gateway, end to end', () => {
  let stack: Stack;

  beforeAll(async () => {
    // The published workflow_run examples are runs of a workflow named "test".
    stack = await Stack.start({ deploymentsEnv: { DEPLOY_WORKFLOW_PATTERN: '^test$' } });
  });

  afterAll(() => stack?.stop());

  /** A REST call to the gateway, answered as JSON. */
  async function rest<T = DeploymentJson>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const response = await stack.api(`/api/companyos/deployments${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  const list = (query: string) => rest<{ nodes: DeploymentJson[]; totalCount: number }>('GET', `?${query}`);

  /** A deployment as the seed's CI/CD step records it, already finished with `finish` (succeeded or failed). */
  async function aDeployment(body: Record<string, unknown>, finish?: 'succeeded' | 'failed'): Promise<DeploymentJson> {
    const created = await rest('POST', '', { version: 'v1.0.0', environment: 'production', deployedBy: 'ci@summit.com', ...body });
    expect(created.status).toBe(201);
    if (!finish) return created.body;
    const finished = await rest('POST', `/${created.body.id}/${finish}`);
    expect(finished.status).toBe(200);
    return finished.body;
  }

  async function graphql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await stack.graphql<T>(query, variables);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  }

  describe('the seed’s CI/CD calls (REST)', () => {
    it('records the seed’s manual deployment IN_PROGRESS, marks it succeeded and lists it SUCCEEDED', async () => {
      // Seed 000, "Tracking a Deployment": the body exactly as the curl sends it.
      const started = await rest('POST', '', { serviceName: 'api-gateway', version: 'v2.5.0', environment: 'production', deployedBy: 'bob@summit.com' });
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({
        serviceName: 'api-gateway',
        version: 'v2.5.0',
        environment: 'PRODUCTION',
        status: 'IN_PROGRESS',
        deployedBy: 'bob@summit.com',
        source: 'API',
        finishedAt: null,
        leadTimeSeconds: null,
      });
      const { id } = started.body;

      const succeeded = await rest('POST', `/${id}/succeeded`);
      expect(succeeded.status).toBe(200);
      expect(succeeded.body).toMatchObject({ id, status: 'SUCCEEDED' });
      expect(Date.parse(succeeded.body.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(started.body.startedAt));
      // No commit time was given, so there is no lead time.
      expect(succeeded.body.leadTimeSeconds).toBeNull();

      const listed = await list('serviceName=api-gateway&environment=production&status=succeeded');
      expect(listed.status).toBe(200);
      expect(listed.body.totalCount).toBe(1);
      expect(listed.body.nodes.map((node) => [node.id, node.status])).toEqual([[id, 'SUCCEEDED']]);
      // The filters filter, in either case.
      expect((await list('serviceName=api-gateway&status=IN_PROGRESS')).body.totalCount).toBe(0);
      expect((await list('serviceName=api-gateway&environment=STAGING')).body.totalCount).toBe(0);
    });

    it('records the seed’s GitHub Actions step with a commit time: finishedAt and leadTimeSeconds in the graph', async () => {
      const sha = randomBytes(20).toString('hex');
      const commitTimestamp = new Date(Date.now() - 45 * 60_000).toISOString();
      const started = await rest('POST', '', {
        serviceName: 'summit/maestro',
        version: sha,
        environment: 'production',
        deployedBy: 'octocat',
        commitSha: sha,
        githubRunUrl: 'https://github.com/summit/maestro/actions/runs/4242',
        commitTimestamp,
      });
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({ commitSha: sha, githubRunUrl: 'https://github.com/summit/maestro/actions/runs/4242', commitTimestamp });
      expect((await rest('POST', `/${started.body.id}/succeeded`)).status).toBe(200);

      const { deployment } = await graphql<{ deployment: DeploymentJson }>(
        `query ($id: ID!) { deployment(id: $id) { id status commitTimestamp finishedAt leadTimeSeconds } }`,
        { id: started.body.id },
      );
      expect(deployment.status).toBe('SUCCEEDED');
      expect(deployment.finishedAt).not.toBeNull();
      const expected = (Date.parse(deployment.finishedAt!) - Date.parse(commitTimestamp)) / 1000;
      expect(deployment.leadTimeSeconds).toBeCloseTo(expected, 3);
      expect(deployment.leadTimeSeconds).toBeGreaterThanOrEqual(45 * 60);
    });

    it('takes the GitHub Actions step on a non-push run, whose empty commit time counts as absent', async () => {
      const started = await rest('POST', '', {
        serviceName: 'summit/maestro',
        version: 'v9.9.9',
        environment: 'production',
        deployedBy: 'octocat',
        commitSha: '',
        commitTimestamp: '',
        githubRunUrl: 'https://github.com/summit/maestro/actions/runs/4343',
      });
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({ commitSha: null, commitTimestamp: null, leadTimeSeconds: null });
    });

    it('marks a deployment failed; a finished one cannot change its outcome (409); an unknown one is 404', async () => {
      const started = await aDeployment({ serviceName: unique('payments'), environment: 'staging' });
      expect(started.environment).toBe('STAGING');
      const failed = await rest('POST', `/${started.id}/failed`);
      expect(failed.status).toBe(200);
      expect(failed.body).toMatchObject({ id: started.id, status: 'FAILED' });
      expect(failed.body.finishedAt).not.toBeNull();
      // Saying it again is a no-op, not an error.
      expect((await rest('POST', `/${started.id}/failed`)).status).toBe(200);

      const conflict = await rest<ErrorJson>('POST', `/${started.id}/succeeded`);
      expect(conflict.status).toBe(409);
      expect(conflict.body).toEqual({
        error: 'DEPLOYMENT_ALREADY_FINISHED',
        message: `deployment ${started.id} already finished as FAILED; it cannot become SUCCEEDED`,
      });

      const missing = randomUUID();
      const notFound = await rest<ErrorJson>('POST', `/${missing}/succeeded`);
      expect(notFound.status).toBe(404);
      expect(notFound.body).toEqual({ error: 'DEPLOYMENT_NOT_FOUND', message: `deployment ${missing} does not exist` });
      expect((await rest<ErrorJson>('POST', '/not-a-deployment/failed')).status).toBe(404);
      expect((await rest<ErrorJson>('POST', `/${missing}/rollback`)).status).toBe(404);
      expect((await rest<ErrorJson>('GET', `/${missing}`)).body.error).toBe('DEPLOYMENT_NOT_FOUND');
    });

    it('rolls back to the previous successful version, or to the version given', async () => {
      const service = unique('billing');
      const v1 = await aDeployment({ serviceName: service, version: 'v1.0.0' }, 'succeeded');
      const v2 = await aDeployment({ serviceName: service, version: 'v2.0.0' }, 'succeeded');

      const rollback = await rest('POST', `/${v2.id}/rollback`);
      expect(rollback.status).toBe(200);
      expect(rollback.body).toMatchObject({
        serviceName: service,
        version: v1.version,
        environment: 'PRODUCTION',
        status: 'SUCCEEDED',
        rollbackOf: { id: v2.id, version: 'v2.0.0', status: 'ROLLED_BACK' },
      });
      expect(rollback.body.id).not.toBe(v2.id);
      // Rolling back again answers the same rollback.
      expect((await rest('POST', `/${v2.id}/rollback`)).body.id).toBe(rollback.body.id);

      const listed = await list(`serviceName=${service}`);
      expect(listed.body.nodes.map((node) => [node.version, node.status])).toEqual([
        ['v1.0.0', 'SUCCEEDED'],
        ['v2.0.0', 'ROLLED_BACK'],
        ['v1.0.0', 'SUCCEEDED'],
      ]);

      // A first deployment that failed has nothing to go back to unless told.
      const other = unique('ledger');
      const failed = await aDeployment({ serviceName: other, version: 'v1.0.0' }, 'failed');
      const noVersion = await rest<ErrorJson>('POST', `/${failed.id}/rollback`);
      expect(noVersion.status).toBe(400);
      expect(noVersion.body.error).toBe('INVALID_ROLLBACK_VERSION');
      const told = await rest('POST', `/${failed.id}/rollback`, { version: 'v0.9.0', deployedBy: 'carol@summit.com' });
      expect(told.status).toBe(200);
      expect(told.body).toMatchObject({ version: 'v0.9.0', deployedBy: 'carol@summit.com', status: 'SUCCEEDED', rollbackOf: { id: failed.id, status: 'ROLLED_BACK' } });

      // Only a finished deployment can be rolled back.
      const running = await aDeployment({ serviceName: other, version: 'v1.1.0' });
      const notFinished = await rest<ErrorJson>('POST', `/${running.id}/rollback`, { version: 'v0.9.0' });
      expect(notFinished.status).toBe(409);
      expect(notFinished.body.error).toBe('DEPLOYMENT_NOT_ROLLBACKABLE');
    });

    it('makes a retried create with the same idempotency key (header or body) return the first deployment', async () => {
      const service = unique('search');
      const body = { serviceName: service, version: 'v3.1.0', environment: 'production', deployedBy: 'ci@summit.com' };
      const first = await rest('POST', '', body, { 'idempotency-key': 'run-77-attempt-1' });
      const again = await rest('POST', '', body, { 'idempotency-key': 'run-77-attempt-1' });
      const inBody = await rest('POST', '', { ...body, idempotencyKey: 'run-77-attempt-1' });
      expect([first.status, again.status, inBody.status]).toEqual([201, 201, 201]);
      expect(again.body.id).toBe(first.body.id);
      expect(inBody.body.id).toBe(first.body.id);
      expect((await list(`serviceName=${service}`)).body.totalCount).toBe(1);

      const anotherKey = await rest('POST', '', body, { 'idempotency-key': 'run-77-attempt-2' });
      expect(anotherKey.body.id).not.toBe(first.body.id);
      expect((await list(`serviceName=${service}`)).body.totalCount).toBe(2);

      const mismatch = await rest<ErrorJson>('POST', '', { ...body, idempotencyKey: 'one' }, { 'idempotency-key': 'two' });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.message).toContain('Idempotency-Key');
    });

    it('refuses an unknown environment or a missing field with 400 naming it, and records nothing', async () => {
      const service = unique('mars-rover');
      const unknown = await rest<ErrorJson>('POST', '', { serviceName: service, version: 'v1', environment: 'mars', deployedBy: 'bob' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain('"MARS" does not exist in "DeploymentEnvironment" enum');

      const missing = await rest<ErrorJson>('POST', '', { serviceName: service, version: 'v1', environment: 'production' });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toContain('deployedBy');
      expect((await list(`serviceName=${service}`)).body.totalCount).toBe(0);
    });

    it('answers GET …/stats with the counts by status and the DORA keys of the same service and environment', async () => {
      const service = unique('inventory');
      await aDeployment({ serviceName: service, version: 'v1' }, 'succeeded');
      const v2 = await aDeployment({ serviceName: service, version: 'v2' }, 'succeeded');
      expect((await rest('POST', `/${v2.id}/rollback`)).status).toBe(200);
      await aDeployment({ serviceName: service, version: 'v3' });
      await aDeployment({ serviceName: service, version: 'v3', environment: 'staging' }, 'failed');

      // Rollups are refreshed by the worker after each change: poll until they show the two successful production
      // deployments (v1 and the rollback; v2 was rolled back, so it counts in the change failure rate only).
      type Stats = { stats: Record<string, unknown>; dora: { serviceName: string; environment: string; summary: Record<string, any>; change: Record<string, any> } };
      const answer = await waitFor('the DORA rollups of the service', async () => {
        const stats = await rest<Stats>('GET', `/stats?serviceName=${service}&environment=production`);
        return stats.status === 200 && stats.body.dora.summary.deployments === 2 && stats;
      });
      expect(answer.body.stats).toMatchObject({ total: 4, pending: 0, inProgress: 1, succeeded: 2, failed: 0, rolledBack: 1 });
      expect(answer.body.stats.successRate).toBeCloseTo(2 / 3, 6);
      expect(answer.body.dora).toMatchObject({ serviceName: service, environment: 'PRODUCTION' });
      // One of three finished production deployments was rolled back.
      expect(answer.body.dora.summary.changeFailureRate).toBeCloseTo(1 / 3, 6);
      expect(answer.body.dora.change.deploymentsPerDay).toEqual({ change: null, improved: null });

      // Every environment: the staging failure counts too.
      const all = await rest<Stats>('GET', `/stats?serviceName=${service}`);
      expect(all.body.stats).toMatchObject({ total: 5, failed: 1 });
      const bad = await rest<ErrorJson>('GET', `/stats?serviceName=${service}&environment=moon`);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('"MOON"');
    });
  });

  describe('GitHub’s webhooks (published examples, signed)', () => {
    const post = (event: string, payload: unknown, deliveryId: string = randomUUID()) => {
      const body = JSON.stringify(payload);
      return fetch(`${stack.gateway.url}/api/companyos/github-webhook`, {
        method: 'POST',
        headers: githubHeaders(TEST_GITHUB_SECRET, event, body, deliveryId),
        body,
      });
    };

    /** Waits until the deployments worker has applied the delivery (claimed it in the same transaction as its effect). */
    const processed = (deliveryId: string) =>
      waitFor(`delivery ${deliveryId} to be applied`, async () =>
        (await stack.count(`SELECT 1 FROM deployments.processed_messages WHERE message_id = $1`, [`github:${deliveryId}`])) === 1,
      );

    /** Waits until the edge's relay has seen the delivery's job complete (also when the worker had nothing to do). */
    const completed = (deliveryId: string) =>
      waitFor(`delivery ${deliveryId} to complete`, async () =>
        (await stack.count(`SELECT 1 FROM ingest.deliveries WHERE delivery_key = $1 AND queue = 'deployments.github' AND completed_at IS NOT NULL`, [deliveryId])) === 1,
      );

    const deploymentsOf = async (serviceName: string) =>
      (
        await graphql<{ deployments: { nodes: DeploymentJson[] } }>(
          `query ($serviceName: String) { deployments(filter: { serviceName: $serviceName }) {
             nodes { id serviceName version environment status deployedBy commitSha commitTimestamp githubRunUrl startedAt finishedAt
                     leadTimeSeconds source repository githubEnvironment githubState }
           } }`,
          { serviceName },
        )
      ).deployments.nodes;

    const waitForDeployments = (serviceName: string, what: string, done: (nodes: DeploymentJson[]) => boolean) =>
      waitFor(what, async () => {
        const nodes = await deploymentsOf(serviceName);
        return done(nodes) && nodes;
      });

    it('turns `deployment` created into a PENDING production deployment and `deployment_status` success into SUCCEEDED', async () => {
      const deployment = githubExample('deployment', 'created');
      expect(deployment.deployment.environment).toBe('production');
      const accepted = await post('deployment', deployment, 'deployment-1');
      expect(accepted.status).toBe(202);
      expect(await accepted.json()).toEqual({ status: 'accepted', deliveryId: 'deployment-1' });
      expect(await stack.count(`SELECT 1 FROM ingest.deliveries WHERE delivery_key = 'deployment-1' AND queue = 'deployments.github'`)).toBe(1);

      const [pending] = await waitForDeployments('Codertocat/Hello-World', 'the PENDING deployment', (nodes) => nodes.length === 1);
      expect(pending).toMatchObject({
        version: deployment.deployment.sha,
        commitSha: deployment.deployment.sha,
        environment: 'PRODUCTION',
        githubEnvironment: 'production',
        status: 'PENDING',
        source: 'GITHUB',
        repository: 'Codertocat/Hello-World',
        deployedBy: deployment.deployment.creator.login,
        startedAt: '2019-05-15T15:20:53.000Z',
        finishedAt: null,
      });

      const status = githubExample('deployment_status', 'created');
      expect(status.deployment_status.state).toBe('success');
      expect((await post('deployment_status', status, 'deployment-status-1')).status).toBe(202);
      const [succeeded] = await waitForDeployments('Codertocat/Hello-World', 'the deployment SUCCEEDED', (nodes) => nodes[0]?.status === 'SUCCEEDED');
      expect(succeeded).toMatchObject({ id: pending.id, githubState: 'success', finishedAt: '2019-05-15T15:20:55.000Z' });
    });

    it('treats a redelivery as a no-op, and an older event delivered again does not undo the newer status', async () => {
      const deployment = githubExample('deployment', 'created');
      const redelivered = await post('deployment', deployment, 'deployment-1');
      expect(redelivered.status).toBe(202);
      expect(await redelivered.json()).toEqual({ status: 'duplicate', deliveryId: 'deployment-1' });
      expect(await stack.count(`SELECT 1 FROM ingest.deliveries WHERE delivery_key = 'deployment-1'`)).toBe(1);

      // The same `deployment` event again under a new delivery id reaches the worker: it must not bring back PENDING.
      expect((await post('deployment', deployment, 'deployment-2')).status).toBe(202);
      await processed('deployment-2');
      const nodes = await deploymentsOf('Codertocat/Hello-World');
      expect(nodes.map((node) => [node.status, node.finishedAt])).toEqual([['SUCCEEDED', '2019-05-15T15:20:55.000Z']]);
    });

    it('ends SUCCEEDED when a workflow run’s `completed` arrives before its `requested`, with the commit time for lead time', async () => {
      const completed = githubExamples('workflow_run', 'completed').find(
        (payload) => payload.workflow?.name === 'test' && payload.workflow_run.conclusion === 'success',
      )!;
      const requested = githubExamples('workflow_run', 'requested').find((payload) => payload.workflow_run.conclusion === null)!;
      expect(requested.workflow_run.id).toBe(completed.workflow_run.id);
      const repository = completed.repository.full_name;

      expect((await post('workflow_run', completed, 'run-completed-1')).status).toBe(202);
      const [run] = await waitForDeployments(repository, 'the run’s deployment', (nodes) => nodes.length === 1);
      expect(run).toMatchObject({
        status: 'SUCCEEDED',
        githubState: 'success',
        version: completed.workflow_run.head_sha,
        environment: 'DEVELOPMENT', // a workflow named "test" names no environment the rules know
        githubRunUrl: completed.workflow_run.html_url,
        commitTimestamp: '2020-10-05T16:32:07.000Z',
        finishedAt: '2020-10-05T16:33:49.000Z',
        leadTimeSeconds: 102,
      });

      expect((await post('workflow_run', requested, 'run-requested-1')).status).toBe(202);
      await processed('run-requested-1');
      expect((await deploymentsOf(repository)).map((node) => [node.id, node.status, node.githubState])).toEqual([[run.id, 'SUCCEEDED', 'success']]);
    });

    it('ignores workflow runs that are not deploys (accepted, but no deployment)', async () => {
      const manual = githubExamples('workflow_run', 'completed').find((payload) => payload.workflow_run.name === 'Manually triggered workflow')!;
      manual.workflow_run.conclusion = 'success';
      const before = await deploymentsOf(manual.repository.full_name);
      expect((await post('workflow_run', manual, 'run-manual-1')).status).toBe(202);
      await completed('run-manual-1');
      // Codertocat/Hello-World keeps just the deployment its `deployment` event made.
      const after = await deploymentsOf(manual.repository.full_name);
      expect(after).toEqual(before);
      expect(after.map((node) => node.githubRunUrl)).not.toContain(manual.workflow_run.html_url);
    });

    it('answers an invalid deployment payload with 400 naming the field, storing nothing', async () => {
      const deployment = githubExample('deployment', 'created');
      delete deployment.deployment.sha;
      const invalid = await post('deployment', deployment, 'deployment-invalid-1');
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as ErrorJson).message).toBe('invalid deployment payload: deployment.sha: Required');

      const run = githubExamples('workflow_run', 'requested')[0];
      run.workflow_run.updated_at = 'yesterday';
      const invalidRun = await post('workflow_run', run, 'run-invalid-1');
      expect(invalidRun.status).toBe(400);
      expect(((await invalidRun.json()) as ErrorJson).message).toContain('workflow_run.updated_at');

      expect(await stack.count(`SELECT 1 FROM ingest.deliveries WHERE delivery_key IN ('deployment-invalid-1', 'run-invalid-1')`)).toBe(0);
    });
  });

  describe('incidents and DORA', () => {
    it('attributes an incident to the production deployment before it, and counts both in the service’s DORA metrics', async () => {
      const service = unique('storefront');
      const cause = await aDeployment({ serviceName: service, version: 'v7.0.0' }, 'succeeded');
      // Neither a staging success nor an unfinished production deployment is a cause.
      await aDeployment({ serviceName: service, version: 'v7.1.0', environment: 'staging' }, 'succeeded');
      await aDeployment({ serviceName: service, version: 'v7.1.0' });

      const { createIncident } = await graphql<{ createIncident: { id: string } }>(
        `mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
        { input: { title: `${service} checkout errors`, severity: 'SEV2', affectedServices: [service] } },
      );
      const incidentId = createIncident.id;

      // incident.declared flows incidents outbox → deployments.incidents queue → attribution.
      const incident = await waitFor('the incident to be attributed', async () => {
        const data = await graphql<{ incident: { causedBy: { id: string; version: string } | null } }>(
          `query ($id: ID!) { incident(id: $id) { causedBy { id version } } }`,
          { id: incidentId },
        );
        return data.incident.causedBy && data.incident;
      });
      expect(incident.causedBy).toEqual({ id: cause.id, version: 'v7.0.0' });

      const { deployment } = await graphql(`query ($id: ID!) { deployment(id: $id) { causedIncidents { id } } }`, { id: cause.id });
      expect(deployment.causedIncidents).toEqual([{ id: incidentId }]);

      const dora = async () =>
        (
          await graphql<{ doraMetrics: { serviceName: string; environment: string; summary: Record<string, any> } }>(
            `query ($serviceName: String) { doraMetrics(serviceName: $serviceName) {
               serviceName environment summary { deployments changeFailureRate timeToRestoreSeconds }
             } }`,
            { serviceName: service },
          )
        ).doraMetrics;
      const withFailure = await waitFor('DORA to count the deployment as a change failure', async () => {
        const metrics = await dora();
        return metrics.summary.changeFailureRate === 1 && metrics;
      });
      expect(withFailure).toMatchObject({ serviceName: service, environment: 'PRODUCTION', summary: { deployments: 1, timeToRestoreSeconds: null } });

      // Resolving the incident gives the service a time to restore.
      const resolved = await stack.api(`/api/companyos/incidents/${incidentId}/resolve`, { method: 'POST' });
      expect(resolved.status).toBe(200);
      const restored = await waitFor('DORA to show the time to restore', async () => {
        const metrics = await dora();
        return metrics.summary.timeToRestoreSeconds !== null && metrics;
      });
      expect(restored.summary.timeToRestoreSeconds).toBeGreaterThanOrEqual(0);
      expect(restored.summary.deployments).toBe(1);

      // One query joins the incidents and deployments subgraphs on the service.
      const { service: joined } = await graphql(
        `query ($name: String!) { service(name: $name) { recentDeployments { version environment status } dora { summary { deployments } } } }`,
        { name: service },
      );
      expect(joined.recentDeployments).toEqual([
        { version: 'v7.1.0', environment: 'PRODUCTION', status: 'IN_PROGRESS' },
        { version: 'v7.1.0', environment: 'STAGING', status: 'SUCCEEDED' },
        { version: 'v7.0.0', environment: 'PRODUCTION', status: 'SUCCEEDED' },
      ]);
      expect(joined.dora.summary.deployments).toBe(1);
    });
  });

  it('reports readiness and deployment metrics on the deployments app', async () => {
    const ready = await fetch(`${stack.deployments.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', app: 'deployments' });
    const metrics = await (await fetch(`${stack.deployments.url}/metrics`)).text();
    expect(metrics).toMatch(/companyos_deployments_total\{environment="production",status="succeeded",app="deployments"\} \d+/);
  });
});
