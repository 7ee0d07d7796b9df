import { DomainError } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TestState } from '../tests/flaky.rules';
import { TestResultsService } from '../tests/test-results.service';
import { Bottlenecks, BuildHealth, Granularity, PipelinePeriod, PipelineStats } from './pipeline-stats.model';
import { criticalPath, percentile, pipelineMttrSeconds, successRate } from './pipeline.rules';

const DAY_MS = 24 * 3600 * 1000;
const MAX_WINDOW_DAYS = 366;
/** Runs one bottlenecks answer reads at most (the latest of the window). */
const BOTTLENECK_RUNS = 2000;

interface RunRow {
  branch: string | null;
  conclusion: string | null;
  created_at: Date | null;
  started_at: Date | null;
  completed_at: Date;
}

const seconds = (from: Date | null, to: Date | null) => (from && to ? Math.max(0, (to.getTime() - from.getTime()) / 1000) : null);
const defined = (values: (number | null)[]) => values.filter((v): v is number => v !== null);
const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/** pipelineStats, bottlenecks and Service.buildHealth over completed runs. */
@Injectable()
export class PipelineAnalyticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tests: TestResultsService,
  ) {}

  async stats(repository: string, workflow: string | null, branch: string | null, from: Date, to: Date, granularity: Granularity): Promise<PipelineStats> {
    checkWindow(from, to);
    const length = to.getTime() - from.getTime();
    const previousFrom = new Date(from.getTime() - length);
    const rows = await this.completedRuns(repository, workflow, branch, previousFrom, to);
    const within = (start: Date, end: Date) => rows.filter((row) => row.completed_at >= start && row.completed_at < end);
    const current = period(from, to, within(from, to));
    const previous = period(previousFrom, from, within(previousFrom, from));
    const step = granularity === Granularity.WEEK ? 7 * DAY_MS : DAY_MS;
    const series: PipelinePeriod[] = [];
    for (let start = startOfUtcDay(from).getTime(); start < to.getTime(); start += step) {
      const bucketFrom = new Date(Math.max(start, from.getTime()));
      const bucketTo = new Date(Math.min(start + step, to.getTime()));
      series.push(period(bucketFrom, bucketTo, within(bucketFrom, bucketTo)));
    }
    return {
      repository,
      workflow,
      branch,
      current,
      previous,
      change: {
        runs: current.runs - previous.runs,
        successRate: minus(current.successRate, previous.successRate),
        durationP50Seconds: minus(current.durationP50Seconds, previous.durationP50Seconds),
        queueP50Seconds: minus(current.queueP50Seconds, previous.queueP50Seconds),
        mttrSeconds: minus(current.mttrSeconds, previous.mttrSeconds),
      },
      series,
    };
  }

  async bottlenecks(repository: string, workflow: string | null, from: Date, to: Date, first: number): Promise<Bottlenecks> {
    checkWindow(from, to);
    const stages: { run_id: string; group_name: string; started_at: Date; completed_at: Date }[] = await this.dataSource.query(
      `WITH runs AS (
         SELECT id FROM builds.build_runs
          WHERE repository = $1 AND ($2::text IS NULL OR workflow = $2) AND status = 'completed' AND completed_at >= $3 AND completed_at < $4
          ORDER BY completed_at DESC LIMIT $5)
       SELECT s.run_id, s.group_name, s.started_at, s.completed_at FROM builds.stages s JOIN runs ON runs.id = s.run_id
        WHERE s.started_at IS NOT NULL AND s.completed_at IS NOT NULL`,
      [repository, workflow, from, to, BOTTLENECK_RUNS],
    );
    const byRun = new Map<string, typeof stages>();
    for (const stage of stages) {
      const list = byRun.get(stage.run_id);
      if (list) list.push(stage);
      else byRun.set(stage.run_id, [stage]);
    }
    const perJob = new Map<string, { runs: number; seconds: number }>();
    for (const jobs of byRun.values()) {
      const onPath = new Map<string, number>();
      for (const segment of criticalPath(jobs.map((s) => ({ name: s.group_name, startedAt: s.started_at, completedAt: s.completed_at })))) {
        onPath.set(segment.name, (onPath.get(segment.name) ?? 0) + segment.exclusiveSeconds);
      }
      for (const [name, exclusive] of onPath) {
        const totals = perJob.get(name) ?? { runs: 0, seconds: 0 };
        perJob.set(name, { runs: totals.runs + 1, seconds: totals.seconds + exclusive });
      }
    }
    const steps: { job: string; step: string; runs: number; average_seconds: number; p95_seconds: number }[] = await this.dataSource.query(
      `WITH runs AS (
         SELECT id FROM builds.build_runs
          WHERE repository = $1 AND ($2::text IS NULL OR workflow = $2) AND status = 'completed' AND completed_at >= $3 AND completed_at < $4
          ORDER BY completed_at DESC LIMIT $5)
       SELECT s.group_name AS job, t.name AS step, count(*)::int AS runs,
              avg(extract(epoch FROM t.completed_at - t.started_at))::float8 AS average_seconds,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM t.completed_at - t.started_at))::float8 AS p95_seconds
         FROM builds.tasks t JOIN builds.stages s ON s.id = t.stage_id JOIN runs ON runs.id = s.run_id
        WHERE t.started_at IS NOT NULL AND t.completed_at >= t.started_at
        GROUP BY s.group_name, t.name ORDER BY average_seconds DESC, job, step LIMIT $6`,
      [repository, workflow, from, to, BOTTLENECK_RUNS, first],
    );
    return {
      runs: byRun.size,
      jobs: [...perJob]
        .map(([name, { runs, seconds: total }]) => ({ name, runs, criticalPathSeconds: total, averageExclusiveSeconds: total / runs }))
        .sort((a, b) => b.criticalPathSeconds - a.criticalPathSeconds || a.name.localeCompare(b.name))
        .slice(0, first),
      slowestSteps: steps.map((s) => ({ job: s.job, step: s.step, runs: s.runs, averageSeconds: s.average_seconds, p95Seconds: s.p95_seconds })),
    };
  }

  /** For services by name: runs of the repositories named like them (`name` or `owner/name`) over the last 30 days. */
  async buildHealth(names: readonly string[], now = new Date()): Promise<BuildHealth[]> {
    return Promise.all(
      names.map(async (name) => {
        const rows: (RunRow & { repository: string })[] = await this.dataSource.query(
          `SELECT repository, branch, conclusion, created_at, started_at, completed_at FROM builds.build_runs
            WHERE (repository = $1 OR right(repository, length($1) + 1) = '/' || $1) AND status = 'completed' AND completed_at >= $2`,
          [name, new Date(now.getTime() - 30 * DAY_MS)],
        );
        const repositories = [...new Set(rows.map((row) => row.repository))];
        const flaky = await Promise.all(repositories.map((repository) => this.tests.flakyTests(repository, 200, 14, [TestState.FLAKY], now)));
        return {
          runs: rows.length,
          successRate: successRate(rows),
          durationP50Seconds: percentile(defined(rows.map((row) => seconds(row.started_at, row.completed_at))), 50),
          flakyTests: flaky.reduce((sum, list) => sum + list.length, 0),
        };
      }),
    );
  }

  private completedRuns(repository: string, workflow: string | null, branch: string | null, from: Date, to: Date): Promise<RunRow[]> {
    return this.dataSource.query(
      `SELECT branch, conclusion, created_at, started_at, completed_at FROM builds.build_runs
        WHERE repository = $1 AND ($2::text IS NULL OR workflow = $2) AND ($3::text IS NULL OR branch = $3)
          AND status = 'completed' AND completed_at >= $4 AND completed_at < $5`,
      [repository, workflow, branch, from, to],
    );
  }
}

function period(from: Date, to: Date, rows: RunRow[]): PipelinePeriod {
  const durations = defined(rows.map((row) => seconds(row.started_at, row.completed_at)));
  const queues = defined(rows.map((row) => seconds(row.created_at, row.started_at)));
  return {
    from,
    to,
    runs: rows.length,
    successRate: successRate(rows),
    durationP50Seconds: percentile(durations, 50),
    durationP95Seconds: percentile(durations, 95),
    queueP50Seconds: percentile(queues, 50),
    queueP95Seconds: percentile(queues, 95),
    mttrSeconds: pipelineMttrSeconds(rows.map((row) => ({ branch: row.branch, conclusion: row.conclusion, completedAt: row.completed_at }))),
  };
}

function checkWindow(from: Date, to: Date) {
  if (!(from < to)) throw new DomainError('INVALID_PERIOD', `from ${from.toISOString()} is not before to ${to.toISOString()}`);
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) throw new DomainError('INVALID_PERIOD', `from–to spans more than ${MAX_WINDOW_DAYS} days`);
}

const startOfUtcDay = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
