/**
 * Benchmark of GitHub Actions ingestion end to end (issue #15): BENCH_JOBS
 * (default 100,000) signed `workflow_job` deliveries (GitHub's published
 * `completed` example, each with its own job id, ten jobs per run so runs are
 * shared and locked as in real matrices) posted to the gateway's webhook
 * edge, queued, and merged by the builds worker into runs, stages and tasks.
 * Figures: accepted/s at the edge, and jobs/s end to end (from the first
 * post to the last stage stored). Writes bench/results/workflow-jobs.json.
 *
 *   npm run build && npm run bench:jobs
 *
 * Self-contained like bench:webhook: its own database (companyos_bench), its
 * own BullMQ key prefix in the shared Redis (removed at the end), the gateway
 * and the builds app spawned on free ports and stopped at the end.
 */
import { AppProcess, freePort, githubExamples, githubHeaders } from '@companyos/testing';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import {
  countRows,
  createBenchDatabase,
  Delivery,
  intEnv,
  latencySummary,
  measureCpu,
  PG_SERVER,
  printAppProblems,
  printTable,
  REDIS_URL,
  removeQueueKeys,
  resultsPath,
  round,
  runBench,
  runLoad,
  waitForCount,
  writeResults,
} from './bench-kit';

const JOBS = intEnv('BENCH_JOBS', 100_000);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 32);
const JOBS_PER_RUN = 10;
const TIMEOUT_MS = intEnv('BENCH_TIMEOUT_MS', 1_800_000);

const RESULTS_FILE = resultsPath('workflow-jobs.json');
const DATABASE = 'companyos_bench';
const DATABASE_URL = `${PG_SERVER}/${DATABASE}`;
const QUEUE_PREFIX = `bench-${randomBytes(4).toString('hex')}`;
const SECRET = 'bench-secret-123';

/** Job number `seq`: its own job id and delivery id, in run seq / 10 of a repository of its own, signed. */
function makeDelivery(template: Record<string, any>, seq: number): Delivery {
  const runId = 7_000_000_000 + Math.floor(seq / JOBS_PER_RUN);
  const payload = {
    ...template,
    repository: { ...template.repository, full_name: 'bench-org/bench-repo' },
    workflow_job: { ...template.workflow_job, id: 8_000_000_000 + seq, run_id: runId, name: `test (${seq % JOBS_PER_RUN})` },
  };
  const body = JSON.stringify(payload);
  return { body, headers: { ...githubHeaders(SECRET, 'workflow_job', body), 'content-length': String(Buffer.byteLength(body)) } };
}

async function main(apps: AppProcess[]): Promise<number> {
  const failures: string[] = [];
  const db = new Client({ connectionString: DATABASE_URL });
  let dbConnected = false;
  const loadAverageAtStart = os.loadavg();
  console.log(`workflow-jobs bench: ${JOBS} workflow_job deliveries, concurrency ${CONCURRENCY}, queue prefix ${QUEUE_PREFIX}`);
  try {
    await createBenchDatabase(DATABASE);
    await db.connect();
    dbConnected = true;
    const buildsPort = await freePort();
    const shared = { DATABASE_URL, REDIS_URL, QUEUE_PREFIX, NODE_ENV: 'production', LOG_LEVEL: 'warn' };
    apps.push(await new AppProcess('builds', buildsPort, { ...shared, ROLE: 'all' }).start());
    apps.push(
      await new AppProcess('gateway', await freePort(), {
        ...shared,
        SUBGRAPH_BUILDS_URL: `http://127.0.0.1:${buildsPort}/graphql`,
        GITHUB_WEBHOOK_SECRET: SECRET,
        ALERTMANAGER_WEBHOOK_TOKEN: 'bench-alertmanager-token',
      }).start(),
    );
    const url = new URL('/api/companyos/github-webhook', apps[1].url);
    const template = githubExamples('workflow_job', 'completed').find((e) => e.workflow_job.conclusion === 'failure')!;
    const deliveries = Array.from({ length: JOBS }, (_, i) => makeDelivery(template, i + 1));
    const steps = template.workflow_job.steps.length as number;

    const started = performance.now();
    const measured = await measureCpu(apps, async () => {
      const allStages = waitForCount(db, 'builds.stages', JOBS, TIMEOUT_MS, 'stages');
      allStages.catch(() => undefined);
      const load = await runLoad(url, deliveries, CONCURRENCY);
      const lastAccept = performance.now();
      let lastStage: number | undefined;
      try {
        lastStage = await allStages;
      } catch (error) {
        failures.push((error as Error).message);
      }
      return { load, lastAccept, lastStage };
    });
    const { load, lastAccept, lastStage } = measured.result;
    if (load.non202) failures.push(`${load.non202} non-202 replies ${JSON.stringify(load.statuses)}`);
    const endToEndSeconds = lastStage === undefined ? NaN : (lastStage - started) / 1000;
    const [runs, tasks] = [await countRows(db, 'builds.build_runs'), await countRows(db, 'builds.tasks')];
    if (runs !== Math.floor(JOBS / JOBS_PER_RUN) + 1) failures.push(`${runs} runs stored, expected ${Math.floor(JOBS / JOBS_PER_RUN) + 1}`);
    if (tasks !== JOBS * steps) failures.push(`${tasks} tasks stored, expected ${JOBS * steps}`);

    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverageAtStart: loadAverageAtStart.map((l) => round(l)),
      jobs: JOBS,
      jobsPerRun: JOBS_PER_RUN,
      stepsPerJob: steps,
      concurrency: CONCURRENCY,
      payloadBytes: Buffer.byteLength(deliveries[0].body),
      accept: { seconds: round(load.seconds, 3), acceptedPerSecond: round((load.statuses['202'] ?? 0) / load.seconds, 1), latencyMs: latencySummary(load.latenciesMs) },
      endToEnd: {
        seconds: round(endToEndSeconds, 3),
        jobsPerSecond: round(JOBS / endToEndSeconds, 1),
        drainSecondsAfterLastAccept: lastStage === undefined ? null : round((lastStage - lastAccept) / 1000, 3),
        cpu: measured.cpu,
      },
      stored: { runs, tasks },
      ok: failures.length === 0,
      failures,
    };
    writeResults(RESULTS_FILE, results);
    printTable([
      ['jobs × concurrency', `${JOBS} × ${CONCURRENCY} (${JOBS_PER_RUN} jobs per run, ${steps} steps each)`],
      ['load average at start', `${results.loadAverageAtStart.join(' ')} (other work on the machine skews every figure)`],
      ['accepted (202) per second', results.accept.acceptedPerSecond],
      ['end-to-end jobs/s', results.endToEnd.jobsPerSecond],
      ['end-to-end total s', results.endToEnd.seconds],
      ['drain after last accept s', String(results.endToEnd.drainSecondsAfterLastAccept)],
    ]);
    console.log(`\nwritten to ${RESULTS_FILE}`);
  } catch (error) {
    failures.push((error as Error).message);
  } finally {
    printAppProblems(apps);
    await Promise.allSettled([...apps].reverse().map((app) => app.stop()));
    if (dbConnected) await db.end().catch(() => undefined);
    await removeQueueKeys(QUEUE_PREFIX)
      .then((removed) => console.log(`removed ${removed} Redis keys under ${QUEUE_PREFIX}:*`))
      .catch((error: Error) => failures.push(`could not remove Redis keys under ${QUEUE_PREFIX}:*: ${error.message}`));
  }
  if (failures.length) console.error(`\nFAILED:\n- ${failures.join('\n- ')}`);
  return failures.length ? 1 : 0;
}

runBench(main);
