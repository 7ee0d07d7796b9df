import { githubExample, githubExamples, githubHeaders, Stack, TEST_GITHUB_SECRET, waitFor } from '@companyos/testing';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Builds reach the graph through the gateway: GitHub Actions' workflow_job / workflow_run webhooks (the published
// examples of @octokit/webhooks-examples, signed as GitHub signs them), and any other CI's REST calls: a run
// reported and finished, its JUnit reports uploaded, the flaky-test radar and quarantine read back.

const REPORT_LIMIT = 64 * 1024;
const unique = (name: string) => `${name}-${randomBytes(3).toString('hex')}`;

/** A JUnit report (jest-junit shape) of four tests of the Cart suite, `failing` among them failed. */
const junit = (failing: string[] = []) => `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jest tests">
  <testsuite name="Cart" tests="4">
${['adds', 'removes', 'totals', 'discounts']
  .map((name) => `    <testcase classname="Cart ${name}" name="Cart ${name}" time="0.01">${failing.includes(name) ? '<failure>Error: expected 10, got 9</failure>' : ''}</testcase>`)
  .join('\n')}
  </testsuite>
</testsuites>`;

describe('builds through the gateway, end to end', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ gatewayEnv: { TEST_REPORT_MAX_BYTES: String(REPORT_LIMIT) }, buildsEnv: { TEST_REPORT_MAX_BYTES: String(REPORT_LIMIT) } });
  });

  afterAll(() => stack?.stop());

  const deliver = (event: string, payload: unknown, deliveryId = randomUUID()) => {
    const body = JSON.stringify(payload);
    return stack.api('/api/companyos/github-webhook', { method: 'POST', headers: githubHeaders(TEST_GITHUB_SECRET, event, body, deliveryId), body }, null);
  };

  const rest = async (method: 'GET' | 'POST', path: string, body?: unknown, token?: string) => {
    const response = await stack.api(
      `/api/companyos/builds${path}`,
      {
        method,
        headers: typeof body === 'string' ? { 'content-type': 'application/xml' } : body === undefined ? {} : { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
      },
      token,
    );
    return { status: response.status, body: (await response.json()) as any };
  };

  const runsOf = async (repository: string) => {
    const { data, errors } = await stack.graphql(
      `query ($filter: BuildRunsFilter) { buildRuns(filter: $filter, first: 1) { totalCount nodes {
         id runId attempt status conclusion workflow
         stages { name group status conclusion queuedSeconds durationSeconds tasks { number name conclusion } } } } }`,
      { filter: { repository } },
    );
    expect(errors).toBeUndefined();
    return data.buildRuns;
  };

  it('a signed workflow_job example becomes a stage of its run, with its steps', async () => {
    const repository = unique('octo-org/repo');
    const example = githubExamples('workflow_job', 'completed').find((e) => e.workflow_job.conclusion === 'failure')!;
    example.repository.full_name = repository;
    example.workflow_job.run_id = randomInt(1, 2 ** 40);
    expect((await deliver('workflow_job', example)).status).toBe(202);

    const runs = await waitFor('the job as a stage', async () => {
      const found = await runsOf(repository);
      return found.nodes[0]?.stages.length ? found : null;
    });
    const [run] = runs.nodes;
    expect(run).toMatchObject({ runId: String(example.workflow_job.run_id), attempt: example.workflow_job.run_attempt, status: 'in_progress' });
    expect(run.stages[0]).toMatchObject({ name: example.workflow_job.name, group: example.workflow_job.name, status: 'completed', conclusion: 'failure' });
    expect(run.stages[0].tasks).toEqual(
      example.workflow_job.steps.map((step: { number: number; name: string; conclusion: string }) => ({ number: step.number, name: step.name, conclusion: step.conclusion })),
    );

    // The run's own delivery completes it; deployments receive the same workflow_run too (one stored delivery per queue).
    const run_ = githubExamples('workflow_run', 'completed').find((e) => e.workflow_run.conclusion === 'success')!;
    run_.repository.full_name = repository;
    Object.assign(run_.workflow_run, { id: example.workflow_job.run_id, run_attempt: example.workflow_job.run_attempt });
    const deliveryId = randomUUID();
    expect((await deliver('workflow_run', run_, deliveryId)).status).toBe(202);
    await waitFor('the run completed', async () => (await runsOf(repository)).nodes[0]?.status === 'completed');
    expect((await runsOf(repository)).nodes[0]).toMatchObject({ conclusion: 'success', stages: [expect.objectContaining({ conclusion: 'failure' })] });
    expect(await stack.count(`SELECT queue FROM ingest.deliveries WHERE delivery_key = $1`, [deliveryId])).toBe(2);
  });

  it('any CI reports a run and finishes it over REST', async () => {
    const repository = unique('acme/shop');
    const started = await rest('POST', '', {
      repository,
      workflow: 'jenkins-main',
      runId: unique('jenkins'),
      branch: 'main',
      commitSha: 'a'.repeat(40),
      stages: [{ name: 'build', startedAt: '2026-01-01T10:00:00Z', steps: [{ name: 'compile', conclusion: 'success' }] }],
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ source: 'api', status: 'in_progress', conclusion: null, stages: [{ name: 'build', status: 'in_progress' }] });

    const finished = await rest('POST', `/${started.body.id}/finished`, {
      conclusion: 'cancelled',
      stages: [{ name: 'test (node 20)', conclusion: 'cancelled' }],
      artifacts: [{ name: 'shop.jar', sizeBytes: 1024, checksum: 'sha256:abc' }],
    });
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({ status: 'completed', conclusion: 'cancelled', artifacts: [{ name: 'shop.jar', sizeBytes: 1024 }] });
    expect(finished.body.stages.map((s: { group: string }) => s.group)).toEqual(['build', 'test']);

    expect((await rest('POST', '/999999999/finished', { conclusion: 'success' })).status).toBe(404);
    const bad = await rest('POST', '', { repository, workflow: 'x', commitSha: 'b', status: 'completed' });
    expect(bad.status).toBe(400);
    const viewer = await stack.tokenFor('viewer', unique('viewer'));
    expect((await rest('POST', '', { repository, workflow: 'x', commitSha: 'c' }, viewer.token)).status).toBe(403);
  });

  it('two JUnit uploads for one commit, one passing and one failing, make the test FLAKY; it can be quarantined', async () => {
    const repository = unique('acme/cart');
    const commitSha = randomBytes(20).toString('hex');
    const report = async (runId: string) =>
      (await rest('POST', '', { repository, workflow: 'ci', runId, branch: 'main', defaultBranch: 'main', commitSha })).body.id as string;
    const first = await report(unique('run'));
    const second = await report(unique('run'));

    const pass = await rest('POST', `/${first}/test-results`, junit());
    expect(pass).toMatchObject({ status: 201, body: { total: 4, passed: 4, failed: 0, infraFailure: false, duplicate: false } });
    expect((await rest('POST', `/${first}/test-results`, junit())).body.duplicate).toBe(true);
    const fail = await rest('POST', `/${second}/test-results`, junit(['totals']));
    expect(fail).toMatchObject({ status: 201, body: { total: 4, passed: 3, failed: 1 } });

    const { data } = await stack.graphql(
      `query ($repository: String!) { flakyTests(repository: $repository) { test { id suite classname name } state flipRate failureRate runs } }`,
      { repository },
    );
    expect(data.flakyTests).toEqual([
      { test: { id: expect.any(String), suite: 'Cart', classname: 'Cart totals', name: 'Cart totals' }, state: 'FLAKY', flipRate: 0.5, failureRate: 0.5, runs: 2 },
    ]);

    const until = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    const quarantined = await stack.graphql(
      `mutation ($testId: ID!, $until: DateTime!) { quarantineTest(testId: $testId, owner: "team-cart", until: $until, reason: "flaky on main") { test { id } until } }`,
      { testId: data.flakyTests[0].test.id, until },
    );
    expect(quarantined.errors).toBeUndefined();
    const list = await rest('GET', `/quarantine?repository=${encodeURIComponent(repository)}`);
    expect(list).toMatchObject({ status: 200, body: { repository, testIds: [data.flakyTests[0].test.id] } });
    const responder = await stack.tokenFor('responder', unique('responder'));
    const denied = await stack.graphql(
      `mutation ($testId: ID!, $until: DateTime!) { quarantineTest(testId: $testId, owner: "x", until: $until, reason: "x") { until } }`,
      { testId: data.flakyTests[0].test.id, until },
      responder.token,
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('Deployment.buildRun: a GitHub deployment reads the latest build run of its repository and commit', async () => {
    const repository = unique('acme/deployed');
    const commitSha = randomBytes(20).toString('hex');
    const run = (await rest('POST', '', { repository, workflow: 'ci', runId: unique('run'), commitSha })).body;
    await rest('POST', `/${run.id}/finished`, { conclusion: 'success' });
    const deployment = githubExample('deployment', 'created');
    deployment.repository.full_name = repository;
    deployment.deployment.sha = commitSha;
    deployment.deployment.id = randomInt(1, 2 ** 40);
    expect((await deliver('deployment', deployment)).status).toBe(202);
    const nodes = await waitFor('the deployment', async () => {
      const { data } = await stack.graphql(
        `query ($s: String) { deployments(filter: { serviceName: $s }, first: 5) { nodes { commitSha buildRun { id conclusion commitSha } } } }`,
        { s: repository },
      );
      return data?.deployments?.nodes?.length ? data.deployments.nodes : null;
    });
    expect(nodes).toEqual([{ commitSha, buildRun: { id: run.id, conclusion: 'success', commitSha } }]);
  });

  it('a deployment_status names its run: Deployment.buildRun is that run (not the commit\'s latest), and BuildRun.deployments lists the deployment', async () => {
    const repository = unique('acme/released');
    const commitSha = randomBytes(20).toString('hex');
    const named = githubExamples('workflow_run', 'completed').find((e) => e.workflow_run.conclusion === 'success')!;
    named.repository.full_name = repository;
    Object.assign(named.workflow_run, { id: randomInt(1, 2 ** 40), run_attempt: 1, head_sha: commitSha, name: 'deploy' });
    expect((await deliver('workflow_run', named)).status).toBe(202);
    const namedRun = await waitFor('the named run', async () => (await runsOf(repository)).nodes[0] ?? null);
    // A later run of the same commit (the latest by commit, but not the one the status names).
    const later = (await rest('POST', '', { repository, workflow: 'ci', runId: unique('run'), commitSha })).body;

    const status = githubExample('deployment_status', 'created');
    expect(status.deployment_status.state).toBe('success');
    status.repository.full_name = repository;
    Object.assign(status.deployment, { sha: commitSha, id: randomInt(1, 2 ** 40) });
    delete status.workflow_run;
    status.deployment_status.log_url = `https://github.com/${repository}/actions/runs/${named.workflow_run.id}/job/77`;
    expect((await deliver('deployment_status', status)).status).toBe(202);
    const deployment = await waitFor('the deployment', async () => {
      const { data } = await stack.graphql(
        `query ($s: String) { deployments(filter: { serviceName: $s }, first: 5) { nodes { id status githubRunUrl buildRun { id runId } } } }`,
        { s: repository },
      );
      return data?.deployments?.nodes?.[0] ?? null;
    });
    expect(deployment).toMatchObject({ status: 'SUCCEEDED', buildRun: { id: namedRun.id, runId: String(named.workflow_run.id) } });

    const { data, errors } = await stack.graphql(
      `query ($a: ID!, $b: ID!) { a: buildRun(id: $a) { deployments { id status } } b: buildRun(id: $b) { deployments { id } } }`,
      { a: namedRun.id, b: later.id },
    );
    expect(errors).toBeUndefined();
    expect(data.a.deployments).toEqual([{ id: deployment.id, status: 'SUCCEEDED' }]);
    // The later run is of the same commit and repository, so the deployment is of its change too.
    expect(data.b.deployments).toEqual([{ id: deployment.id }]);
    const { data: none } = await stack.graphql(`query ($id: ID!) { buildRun(id: $id) { deployments { id } } }`, {
      id: (await rest('POST', '', { repository, workflow: 'ci', runId: unique('run'), commitSha: 'e'.repeat(40) })).body.id,
    });
    expect(none.buildRun.deployments).toEqual([]);
  });

  it('the release gate reads failing and flaky tests of the commit released from the builds subgraph; unknown is stated', async () => {
    const service = unique('gate');
    const repository = `acme/${service}`;
    const commitSha = randomBytes(20).toString('hex');
    const report = async () => (await rest('POST', '', { repository, workflow: 'ci', runId: unique('run'), branch: 'main', commitSha })).body.id as string;
    const [first, second] = [await report(), await report()];
    await rest('POST', `/${first}/test-results`, junit(['totals']));
    await rest('POST', `/${second}/test-results`, junit(['totals', 'discounts']));
    const gate = async (commit: string | null) => {
      const { data, errors } = await stack.graphql(
        `query ($input: ReleaseGateInput!) { releaseGate(input: $input) { allowed violations { rule blocking message }
           inputs { commitSha failingTests flakyTests failingTestExamples testsUnknownBecause } } }`,
        { input: { service, environment: 'STAGING', version: 'v1', ...(commit ? { commitSha: commit } : {}) } },
      );
      expect(errors).toBeUndefined();
      return data.releaseGate;
    };
    // totals failed in both runs (failing), discounts passed and failed (flaky).
    const known = await gate(commitSha);
    expect(known.inputs).toEqual({ commitSha, failingTests: 1, flakyTests: 1, failingTestExamples: ['Cart › Cart totals › Cart totals'], testsUnknownBecause: null });
    expect(known.violations).toEqual(
      expect.arrayContaining([
        { rule: 'FAILING_TESTS', blocking: true, message: `1 test failing on commit ${commitSha.slice(0, 12)}` },
        expect.objectContaining({ rule: 'FLAKY_TESTS', blocking: false }),
      ]),
    );
    expect(known.allowed).toBe(false);

    const unknownCommit = 'f'.repeat(40);
    const unknown = await gate(unknownCommit);
    expect(unknown.inputs).toMatchObject({ commitSha: unknownCommit, failingTests: null, flakyTests: null });
    expect(unknown.inputs.testsUnknownBecause).toBe(`no build run of ${service} on commit ${unknownCommit} is known`);
    expect(unknown.violations).toContainEqual(expect.objectContaining({ rule: 'TESTS_UNKNOWN', blocking: false }));
    expect((await gate(null)).inputs.testsUnknownBecause).toMatch(/the commit being released is not known/);
  });

  it('refuses a billion-laughs report (400, nothing stored), a report over TEST_REPORT_MAX_BYTES (413) and an unknown run (404)', async () => {
    const id = (await rest('POST', '', { repository: unique('acme/x'), workflow: 'ci', commitSha: 'd'.repeat(40) })).body.id;
    const bomb = readFileSync(join(__dirname, '..', 'apps', 'builds', 'src', 'tests', 'fixtures', 'billion-laughs.xml'), 'utf8');
    const refused = await rest('POST', `/${id}/test-results`, bomb);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/DOCTYPE/);
    expect(await stack.count(`SELECT 1 FROM builds.test_uploads WHERE run_id = $1`, [id])).toBe(0);

    const tooLarge = await rest('POST', `/${id}/test-results`, junit() + ' '.repeat(REPORT_LIMIT));
    expect(tooLarge.status).toBe(413);
    expect((await rest('POST', '/999999999/test-results', junit())).status).toBe(404);
    expect((await rest('POST', `/${id}/test-results`, '<testsuite><testcase')).status).toBe(400);
  });
});
