/**
 * Benchmark of the GitHub webhook edge: how fast the gateway accepts signed
 * `issues` deliveries (HTTP 202), how fast the incidents worker turns them
 * into incidents, and what a redelivery costs. See bench/README.md.
 *
 *   npm run build && npm run bench:webhook
 *
 * Self-contained: its own database (companyos_bench), its own BullMQ key
 * prefix in the shared Redis (removed at the end), both apps spawned as
 * child processes on free ports and stopped at the end, whatever happens.
 */
import { AppProcess, freePort, githubExample, githubHeaders } from '@companyos/testing';
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
  sleep,
  waitForCount,
  writeResults,
} from './bench-kit';

// ---------------------------------------------------------------- settings

const DELIVERIES = intEnv('BENCH_DELIVERIES', 5000);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 32);
const WARMUP = 200;
const E2E_TIMEOUT_MS = intEnv('BENCH_TIMEOUT_MS', 120_000);

const RESULTS_FILE = resultsPath('webhook-accept.json');
const DATABASE = 'companyos_bench';
const DATABASE_URL = `${PG_SERVER}/${DATABASE}`;
const QUEUE_PREFIX = `bench-${randomBytes(4).toString('hex')}`;
const SECRET = 'bench-secret-123';
const WEBHOOK_PATH = '/api/companyos/github-webhook';

// --------------------------------------------------------------- deliveries

/** Delivery number `seq`: its own issue (id and number), its own delivery id, signed. */
function makeDelivery(template: Record<string, any>, seq: number): Delivery {
  const payload = { ...template, issue: { ...template.issue, id: 900_000_000 + seq, number: seq } };
  const body = JSON.stringify(payload);
  return { body, headers: { ...githubHeaders(SECRET, 'issues', body), 'content-length': String(Buffer.byteLength(body)) } };
}

// --------------------------------------------------------------------- main

