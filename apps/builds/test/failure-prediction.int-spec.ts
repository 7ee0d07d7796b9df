import { createTestApp, createTestDatabase, dropTestDatabase, GeneratedRun, generateBuildHistory, signedSubgraphRequest, testPlatformConfig, waitFor } from '@companyos/testing';
import { QueueRegistry, Queues } from '@companyos/platform';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BuildsAppModule } from '../src/builds.app.module';
import { FailurePredictionService } from '../src/prediction/failure-prediction.service';
import { ReportBuildInput } from '../src/reports/build-report.input';
import { BuildReportsService } from '../src/reports/build-reports.service';

// Failure prediction on real PostgreSQL: generated histories stored as runs, models trained by the service (and by the
// repeatable job in the worker role, on real Redis), and BuildRun.failureRisk read through the subgraph.
describe('failure prediction (real PostgreSQL and Redis)', () => {
  let url: string;
  let app: INestApplication;
  let predictions: FailurePredictionService;
  let reports: BuildReportsService;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(
      BuildsAppModule.forRoot(testPlatformConfig('builds', { PORT: '4006', DATABASE_URL: url, ROLE: 'all', QUEUE_PREFIX: `int-${randomBytes(4).toString('hex')}` })),
    );
    predictions = app.get(FailurePredictionService);
    reports = app.get(BuildReportsService);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  /** Stores a generated history as completed runs of `repository` (one statement). */
  async function store(repository: string, runs: GeneratedRun[]) {
    await db.query(
      `INSERT INTO builds.build_runs (source, repository, workflow, external_id, attempt, branch, commit_sha, actor, status, conclusion, created_at, started_at, completed_at, changed_files, changed_lines)
       SELECT 'api', $1, r.workflow, r."externalId", r.attempt, r.branch, r."commitSha", r.actor, 'completed', r.conclusion, r."createdAt", r."startedAt", r."completedAt", r."changedFiles", r."changedLines"
         FROM jsonb_to_recordset($2::jsonb) AS r(workflow text, "externalId" text, attempt int, branch text, "commitSha" text, actor text, conclusion text,
              "createdAt" timestamptz, "startedAt" timestamptz, "completedAt" timestamptz, "changedFiles" int, "changedLines" int)`,
      [repository, JSON.stringify(runs)],
    );
  }

  const risk = async (id: string) => {
    const { headers, body } = signedSubgraphRequest(
      'builds',
      {
        query: `query ($id: ID!) { buildRun(id: $id) { failureRisk { probability likelyToFail factors { name weight value } unavailableBecause
                  model { trainedAt precision recall f1 auc baselineF1 baselinePrecision baselineRecall trainingRuns evaluationRuns threshold served } } } }`,
        variables: { id },
      },
      { role: 'viewer' },
    );
    const response = await request(app.getHttpServer()).post('/graphql').set(headers).send(body).expect(200);
    expect(response.body.errors).toBeUndefined();
    return response.body.data.buildRun.failureRisk;
  };

  /** A run starting now on main of `ci`, by dev-7 (the most careless author), with a large change. */
  const aStartedRun = (repository: string, fields: Partial<ReportBuildInput> = {}) =>
    reports.report({ repository, workflow: 'ci', branch: 'main', actor: 'dev-7', changedFiles: 40, changedLines: 2500, commitSha: randomBytes(20).toString('hex'), ...fields } as ReportBuildInput);

  it('on a realistic history the model beats the last-outcome baseline and failureRisk is served, explained by its factors', async () => {
    const repository = `acme/shop-${randomBytes(3).toString('hex')}`;
    await store(repository, generateBuildHistory({ runs: 3000, seed: 7, kind: 'realistic', start: new Date(Date.now() - 120 * 24 * 3600 * 1000) }));
    const trained = await predictions.retrain(repository);
    expect(trained).toMatchObject({ served: true, unavailableBecause: null });
    expect(trained.f1!).toBeGreaterThan(trained.baselineF1!);
    expect(trained.trainingRuns).toBe(Math.floor((trained.trainingRuns + trained.evaluationRuns) * 0.7));

    const run = await aStartedRun(repository);
    const failureRisk = await risk(run.id);
    expect(failureRisk.unavailableBecause).toBeNull();
    expect(failureRisk.probability).toBeGreaterThan(0);
    expect(failureRisk.probability).toBeLessThan(1);
    expect(failureRisk.likelyToFail).toBe(failureRisk.probability >= failureRisk.model.threshold);
    expect(failureRisk.factors.map((f: { name: string }) => f.name).sort()).toEqual(
      ['authorFailureRate', 'changedFiles', 'changedLines', 'hoursSinceLastGreen', 'previousOutcomeFailed', 'recentFlakyRate'],
    );
    const weights = failureRisk.factors.map((f: { weight: number }) => Math.abs(f.weight));
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(failureRisk.factors.find((f: { name: string }) => f.name === 'changedLines').value).toBeCloseTo(Math.log1p(2500), 9);
    expect(failureRisk.model).toMatchObject({ served: true, f1: trained.f1, baselineF1: trained.baselineF1, precision: trained.precision, recall: trained.recall });

    // The same run with a small change by a careful author is less likely to fail.
    const careful = await aStartedRun(repository, { actor: 'dev-0', changedFiles: 1, changedLines: 3 });
    expect((await risk(careful.id)).probability).toBeLessThan(failureRisk.probability);
  });

  it('says why failureRisk is unavailable: a run not started, no model yet, a model that does not beat the baseline', async () => {
    const repository = `acme/streaky-${randomBytes(3).toString('hex')}`;
    const queued = await aStartedRun(repository, { status: 'queued' });
    expect(await risk(queued.id)).toMatchObject({ probability: null, factors: [], model: null, unavailableBecause: 'the run has not started' });
    const started = await aStartedRun(repository);
    expect((await risk(started.id)).unavailableBecause).toMatch(/no failure model has been trained for acme\/streaky-.* yet/);

    await store(repository, generateBuildHistory({ runs: 2000, seed: 3, kind: 'streaks', start: new Date(Date.now() - 60 * 24 * 3600 * 1000) }));
    await predictions.retrain(repository);
    const failureRisk = await risk(started.id);
    expect(failureRisk).toMatchObject({ probability: null, factors: [], model: { served: false } });
    expect(failureRisk.unavailableBecause).toMatch(/does not beat the last-outcome baseline/);
    expect(failureRisk.model.f1).toBeLessThanOrEqual(failureRisk.model.baselineF1);
  });

  it('the retrain job is scheduled as a repeatable job, and its worker trains every repository with recent runs', async () => {
    const repository = `acme/job-${randomBytes(3).toString('hex')}`;
    await store(repository, generateBuildHistory({ runs: 300, seed: 11, kind: 'realistic', start: new Date(Date.now() - 20 * 24 * 3600 * 1000) }));
    const queue = app.get(QueueRegistry).get(Queues.BuildsPredictions);
    const scheduler = await waitFor('the retrain scheduler', async () => (await queue.getJobSchedulers()).find((s) => s.key === 'failure-model-retrain') ?? null);
    expect(Number(scheduler.every)).toBe(6 * 3600 * 1000);
    // The scheduled run came at boot, before this repository existed; a job like the scheduler's trains it.
    await queue.add('retrain', {});
    const row = await waitFor('the model trained by the worker', async () => {
      const [found] = await db.query(`SELECT served, training_runs FROM builds.failure_models WHERE repository = $1`, [repository]);
      return found ?? null;
    });
    expect(row.training_runs).toBeGreaterThan(100);
  });
});

