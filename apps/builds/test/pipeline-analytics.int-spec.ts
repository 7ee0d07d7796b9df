import { createTestApp, createTestDatabase, dropTestDatabase, signedSubgraphRequest, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { BuildsAppModule } from '../src/builds.app.module';
import { Granularity } from '../src/analytics/pipeline-stats.model';
import { PipelineAnalyticsService } from '../src/analytics/pipeline-analytics.service';
import { FinishBuildInput, ReportBuildInput } from '../src/reports/build-report.input';
import { BuildReportsService } from '../src/reports/build-reports.service';

// pipelineStats, bottlenecks and Service.buildHealth over runs reported through the service, on real PostgreSQL.
describe('PipelineAnalyticsService (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;
  let analytics: PipelineAnalyticsService;
  let reports: BuildReportsService;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(BuildsAppModule.forRoot(testPlatformConfig('builds', { PORT: '4006', DATABASE_URL: url, ROLE: 'api' })));
    analytics = app.get(PipelineAnalyticsService);
    reports = app.get(BuildReportsService);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  const day = (d: number, minute = 0) => new Date(Date.UTC(2026, 0, d, 10, minute));

  /** A run on day `d`: queued 1 minute, build 0–10 ∥ test 0–15, deploy 15–20 (minutes after start), ending with `conclusion`. */
  async function aRun(repository: string, d: number | Date, conclusion: string, branch = 'main') {
    const created = typeof d === 'number' ? day(d) : d;
    const start = new Date(created.getTime() + 60_000);
    const at = (m: number) => new Date(start.getTime() + m * 60_000);
    const run = await reports.report({ repository, workflow: 'ci', branch, commitSha: randomBytes(20).toString('hex'), createdAt: created, startedAt: start } as ReportBuildInput);
    const stage = (name: string, from: number, to: number) => ({ name, conclusion: 'success', startedAt: at(from), completedAt: at(to), steps: [{ name: `${name}-step`, conclusion: 'success', startedAt: at(from), completedAt: at(to) }] });
    await reports.finish(run.id, { conclusion, completedAt: at(20), stages: [stage('build', 0, 10), stage('test (a)', 0, 15), stage('test (b)', 0, 12), stage('deploy', 15, 20)] } as FinishBuildInput);
  }

  it('pipelineStats: success rate without cancelled runs, percentiles, MTTR and the change against the previous period', async () => {
    const repository = `acme/shop-${randomBytes(3).toString('hex')}`;
    await aRun(repository, 1, 'success'); // previous period
    await aRun(repository, 3, 'failure');
    await aRun(repository, 4, 'cancelled');
    await aRun(repository, 5, 'success'); // recovers 2 days after the failure
    await aRun(repository, 6, 'success');
    const stats = await analytics.stats(repository, 'ci', null, day(3, 0), day(7, 0), Granularity.DAY);
    expect(stats.current).toMatchObject({ runs: 4, successRate: 2 / 3, durationP50Seconds: 1200, queueP50Seconds: 60, mttrSeconds: 2 * 24 * 3600 });
    expect(stats.previous).toMatchObject({ runs: 1, successRate: 1 });
    expect(stats.change).toMatchObject({ runs: 3, successRate: 2 / 3 - 1 });
    // UTC days 3–7; the 7th holds only 00:00–10:00, before any run.
    expect(stats.series.map((p) => p.runs)).toEqual([1, 1, 1, 1, 0]);
    await expect(analytics.stats(repository, null, null, day(7), day(3), Granularity.DAY)).rejects.toMatchObject({ code: 'INVALID_PERIOD' });
  });

  it('bottlenecks rank jobs by exclusive time on the critical path, matrix legs grouped, and list the slowest steps', async () => {
    const repository = `acme/cart-${randomBytes(3).toString('hex')}`;
    await aRun(repository, 10, 'success');
    await aRun(repository, 11, 'success');
    const result = await analytics.bottlenecks(repository, 'ci', day(10, 0), day(12, 0), 10);
    expect(result.runs).toBe(2);
    expect(result.jobs).toEqual([
      { name: 'build', runs: 2, criticalPathSeconds: 1200, averageExclusiveSeconds: 600 },
      { name: 'deploy', runs: 2, criticalPathSeconds: 600, averageExclusiveSeconds: 300 },
      { name: 'test', runs: 2, criticalPathSeconds: 600, averageExclusiveSeconds: 300 },
    ]);
    expect(result.slowestSteps[0]).toMatchObject({ job: 'test', step: 'test (a)-step', runs: 2, averageSeconds: 900 });
  });

  it('Service.buildHealth reads the repository named like the service, through the federation entity', async () => {
    const name = `svc-${randomBytes(3).toString('hex')}`;
    const recently = new Date(Date.now() - 3 * 3600 * 1000);
    await aRun(`acme/${name}`, recently, 'success');
    await aRun(`acme/${name}`, recently, 'failure');
    await aRun(`acme/other-${name}`, recently, 'failure');
    const { headers, body } = signedSubgraphRequest(
      'builds',
      { query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Service { buildHealth { runs successRate flakyTests } } } }`, variables: { r: [{ __typename: 'Service', name }] } },
      { role: 'viewer' },
    );
    const response = await request(app.getHttpServer()).post('/graphql').set(headers).send(body).expect(200);
    expect(response.body.data._entities[0].buildHealth).toEqual({ runs: 2, successRate: 0.5, flakyTests: 0 });
  });
});
