import { WebhookDelivery } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, githubExamples, signedSubgraphRequest, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BuildsAppModule } from '../src/builds.app.module';
import { GithubActionsIngest } from '../src/github/github-actions-ingest.service';

// GitHub's published workflow_run / workflow_job examples applied by the builds worker's service on real
// PostgreSQL, twice and out of order, then read through the subgraph as the gateway would (signed).
describe('GithubActionsIngest (real PostgreSQL, published GitHub examples)', () => {
  let url: string;
  let app: INestApplication;
  let ingest: GithubActionsIngest;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(BuildsAppModule.forRoot(testPlatformConfig('builds', { PORT: '4006', DATABASE_URL: url, ROLE: 'all' })));
    ingest = app.get(GithubActionsIngest);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  const delivery = (event: string, payload: Record<string, any>, deliveryId = randomUUID()): WebhookDelivery => ({
    deliveryId,
    source: 'github',
    event,
    receivedAt: new Date().toISOString(),
    payload,
  });

  /** The published examples of a job's lifecycle, moved onto a run and repository of their own. */
  function jobLifecycle(runId: number, jobId: number, repository: string) {
    const pick = (action: string, status: string) => githubExamples('workflow_job', action).find((e) => e.workflow_job.status === status)!;
    const examples = [pick('queued', 'queued'), pick('in_progress', 'in_progress'), githubExamples('workflow_job', 'completed').find((e) => e.workflow_job.conclusion === 'failure')!];
    return examples.map((example) => {
      Object.assign(example.workflow_job, { id: jobId, run_id: runId, run_attempt: 1, name: 'test (ubuntu-latest, 20)' });
      example.repository.full_name = repository;
      return example;
    });
  }

  function completedRun(runId: number, repository: string) {
    const example = githubExamples('workflow_run', 'completed').find((e) => e.workflow_run.status === 'completed' && e.workflow_run.conclusion === 'success')!;
    Object.assign(example.workflow_run, { id: runId, run_attempt: 1 });
    example.repository.full_name = repository;
    return example;
  }

  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const { headers, body } = signedSubgraphRequest('builds', { query, variables }, { role: 'viewer' });
    const response = await request(app.getHttpServer()).post('/graphql').set(headers).send(body).expect(200);
    return response.body as { data?: any; errors?: any[] };
  };

  it('a job lifecycle and its run, in any order and twice, end as one run with one completed stage and its steps', async () => {
    for (let round = 0; round < 3; round++) {
      const repository = `octo-org/repo-${randomUUID().slice(0, 8)}`;
      const runId = randomInt(1, 2 ** 40);
      const jobs = jobLifecycle(runId, randomInt(1, 2 ** 40), repository).map((payload) => delivery('workflow_job', payload));
      const run = delivery('workflow_run', completedRun(runId, repository));
      const all = [...jobs, run, ...jobs];
      // A different order each round (reversed, interleaved, shuffled): the outcome must not depend on it.
      const ordered = round === 0 ? all.reverse() : round === 1 ? [all[2], all[3], all[0], all[4], all[1], all[5], all[6]] : [...all].sort(() => Math.random() - 0.5);
      const outcomes = [];
      for (const each of ordered) outcomes.push(await ingest.apply(each));
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(3);

      const { data, errors } = await graphql(
        `query ($filter: BuildRunsFilter) { buildRuns(filter: $filter, first: 5) { totalCount nodes {
           repository runId attempt workflow status conclusion commitSha
           stages { name group status conclusion runnerLabels tasks { number name conclusion } } } } }`,
        { filter: { repository } },
      );
      expect(errors).toBeUndefined();
      expect(data.buildRuns.totalCount).toBe(1);
      const [node] = data.buildRuns.nodes;
      expect(node).toMatchObject({ runId: String(runId), attempt: 1, status: 'completed', conclusion: 'success' });
      expect(node.workflow).toBeTruthy();
      expect(node.stages).toHaveLength(1);
      expect(node.stages[0]).toMatchObject({ name: 'test (ubuntu-latest, 20)', group: 'test', status: 'completed', conclusion: 'failure' });
      const steps = jobLifecycle(0, 1, '')[2].workflow_job.steps;
      expect(node.stages[0].tasks.map((t: { number: number }) => t.number)).toEqual(steps.map((s: { number: number }) => s.number));
      expect(node.stages[0].tasks.find((t: { name: string }) => t.name === 'Run yarn run format-check').conclusion).toBe('failure');
    }
  });

  it('keys runs by (run id, attempt): a re-run attempt is a run of its own', async () => {
    const repository = `octo-org/repo-${randomUUID().slice(0, 8)}`;
    const runId = randomInt(1, 2 ** 40);
    const first = completedRun(runId, repository);
    const second = completedRun(runId, repository);
    second.workflow_run.run_attempt = 2;
    second.workflow_run.conclusion = 'cancelled';
    await ingest.apply(delivery('workflow_run', first));
    await ingest.apply(delivery('workflow_run', second));
    const { data } = await graphql(`query ($f: BuildRunsFilter) { buildRuns(filter: $f) { nodes { attempt conclusion } } }`, { f: { repository } });
    expect(data.buildRuns.nodes).toEqual([
      { attempt: 2, conclusion: 'cancelled' },
      { attempt: 1, conclusion: 'success' },
    ]);
  });

  it('ingests every published workflow_run and workflow_job example without error', async () => {
    const examples = [
      ...['requested', 'completed'].flatMap((action) => githubExamples('workflow_run', action).map((p) => delivery('workflow_run', p))),
      ...['queued', 'waiting', 'in_progress', 'completed'].flatMap((action) => githubExamples('workflow_job', action).map((p) => delivery('workflow_job', p))),
    ];
    for (const each of examples) await expect(ingest.apply(each)).resolves.toBe('applied');
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM builds.tasks`);
    expect(n).toBeGreaterThan(0);
  });

  it('answers BUILD_RUN_NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of ['999999999', 'not-a-number']) {
      const { errors } = await graphql(`query ($id: ID!) { buildRun(id: $id) { id } }`, { id });
      expect(errors?.[0]?.extensions?.code).toBe('BUILD_RUN_NOT_FOUND');
    }
  });
});
