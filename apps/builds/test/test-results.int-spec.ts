import { createTestApp, createTestDatabase, dropTestDatabase, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { BuildsAppModule } from '../src/builds.app.module';
import { ReportBuildInput } from '../src/reports/build-report.input';
import { BuildReportsService } from '../src/reports/build-reports.service';
import { TestState } from '../src/tests/flaky.rules';
import { TestResultsService } from '../src/tests/test-results.service';

// JUnit uploads, the flaky-test radar and quarantines on real PostgreSQL.
describe('TestResultsService (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;
  let tests: TestResultsService;
  let reports: BuildReportsService;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(BuildsAppModule.forRoot(testPlatformConfig('builds', { PORT: '4006', DATABASE_URL: url, ROLE: 'api' })));
    tests = app.get(TestResultsService);
    reports = app.get(BuildReportsService);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  const fixture = (name: string) => readFileSync(join(__dirname, '..', 'src', 'tests', 'fixtures', name), 'utf8');
  const aRepository = () => `acme/repo-${randomBytes(4).toString('hex')}`;
  const aRun = async (repository: string, fields: Partial<ReportBuildInput> = {}) =>
    (await reports.report({ repository, workflow: 'ci', commitSha: randomBytes(20).toString('hex'), branch: 'main', defaultBranch: 'main', ...fields } as ReportBuildInput)).id;
  const suite = (outcomes: Record<string, 'pass' | 'fail' | 'skip'>) =>
    `<testsuite name="s">${Object.entries(outcomes)
      .map(([name, o]) => `<testcase classname="c" name="${name}">${o === 'fail' ? '<failure/>' : o === 'skip' ? '<skipped/>' : ''}</testcase>`)
      .join('')}</testsuite>`;

  it('stores each tool format once per run; the same bytes again are a duplicate', async () => {
    const repository = aRepository();
    const run = await aRun(repository);
    for (const name of ['surefire.xml', 'jest-junit.xml', 'pytest-xunit2.xml', 'go-junit-report.xml', 'nested-suites.xml']) {
      const upload = await tests.upload(run, fixture(name));
      expect(upload.duplicate).toBe(false);
      expect((await tests.upload(run, fixture(name))).id).toBe(upload.id);
    }
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM builds.test_results WHERE run_id = $1`, [run]);
    expect(n).toBe(4 + 4 + 4 + 3 + 3);
    const [results] = await tests.resultsByRuns([run], 3);
    expect(results.map((r) => r.outcome)).toEqual(['FAILED', 'FAILED', 'FAILED']);
  });

  it('a malformed report stores nothing and names the problem', async () => {
    const run = await aRun(aRepository());
    await expect(tests.upload(run, fixture('billion-laughs.xml'))).rejects.toMatchObject({ code: 'INVALID_TEST_REPORT' });
    await expect(tests.upload(run, '<testsuite><testcase name="x">')).rejects.toThrow(/not well-formed XML/);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM builds.test_uploads WHERE run_id = $1`, [run]);
    expect(n).toBe(0);
  });

  it('radar: flaky across runs of one commit; consistently failing is BROKEN; an infrastructure-failure upload is not evidence', async () => {
    const repository = aRepository();
    const commitSha = randomBytes(20).toString('hex');
    const healthy = { a: 'pass', b: 'pass', c: 'pass', d: 'pass', e: 'pass' } as const;
    await tests.upload(await aRun(repository, { commitSha }), suite({ ...healthy, broken: 'fail' }));
    await tests.upload(await aRun(repository, { commitSha }), suite({ ...healthy, a: 'fail', broken: 'fail', skipper: 'skip' }));
    // 6 of 7 failed: the runner broke, not the tests.
    await tests.upload(await aRun(repository), suite({ a: 'fail', b: 'fail', c: 'fail', d: 'fail', e: 'fail', broken: 'fail', ok: 'pass' }));

    const radar = await tests.flakyTests(repository, 10, 14, [TestState.FLAKY, TestState.BROKEN, TestState.HEALTHY]);
    const state = Object.fromEntries(radar.map((item) => [item.test.name, item.state]));
    expect(state).toEqual({ a: 'FLAKY', broken: 'BROKEN', b: 'HEALTHY', c: 'HEALTHY', d: 'HEALTHY', e: 'HEALTHY' });
    expect(radar.find((item) => item.test.name === 'a')).toMatchObject({ runs: 2, failureRate: 0.5, flakyCommits: 1 });
    expect((await tests.flakyTests(repository, 10, 14, [TestState.FLAKY])).map((item) => item.test.name)).toEqual(['a']);
  });

  it('a quarantine lists the test until it expires, and is refused for the past or an unknown test', async () => {
    const repository = aRepository();
    await tests.upload(await aRun(repository), suite({ t: 'pass' }));
    const [{ id }] = await db.query(`SELECT id FROM builds.tests WHERE repository = $1`, [repository]);
    const now = new Date();
    await tests.quarantine(id, 'team', new Date(now.getTime() + 60_000), 'flaky', 'admin', now);
    expect((await tests.quarantined(repository, now)).map((q) => q.test.id)).toEqual([id]);
    expect(await tests.quarantined(repository, new Date(now.getTime() + 61_000))).toEqual([]);
    await expect(tests.quarantine(id, 'team', new Date(now.getTime() - 1), 'x', 'admin', now)).rejects.toMatchObject({ code: 'INVALID_QUARANTINE' });
    await expect(tests.quarantine('987654321', 'team', new Date(now.getTime() + 60_000), 'x', 'admin', now)).rejects.toMatchObject({ code: 'TEST_NOT_FOUND' });
  });
});
