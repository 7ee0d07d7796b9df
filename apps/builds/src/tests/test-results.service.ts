import { DomainError, UnitOfWork } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, In, MoreThan } from 'typeorm';
import { BuildsConfig, InjectBuildsConfig } from '../builds.config';
import { BuildRunEntity } from '../runs/build-run.entity';
import { BuildRunsService } from '../runs/build-runs.service';
import { classify, DEFAULT_RADAR_POLICY, failureRate, flipRate, isInfraFailure, TestHistory, TestState } from './flaky.rules';
import { JUnitReportError, parseJUnit, TestCaseResult } from './junit.rules';
import { QuarantineEntity } from './quarantine.entity';
import { TestCaseEntity } from './test-case.entity';
import { CommitTests } from './commit-tests.model';
import { TestUploadEntity } from './test-upload.entity';
import { TestError } from './test.errors';
import { FlakyTest, Quarantine, TestResult, TestUpload } from './test.model';

/** Rows written per statement (bounded parameter size for reports of hundreds of thousands of tests). */
const CHUNK = 5000;
const DAY_MS = 24 * 3600 * 1000;
const MAX_QUARANTINE_DAYS = 366;

const toTestCase = (e: TestCaseEntity) => ({ id: e.id, repository: e.repository, suite: e.suite, classname: e.classname, name: e.name });