async function main(apps: AppProcess[]): Promise<number> {
  const failures: string[] = [];
  const db = new Client({ connectionString: DATABASE_URL });
  let dbConnected = false;
  const loadAverageAtStart = os.loadavg();
  console.log(`webhook-accept bench: ${DELIVERIES} deliveries, concurrency ${CONCURRENCY}, queue prefix ${QUEUE_PREFIX}`);
  try {
    await createBenchDatabase(DATABASE);
    await db.connect();
    dbConnected = true;

    const incidentsPort = await freePort();
    const shared = { DATABASE_URL, REDIS_URL, QUEUE_PREFIX, NODE_ENV: 'production', LOG_LEVEL: 'warn' };
    apps.push(await new AppProcess('incidents', incidentsPort, { ...shared, ROLE: 'all' }).start());
    apps.push(
      await new AppProcess('gateway', await freePort(), {
        ...shared,
        SUBGRAPH_INCIDENTS_URL: `http://127.0.0.1:${incidentsPort}/graphql`,
        GITHUB_WEBHOOK_SECRET: SECRET,
        ALERTMANAGER_WEBHOOK_TOKEN: 'bench-alertmanager-token',
      }).start(),
    );
    const url = new URL(WEBHOOK_PATH, apps[1].url);

    // Bodies are built and signed before any timing starts.
    const template = githubExample('issues', 'labeled', { bug: 'incident' });
    const warmup = Array.from({ length: WARMUP }, (_, i) => makeDelivery(template, i + 1));
    const deliveries = Array.from({ length: DELIVERIES }, (_, i) => makeDelivery(template, WARMUP + i + 1));

    console.log(`warm-up: ${WARMUP} deliveries`);
    const warm = await runLoad(url, warmup, CONCURRENCY);
    if (warm.non202) failures.push(`warm-up: ${warm.non202} non-202 replies ${JSON.stringify(warm.statuses)}`);
    await waitForCount(db, 'incidents.incidents', WARMUP, E2E_TIMEOUT_MS, 'incidents');

    console.log(`measured run: ${DELIVERIES} deliveries`);
    const started = performance.now();
    const measured = await measureCpu(apps, async () => {
      const allIncidents = waitForCount(db, 'incidents.incidents', WARMUP + DELIVERIES, E2E_TIMEOUT_MS, 'incidents');
      allIncidents.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile
      const load = await runLoad(url, deliveries, CONCURRENCY);
      const incidentsWhenAccepted = (await countRows(db, 'incidents.incidents')) - WARMUP;
      const lastAccept = performance.now();
      let lastIncident: number | undefined;
      try {
        lastIncident = await allIncidents;
      } catch (error) {
        failures.push((error as Error).message);
      }
      return { load, incidentsWhenAccepted, lastAccept, lastIncident };
    });
    const { load, incidentsWhenAccepted, lastAccept, lastIncident } = measured.result;
    if (load.non202) failures.push(`measured run: ${load.non202} non-202 replies ${JSON.stringify(load.statuses)}`);
    if ((load.outcomes.accepted ?? 0) !== DELIVERIES) failures.push(`measured run outcomes ${JSON.stringify(load.outcomes)}`);
    const e2eSeconds = lastIncident === undefined ? NaN : (lastIncident - started) / 1000;

    console.log(`duplicate run: the same ${DELIVERIES} deliveries again (same delivery ids)`);
    const duplicateRun = await measureCpu(apps, () => runLoad(url, deliveries, CONCURRENCY));
    const duplicates = duplicateRun.result;
    if (duplicates.non202) failures.push(`duplicate run: ${duplicates.non202} non-202 replies ${JSON.stringify(duplicates.statuses)}`);
    if ((duplicates.outcomes.duplicate ?? 0) !== DELIVERIES) failures.push(`duplicate run outcomes ${JSON.stringify(duplicates.outcomes)}`);
    await sleep(2_000); // give a wrongly enqueued duplicate time to show up as an incident
    const incidentsAfterDuplicates = await countRows(db, 'incidents.incidents');
    const storedDeliveries = await countRows(db, 'ingest.deliveries');
    if (incidentsAfterDuplicates !== WARMUP + DELIVERIES) failures.push(`${incidentsAfterDuplicates} incidents after the duplicate run, expected ${WARMUP + DELIVERIES}`);
    if (storedDeliveries !== WARMUP + DELIVERIES) failures.push(`${storedDeliveries} stored deliveries, expected ${WARMUP + DELIVERIES}`);

    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadAverageAtStart: loadAverageAtStart.map((load) => round(load)),
      deliveries: DELIVERIES,
      concurrency: CONCURRENCY,
      warmup: WARMUP,
      payloadBytes: Buffer.byteLength(deliveries[0].body),
      accept: {
        seconds: round(load.seconds, 3),
        acceptedPerSecond: round((load.statuses['202'] ?? 0) / load.seconds, 1),
        non202: load.non202,
        statuses: load.statuses,
        latencyMs: latencySummary(load.latenciesMs),
      },
      endToEnd: {
        incidents: DELIVERIES,
        totalSeconds: round(e2eSeconds, 3),
        incidentsPerSecond: round(DELIVERIES / e2eSeconds, 1),
        incidentsWhenLastAccepted: incidentsWhenAccepted,
        drainSecondsAfterLastAccept: lastIncident === undefined ? null : round((lastIncident - lastAccept) / 1000, 3),
        cpu: measured.cpu,
      },
      duplicates: {
        seconds: round(duplicates.seconds, 3),
        acceptedPerSecond: round((duplicates.statuses['202'] ?? 0) / duplicates.seconds, 1),
        non202: duplicates.non202,
        outcomes: duplicates.outcomes,
        latencyMs: latencySummary(duplicates.latenciesMs),
        incidentsAfter: incidentsAfterDuplicates - WARMUP,
        storedDeliveries: storedDeliveries - WARMUP,
        cpu: duplicateRun.cpu,
      },
      ok: failures.length === 0,
      failures,
    };

    writeResults(RESULTS_FILE, results);

    const ms = (l: ReturnType<typeof latencySummary>) => `p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  max ${l.max}`;
    const cores = ({ cores: c, machineBusyPercent }: { cores: Record<string, number>; machineBusyPercent: number }) =>
      `gateway ${c.gateway}, incidents ${c.incidents}, postgres ${c.postgres}, redis ${c.redis}, client ${c.benchClient} (machine ${machineBusyPercent}% busy)`;
    console.log(`\nGitHub webhook edge — ${results.cpus} CPU, node ${results.node}, ${results.payloadBytes}-byte issues.labeled bodies\n`);
    printTable([
      ['deliveries × concurrency', `${DELIVERIES} × ${CONCURRENCY} (after ${WARMUP} warm-up)`],
      ['load average at start', `${results.loadAverageAtStart.join(' ')} (other work on the machine skews every figure)`],
      ['accepted (202) per second', results.accept.acceptedPerSecond],
      ['accept latency ms', ms(results.accept.latencyMs)],
      ['non-202 replies', results.accept.non202],
      ['end-to-end incidents/s', results.endToEnd.incidentsPerSecond],
      ['end-to-end total s', results.endToEnd.totalSeconds],
      ['incidents when last accepted', `${incidentsWhenAccepted} of ${DELIVERIES}`],
      ['drain after last accept s', String(results.endToEnd.drainSecondsAfterLastAccept)],
      ['CPU cores, measured run', cores(measured.cpu)],
      ['duplicates accepted/s', results.duplicates.acceptedPerSecond],
      ['duplicate latency ms', ms(results.duplicates.latencyMs)],
      ['duplicate non-202 replies', results.duplicates.non202],
      ['CPU cores, duplicate run', cores(duplicateRun.cpu)],
      ['incidents / deliveries stored', `${incidentsAfterDuplicates - WARMUP} / ${storedDeliveries - WARMUP} (unchanged by duplicates)`],
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

// Ctrl-C: do not leave the apps running.
runBench(main);
