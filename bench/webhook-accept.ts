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
import { adminQuery, AppProcess, freePort, githubExample, githubHeaders } from '@companyos/testing';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { createMigrationDataSource } from '../migrations/data-source';

// ---------------------------------------------------------------- settings

const intEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};

const DELIVERIES = intEnv('BENCH_DELIVERIES', 5000);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 32);
const WARMUP = 200;
const E2E_TIMEOUT_MS = intEnv('BENCH_TIMEOUT_MS', 120_000);

/** This file runs as dist/bench/webhook-accept.js; the repository is two levels up. */
const ROOT = resolve(__dirname, '..', '..');
const RESULTS_FILE = join(ROOT, 'bench', 'results', 'webhook-accept.json');
const PG_SERVER = 'postgres://postgres@127.0.0.1:5432';
const DATABASE = 'companyos_bench';
const DATABASE_URL = `${PG_SERVER}/${DATABASE}`;
const REDIS_URL = 'redis://127.0.0.1:6379';
const QUEUE_PREFIX = `bench-${randomBytes(4).toString('hex')}`;
const SECRET = 'bench-secret-123';
const WEBHOOK_PATH = '/api/companyos/github-webhook';

// ------------------------------------------------------------------ helpers

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function latencySummary(latenciesMs: number[]) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1);
  return {
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    mean: round(mean),
  };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

// ------------------------------------------------------ database and Redis

async function createBenchDatabase(): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${DATABASE}`);
  const dataSource = await createMigrationDataSource(DATABASE_URL).initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}

async function countRows(db: Client, table: string): Promise<number> {
  const result = await db.query<{ count: string }>(`SELECT count(*) AS count FROM ${table}`);
  return Number(result.rows[0].count);
}

/** Polls incidents.incidents until it holds `target` rows; resolves with the moment (performance.now()) it did. */
async function waitForCount(db: Client, target: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const count = await countRows(db, 'incidents.incidents');
    if (count >= target) return performance.now();
    if (performance.now() > deadline) throw new Error(`only ${count} of ${target} incidents after ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

/** Removes this run's BullMQ keys (`<prefix>:*`) from the shared Redis; nothing else. */
async function removeQueueKeys(prefix: string): Promise<number> {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}

// ------------------------------------------------------------ app processes

/** utime + stime of one /proc/<pid>/stat line, in seconds (USER_HZ is 100 on Linux). */
function statCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds a process has used so far (Linux only; NaN elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return NaN;
  }
}

/** CPU seconds used so far by every live process named `comm` (e.g. all Postgres backends). */
function cpuSecondsOfAll(comm: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === comm) total += statCpuSeconds(stat);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return total;
}

/** Busy and total CPU time of the whole machine so far, in ms. */
function machineCpu() {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const sum = times.user + times.nice + times.sys + times.irq + times.idle;
    total += sum;
    busy += sum - times.idle;
  }
  return { busy, total };
}

/**
 * CPU use during `work`, in cores (1.0 = one core busy the whole time): each
 * app, this client, and the shared Postgres and Redis servers (which count
 * anyone else's queries too), plus how busy the whole machine was (%).
 */
async function measureCpu<T>(apps: AppProcess[], work: () => Promise<T>) {
  const probes: [string, () => number][] = [
    ...apps.map((app): [string, () => number] => [app.name, () => cpuSeconds(app.pid)]),
    ['postgres', () => cpuSecondsOfAll('postgres')],
    ['redis', () => cpuSecondsOfAll('redis-server')],
    ['benchClient', () => { const { user, system } = process.cpuUsage(); return (user + system) / 1e6; }],
  ];
  const before = probes.map(([, probe]) => probe());
  const machineBefore = machineCpu();
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const machine = machineCpu();
  const cores: Record<string, number> = {};
  probes.forEach(([name, probe], i) => (cores[name] = round((probe() - before[i]) / seconds)));
  const machineBusyPercent = round((100 * (machine.busy - machineBefore.busy)) / (machine.total - machineBefore.total), 1);
  return { result, cpu: { cores, machineBusyPercent } };
}

// --------------------------------------------------------------- deliveries

interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/** Delivery number `seq`: its own issue (id and number), its own delivery id, signed. */
function makeDelivery(template: Record<string, any>, seq: number): Delivery {
  const payload = { ...template, issue: { ...template.issue, id: 900_000_000 + seq, number: seq } };
  const body = JSON.stringify(payload);
  return { body, headers: { ...githubHeaders(SECRET, 'issues', body), 'content-length': String(Buffer.byteLength(body)) } };
}

// --------------------------------------------------------------------- load

interface Reply {
  status: number;
  outcome: string;
}

function post(agent: http.Agent, url: URL, delivery: Delivery): Promise<Reply> {
  return new Promise((done) => {
    const request = http.request(url, { method: 'POST', agent, headers: delivery.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        let outcome = 'unreadable';
        try {
          outcome = String(JSON.parse(Buffer.concat(chunks).toString()).status);
        } catch {
          /* keep 'unreadable' */
        }
        done({ status: response.statusCode ?? 0, outcome });
      });
      response.on('error', (error) => done({ status: 0, outcome: error.message }));
    });
    request.on('error', (error) => done({ status: 0, outcome: error.message }));
    request.end(delivery.body);
  });
}

interface LoadResult {
  seconds: number;
  latenciesMs: number[];
  statuses: Record<string, number>;
  outcomes: Record<string, number>;
  non202: number;
}

/** Sends every delivery, `concurrency` at a time over keep-alive connections. */
async function runLoad(url: URL, deliveries: Delivery[], concurrency: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  let next = 0;
  const sender = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++];
      const sent = performance.now();
      const reply = await post(agent, url, delivery);
      latenciesMs.push(performance.now() - sent);
      statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
      outcomes[reply.outcome] = (outcomes[reply.outcome] ?? 0) + 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, sender));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { seconds, latenciesMs, statuses, outcomes, non202: deliveries.length - (statuses['202'] ?? 0) };
}

// ------------------------------------------------------------------- output

function printTable(rows: [string, string | number][]) {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

// --------------------------------------------------------------------- main

async function main(): Promise<number> {
  const failures: string[] = [];
  const apps = runningApps;
  const db = new Client({ connectionString: DATABASE_URL });
  let dbConnected = false;
  const loadAverageAtStart = os.loadavg();
  console.log(`webhook-accept bench: ${DELIVERIES} deliveries, concurrency ${CONCURRENCY}, queue prefix ${QUEUE_PREFIX}`);
  try {
    await createBenchDatabase();
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
    await waitForCount(db, WARMUP, E2E_TIMEOUT_MS);

    console.log(`measured run: ${DELIVERIES} deliveries`);
    const started = performance.now();
    const measured = await measureCpu(apps, async () => {
      const allIncidents = waitForCount(db, WARMUP + DELIVERIES, E2E_TIMEOUT_MS);
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

    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');

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
    for (const app of apps) {
      const errors = app.log.filter((line) => /"level":"(error|warn)"/.test(line) || !line.startsWith('{'));
      if (errors.length) console.log(`\n${app.name} logged ${errors.length} warnings/errors, last ones:\n${errors.slice(-5).join('\n')}`);
    }
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
const runningApps: AppProcess[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const app of runningApps) void app.stop('SIGKILL');
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