/** JUnit uploads, the flaky-test radar over them, and quarantines. */
@Injectable()
export class TestResultsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runs: BuildRunsService,
    @InjectBuildsConfig() private readonly config: BuildsConfig,
  ) {}

  /**
   * Stores a JUnit report for a run: parsed first (a malformed or hostile
   * report is refused before anything is stored), then the upload, its tests
   * and results in one transaction. The same bytes uploaded again for the
   * run are a duplicate: the first upload is answered.
   */
  async upload(runId: string, xml: string): Promise<TestUpload> {
    if (Buffer.byteLength(xml) > this.config.testReportMaxBytes) {
      throw new DomainError(TestError.InvalidReport, `the report is larger than TEST_REPORT_MAX_BYTES (${this.config.testReportMaxBytes} bytes)`);
    }
    let results: TestCaseResult[];
    try {
      results = parseJUnit(xml);
    } catch (error) {
      if (error instanceof JUnitReportError) throw new DomainError(TestError.InvalidReport, `invalid JUnit report: ${error.message}`);
      throw error;
    }
    const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
    const counts = { total: results.length, passed: count('PASSED'), failed: count('FAILED'), errored: count('ERRORED'), skipped: count('SKIPPED') };
    const infraFailure = isInfraFailure(counts);
    const sha256 = createHash('sha256').update(xml).digest('hex');

    return this.runs.run(async (uow) => {
      const run = await uow.manager.findOne(BuildRunEntity, { where: { id: await this.existingRunId(runId) }, lock: { mode: 'pessimistic_read' } });
      if (!run) throw new DomainError('BUILD_RUN_NOT_FOUND', `build run ${runId} does not exist`);
      const inserted = await uow.manager
        .createQueryBuilder()
        .insert()
        .into(TestUploadEntity)
        .values({ runId: run.id, sha256, ...counts, infraFailure })
        .orIgnore()
        .returning(['id'])
        .execute();
      const uploadId = (inserted.raw[0] as { id: string } | undefined)?.id;
      if (!uploadId) {
        const first = await uow.manager.findOneByOrFail(TestUploadEntity, { runId: run.id, sha256 });
        return toUpload(first, true);
      }
      await this.storeResults(uow, run, uploadId, results, infraFailure);
      return { id: uploadId, buildRunId: run.id, ...counts, infraFailure, duplicate: false };
    });
  }

  private async existingRunId(id: string): Promise<string> {
    return (await this.runs.findById(id)).id;
  }

  /** Tests by identity (created when new, in one order so concurrent uploads never deadlock), then one result each. */
  private async storeResults(uow: UnitOfWork, run: BuildRunEntity, uploadId: string, results: TestCaseResult[], infraFailure: boolean) {
    const sorted = [...results].sort((a, b) => (a.suite + '\0' + a.classname + '\0' + a.name).localeCompare(b.suite + '\0' + b.classname + '\0' + b.name));
    const onDefaultBranch = !run.defaultBranch || run.branch === run.defaultBranch;
    for (let i = 0; i < sorted.length; i += CHUNK) {
      const json = JSON.stringify(
        sorted.slice(i, i + CHUNK).map((r) => ({
          suite: r.suite,
          classname: r.classname,
          name: r.name,
          outcome: r.outcome,
          duration_seconds: r.durationSeconds,
          flaky: r.flaky,
          message: r.message,
        })),
      );
      await uow.manager.query(
        `INSERT INTO builds.tests (repository, suite, classname, name)
         SELECT $1, i.suite, i.classname, i.name FROM jsonb_to_recordset($2::jsonb) AS i(suite text, classname text, name text)
         ON CONFLICT (repository, suite, classname, name) DO NOTHING`,
        [run.repository, json],
      );
      await uow.manager.query(
        `INSERT INTO builds.test_results (upload_id, test_id, run_id, commit_sha, on_default_branch, outcome, duration_seconds, flaky, infra_failure, message)
         SELECT $2, t.id, $3, $4, $5, i.outcome, i.duration_seconds, i.flaky, $6, i.message
           FROM jsonb_to_recordset($7::jsonb) AS i(suite text, classname text, name text, outcome text, duration_seconds double precision, flaky boolean, message text)
           JOIN builds.tests t ON t.repository = $1 AND t.suite = i.suite AND t.classname = i.classname AND t.name = i.name`,
        [run.repository, uploadId, run.id, run.commitSha, onDefaultBranch, infraFailure, json],
      );
    }
  }

  /** The results of runs (for a DataLoader): the worst first (failed, errored, skipped, passed), at most `first` per run. */
  async resultsByRuns(runIds: readonly string[], first: number): Promise<TestResult[][]> {
    const rows: ResultRow[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT tr.run_id, tr.outcome, tr.duration_seconds, tr.flaky, tr.message, t.id, t.repository, t.suite, t.classname, t.name,
                row_number() OVER (PARTITION BY tr.run_id
                  ORDER BY array_position(ARRAY['FAILED', 'ERRORED', 'SKIPPED', 'PASSED'], tr.outcome), t.suite, t.classname, t.name, tr.id) AS position
           FROM builds.test_results tr JOIN builds.tests t ON t.id = tr.test_id
          WHERE tr.run_id = ANY($1::bigint[])
       ) ranked WHERE position <= $2 ORDER BY run_id, position`,
      [[...runIds], first],
    );
    return runIds.map((id) =>
      rows
        .filter((row) => row.run_id === id)
        .map((row) => ({
          test: { id: row.id, repository: row.repository, suite: row.suite, classname: row.classname, name: row.name },
          outcome: row.outcome as TestResult['outcome'],
          durationSeconds: row.duration_seconds,
          flaky: row.flaky,
          message: row.message,
        })),
    );
  }

  /**
   * The tests of a commit for the repository named like the service (`name`
   * or `owner/name`): how many runs of it are known, and its failing and
   * flaky tests across every run and attempt of it.
   */
  async commitTests(service: string, commitSha: string): Promise<CommitTests> {
    const [row]: { runs: number; tests: number; failing: number; flaky: number; examples: string[] | null }[] = await this.dataSource.query(
      `WITH runs AS (
         SELECT id FROM builds.build_runs
          WHERE (commit_sha = $2 OR commit_sha = lower($2)) AND (repository = $1 OR right(repository, length($1) + 1) = '/' || $1)),
       r AS (
         SELECT tr.test_id, bool_or(tr.outcome IN ('FAILED', 'ERRORED')) AS failed, bool_or(tr.outcome = 'PASSED') AS passed, bool_or(tr.flaky) AS flagged
           FROM builds.test_results tr JOIN runs ON runs.id = tr.run_id
          WHERE NOT tr.infra_failure AND tr.outcome <> 'SKIPPED' GROUP BY tr.test_id)
       SELECT (SELECT count(*) FROM runs)::int AS runs, count(*)::int AS tests,
              count(*) FILTER (WHERE r.failed AND NOT r.passed)::int AS failing,
              count(*) FILTER (WHERE (r.failed AND r.passed) OR r.flagged)::int AS flaky,
              (SELECT array_agg(x.label) FROM (
                 SELECT t.suite || ' › ' || t.classname || ' › ' || t.name AS label FROM r r2 JOIN builds.tests t ON t.id = r2.test_id
                  WHERE r2.failed AND NOT r2.passed ORDER BY t.suite, t.classname, t.name LIMIT 10) x) AS examples
         FROM r`,
      [service, commitSha],
    );
    return { commitSha, runs: row.runs, testsReported: row.tests, failingTests: row.failing, flakyTests: row.flaky, failingExamples: row.examples ?? [] };
  }

  async uploadsByRuns(runIds: readonly string[]): Promise<TestUpload[][]> {
    const rows = await this.dataSource.manager.find(TestUploadEntity, { where: { runId: In([...runIds]) }, order: { id: 'ASC' } });
    return runIds.map((id) => rows.filter((row) => row.runId === id).map((row) => toUpload(row, false)));
  }

  /**
   * The radar over the last `days`: every test of the repository with a
   * result in the window, classified by the rules, those in `states` ranked
   * (most flaky commits, then flip rate, then failure rate).
   */
  async flakyTests(repository: string, first: number, days: number, states: TestState[], now = new Date()): Promise<FlakyTest[]> {
    const rows: HistoryRow[] = await this.dataSource.query(
      `WITH r AS (
         SELECT tr.id, tr.test_id, tr.commit_sha, tr.on_default_branch, tr.flaky, tr.recorded_at, tr.outcome IN ('FAILED', 'ERRORED') AS failed
           FROM builds.test_results tr JOIN builds.tests t ON t.id = tr.test_id
          WHERE t.repository = $1 AND tr.recorded_at >= $2 AND tr.outcome <> 'SKIPPED' AND NOT tr.infra_failure
       ), totals AS (
         SELECT test_id, count(*)::int AS runs, (count(*) FILTER (WHERE failed))::int AS failures FROM r GROUP BY test_id
       ), commits AS (
         SELECT test_id, (count(*) FILTER (WHERE flaky))::int AS flaky_commits FROM (
           SELECT test_id, commit_sha, (bool_or(failed) AND bool_or(NOT failed)) OR bool_or(flaky) AS flaky FROM r GROUP BY test_id, commit_sha
         ) c GROUP BY test_id
       ), flips AS (
         SELECT test_id, count(*)::int AS default_runs, (count(*) FILTER (WHERE previous IS NOT NULL AND previous <> failed))::int AS flips FROM (
           SELECT test_id, failed, lag(failed) OVER (PARTITION BY test_id ORDER BY recorded_at, id) AS previous FROM r WHERE on_default_branch
         ) d GROUP BY test_id
       ), streaks AS (
         SELECT test_id, count(*)::int AS streak FROM (
           SELECT test_id, bool_and(failed) OVER (PARTITION BY test_id ORDER BY recorded_at DESC, id DESC) AS failing_so_far FROM r
         ) s WHERE failing_so_far GROUP BY test_id
       )
       SELECT t.id, t.repository, t.suite, t.classname, t.name, totals.runs, totals.failures,
              coalesce(commits.flaky_commits, 0) AS flaky_commits, coalesce(flips.default_runs, 0) AS default_runs,
              coalesce(flips.flips, 0) AS flips, coalesce(streaks.streak, 0) AS streak, q.until AS quarantined_until
         FROM totals
         JOIN builds.tests t ON t.id = totals.test_id
         LEFT JOIN commits ON commits.test_id = totals.test_id
         LEFT JOIN flips ON flips.test_id = totals.test_id
         LEFT JOIN streaks ON streaks.test_id = totals.test_id
         LEFT JOIN builds.quarantines q ON q.test_id = totals.test_id AND q.until > $3`,
      [repository, new Date(now.getTime() - days * DAY_MS), now],
    );
    return rows
      .map((row) => {
        const history: TestHistory = {
          runs: row.runs,
          failures: row.failures,
          flakyCommits: row.flaky_commits,
          defaultBranchRuns: row.default_runs,
          flips: row.flips,
          failingStreak: row.streak,
        };
        return {
          test: { id: row.id, repository: row.repository, suite: row.suite, classname: row.classname, name: row.name },
          state: classify(history, DEFAULT_RADAR_POLICY),
          flipRate: flipRate(history),
          failureRate: failureRate(history),
          runs: history.runs,
          flakyCommits: history.flakyCommits,
          quarantinedUntil: row.quarantined_until,
        };
      })
      .filter((item) => states.includes(item.state))
      .sort((a, b) => b.flakyCommits - a.flakyCommits || b.flipRate - a.flipRate || b.failureRate - a.failureRate || b.runs - a.runs)
      .slice(0, first);
  }

  /** Quarantines a test until a time in the future (at most a year ahead); a new quarantine replaces the current one. */
  async quarantine(testId: string, owner: string, until: Date, reason: string, actor: string, now = new Date()): Promise<Quarantine> {
    if (until <= now) throw new DomainError(TestError.InvalidQuarantine, `until ${until.toISOString()} is not in the future`);
    if (until.getTime() - now.getTime() > MAX_QUARANTINE_DAYS * DAY_MS) {
      throw new DomainError(TestError.InvalidQuarantine, `until ${until.toISOString()} is more than ${MAX_QUARANTINE_DAYS} days ahead`);
    }
    const test = /^\d{1,18}$/.test(testId) ? await this.dataSource.manager.findOneBy(TestCaseEntity, { id: testId }) : null;
    if (!test) throw new DomainError(TestError.TestNotFound, `test ${testId} does not exist`);
    await this.dataSource.manager
      .createQueryBuilder()
      .insert()
      .into(QuarantineEntity)
      .values({ testId: test.id, owner, until, reason, quarantinedBy: actor })
      .orUpdate(['owner', 'until', 'reason', 'quarantined_by', 'created_at'], ['test_id'])
      .execute();
    return { test: toTestCase(test), owner, until, reason, quarantinedBy: actor };
  }

  /** Tests of the repository quarantined now (expired quarantines are not). */
  async quarantined(repository: string, now = new Date()): Promise<Quarantine[]> {
    const rows = await this.dataSource.manager.find(QuarantineEntity, {
      where: { until: MoreThan(now), test: { repository } },
      relations: { test: true },
      order: { testId: 'ASC' },
    });
    return rows.map((row) => ({ test: toTestCase(row.test!), owner: row.owner, until: row.until, reason: row.reason, quarantinedBy: row.quarantinedBy }));
  }
}

interface ResultRow {
  run_id: string;
  outcome: string;
  duration_seconds: number | null;
  flaky: boolean;
  message: string | null;
  id: string;
  repository: string;
  suite: string;
  classname: string;
  name: string;
}

interface HistoryRow {
  id: string;
  repository: string;
  suite: string;
  classname: string;
  name: string;
  runs: number;
  failures: number;
  flaky_commits: number;
  default_runs: number;
  flips: number;
  streak: number;
  quarantined_until: Date | null;
}

const toUpload = (e: TestUploadEntity, duplicate: boolean): TestUpload => ({
  id: e.id,
  buildRunId: e.runId,
  total: e.total,
  passed: e.passed,
  failed: e.failed,
  errored: e.errored,
  skipped: e.skipped,
  infraFailure: e.infraFailure,
  duplicate,
});