// The links of the builds subgraph as the gateway asks for them (federation entity references), on real PostgreSQL.
describe('links across the graph in the builds subgraph', () => {
  let url: string;
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(BuildsAppModule.forRoot(testPlatformConfig('builds', { PORT: '4006', DATABASE_URL: url, ROLE: 'api' })));
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  const entities = async (query: string, representations: unknown[]) => {
    const { headers, body } = signedSubgraphRequest('builds', { query, variables: { r: representations } }, { role: 'viewer' });
    const response = await request(app.getHttpServer()).post('/graphql').set(headers).send(body).expect(200);
    expect(response.body.errors).toBeUndefined();
    return response.body.data._entities;
  };

  it('Deployment.buildRun is the run (and attempt) its deployment_status URL names, else the latest of the commit', async () => {
    const repository = `acme/linked-${randomBytes(3).toString('hex')}`;
    const commitSha = randomBytes(20).toString('hex');
    const insert = async (source: string, externalId: string, attempt: number) =>
      (
        await db.query(
          `INSERT INTO builds.build_runs (source, repository, workflow, external_id, attempt, commit_sha, status) VALUES ($1, $2, 'deploy', $3, $4, $5, 'completed') RETURNING id`,
          [source, repository, externalId, attempt, commitSha],
        )
      )[0].id as string;
    const first = await insert('github', '4242', 1);
    const second = await insert('github', '4242', 2);
    const latest = await insert('api', 'jenkins-1', 1);
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Deployment { buildRun { id } } } }`;
    const deployment = (githubRunUrl: string | null) => ({ __typename: 'Deployment', id: randomBytes(4).toString('hex'), repository, commitSha, githubRunUrl });
    const found = await entities(query, [
      deployment(`https://github.com/${repository}/actions/runs/4242`),
      deployment(`https://github.com/${repository}/actions/runs/4242/attempts/1`),
      deployment(`https://github.com/${repository}/actions/runs/999`),
      deployment(null),
    ]);
    expect(found.map((d: { buildRun: { id: string } | null }) => d.buildRun?.id)).toEqual([second, first, latest, latest]);
  });

  it('BuildRun is an entity; Service.commitTests counts failing and flaky tests of a commit, runs 0 when none is known', async () => {
    const repository = `acme/svc-${randomBytes(3).toString('hex')}`;
    const commitSha = randomBytes(20).toString('hex');
    const [{ id }] = await db.query(
      `INSERT INTO builds.build_runs (source, repository, workflow, external_id, attempt, commit_sha, status) VALUES ('api', $1, 'ci', 'r1', 1, $2, 'completed') RETURNING id`,
      [repository, commitSha],
    );
    expect(await entities(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on BuildRun { id repository commitSha } } }`, [{ __typename: 'BuildRun', id }, { __typename: 'BuildRun', id: '999999999' }])).toEqual([
      { id, repository, commitSha },
      null,
    ]);
    const tests = (sha: string) =>
      entities(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Service { commitTests(commitSha: "${sha}") { runs testsReported failingTests flakyTests } } } }`, [
        { __typename: 'Service', name: repository.split('/')[1] },
      ]);
    expect((await tests(commitSha))[0].commitTests).toEqual({ runs: 1, testsReported: 0, failingTests: 0, flakyTests: 0 });
    expect((await tests('f'.repeat(40)))[0].commitTests).toEqual({ runs: 0, testsReported: 0, failingTests: 0, flakyTests: 0 });
  });
});
