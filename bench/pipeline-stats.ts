/**
 * Benchmark of `pipelineStats` (issue #15): a year of build runs of
 * BENCH_REPOSITORIES (default 200) repositories, BENCH_RUNS_PER_DAY (default
 * 20) per repository and day over three workflows (about 1.46 million runs),
 * seeded with set-based SQL and ANALYZEd; then `pipelineStats` of one
 * repository's `ci` workflow (a different repository each request), asked over
 * HTTP of the builds subgraph (signed as the gateway signs) for the last 30
 * days by day and for the whole year by week. Goal: p50 under 50 ms over the
 * year. Results go to bench/results/pipeline-stats.json.
 *
 *   npm run build && npm run bench:pipeline
 *
 * Self-contained: its own database (companyos_bench_pipeline, dropped at the
 * end unless BENCH_KEEP_DATABASE=1), the builds app spawned and stopped.
 */
import 'reflect-metadata';
import { adminQuery, AppProcess, freePort, subgraphHeaders } from '@companyos/testing';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import {
  createBenchDatabase,
  intEnv,
  LatencySummary,
  latencySummary,
  machineCpu,
  PG_SERVER,
  printTable,
  REDIS_URL,
  resultsPath,
  round,
  runBench,
  writeResults,
} from './bench-kit';

const DATABASE = 'companyos_bench_pipeline';
const DATABASE_URL = `${PG_SERVER}/${DATABASE}`;
const REPOSITORIES = intEnv('BENCH_REPOSITORIES', 200);
const RUNS_PER_DAY = intEnv('BENCH_RUNS_PER_DAY', 20);
const REQUESTS = intEnv('BENCH_REQUESTS', 200);
const WARMUP = intEnv('BENCH_WARMUP', 20);
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE === '1';
const RESULTS_FILE = resultsPath('pipeline-stats.json');
const APP_ENV = { DATABASE_URL, REDIS_URL, QUEUE_PREFIX: `bench-pipeline-${process.pid}`, NODE_ENV: 'production', LOG_LEVEL: 'warn', ROLE: 'api' };

/** $1 runs spread evenly over the last 365 days, round-robin over $2 repositories; workflows ci / lint / deploy; 85 % on main; 80 % success, 12 % failure, 5 % cancelled, 3 % timed_out. */
const SEED_RUNS = `
  INSERT INTO builds.build_runs (source, repository, workflow, external_id, attempt, branch, commit_sha, status, conclusion, created_at, started_at, completed_at)
  SELECT 'api', 'bench-org/repo-' || (g % $2), (ARRAY['ci', 'lint', 'deploy'])[1 + (g / $2) % 3], g::text, 1,
         CASE WHEN g % 7 = 0 THEN 'feature-' || (g % 50) ELSE 'main' END, md5(g::text), 'completed',
         CASE WHEN g % 100 < 80 THEN 'success' WHEN g % 100 < 92 THEN 'failure' WHEN g % 100 < 97 THEN 'cancelled' ELSE 'timed_out' END,
         t, t + (5 + g % 120) * interval '1 second', t + (5 + g % 120) * interval '1 second' + (300 + (g * 37) % 1500) * interval '1 second'
    FROM generate_series(1, $1::int) g, LATERAL (SELECT now() - (g::float8 / $1) * interval '365 days' AS t) at_`;

const statsQuery = (repository: number, days: number, granularity: 'DAY' | 'WEEK') => {
  const to = new Date();
  const from = new Date(to.getTime() - days * 24 * 3600 * 1000);
  return JSON.stringify({
    query: `{ pipelineStats(repository: "bench-org/repo-${repository}", workflow: "ci", from: "${from.toISOString()}", to: "${to.toISOString()}", granularity: ${granularity}) {
      current { runs successRate durationP50Seconds durationP95Seconds queueP50Seconds queueP95Seconds mttrSeconds }
      previous { runs successRate } change { runs successRate durationP50Seconds mttrSeconds } series { from runs successRate durationP50Seconds } } }`,
  });
};

async function main(apps: AppProcess[]): Promise<number> {
  const runs = REPOSITORIES * RUNS_PER_DAY * 365;
  const results: Record<string, unknown> = {
    bench: 'pipeline-stats',
    startedAt: new Date().toISOString(),
    machine: machineCpu(),
    settings: { repositories: REPOSITORIES, runsPerDay: RUNS_PER_DAY, runs, requests: REQUESTS, warmup: WARMUP },
  };
  console.log(`creating ${DATABASE} and running the migrations…`);
  await createBenchDatabase(DATABASE);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const failures: string[] = [];
  try {
    const started = performance.now();
    await db.query(SEED_RUNS, [runs, REPOSITORIES]);
    await db.query('VACUUM (ANALYZE) builds.build_runs');
    results.seedSeconds = round((performance.now() - started) / 1000);
    console.log(`  seeded ${runs} runs in ${results.seedSeconds} s`);

    const builds = await new AppProcess('builds', await freePort(), APP_ENV).start();
    apps.push(builds);
    const url = new URL('/graphql', builds.url);
    const figures: Record<string, LatencySummary & { runsInPeriod: number }> = {};
    for (const [name, days, granularity] of [
      ['pipelineStats, last 30 days by day', 30, 'DAY'],
      ['pipelineStats, last 365 days by week', 365, 'WEEK'],
    ] as const) {
      const latencies: number[] = [];
      let runsInPeriod = 0;
      for (let i = 0; i < WARMUP + REQUESTS; i++) {
        const body = statsQuery(i % REPOSITORIES, days, granularity);
        const sent = performance.now();
        const answer = await postOnce(url, body);
        if (i >= WARMUP) latencies.push(performance.now() - sent);
        if (answer.error) failures.push(`${name}: ${answer.error}`);
        else runsInPeriod = answer.runs;
        if (failures.length > 5) throw new Error(failures.join('; '));
      }
      figures[name] = { ...latencySummary(latencies), runsInPeriod };
    }
    results.queries = figures;
    const year = figures['pipelineStats, last 365 days by week'];
    results.goal = 'pipelineStats over a year of 200 repositories: p50 < 50 ms';
    results.met = year.p50 < 50;
    printTable(Object.entries(figures).map(([name, f]) => [name, `p50 ${f.p50} ms · p90 ${f.p90} ms · p99 ${f.p99} ms · ${f.runsInPeriod} runs in the period`]));
  } catch (error) {
    failures.push((error as Error).stack ?? String(error));
  } finally {
    await db.end();
    for (const app of apps) await app.stop().catch(() => undefined);
    if (!KEEP_DATABASE) {
      await adminQuery(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`).catch((error: Error) => failures.push(`could not drop ${DATABASE}: ${error.message}`));
    }
  }
  results.loadAverageAfter = os.loadavg().map((v) => round(v));
  results.ok = failures.length === 0;
  results.failures = failures;
  writeResults(RESULTS_FILE, results);
  console.log(`\nwrote ${RESULTS_FILE}`);
  if (failures.length) console.error(`\nFAILED:\n- ${failures.join('\n- ')}`);
  return failures.length ? 1 : 0;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One signed POST to the builds subgraph; the current period's run count, or the error. */
function postOnce(url: URL, body: string): Promise<{ runs: number; error?: string }> {
  return new Promise((done) => {
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...subgraphHeaders('builds', body) };
    const request = http.request(url, { method: 'POST', agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        try {
          const reply = JSON.parse(text);
          if (response.statusCode !== 200 || reply.errors) done({ runs: 0, error: `${response.statusCode}: ${text.slice(0, 300)}` });
          else done({ runs: reply.data.pipelineStats.current.runs });
        } catch {
          done({ runs: 0, error: `${response.statusCode}: ${text.slice(0, 300)}` });
        }
      });
    });
    request.on('error', (error) => done({ runs: 0, error: error.message }));
    request.end(body);
  });
}

runBench(main);
