/**
 * What the benchmarks in bench/ share: settings from the environment, the
 * bench database and Redis keys (created and removed by the bench itself),
 * CPU accounting per process, the HTTP load generator, percentiles and the
 * output table. See bench/README.md.
 */
import { adminQuery, AppProcess } from '@companyos/testing';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { createMigrationDataSource } from '../migrations/data-source';

// ---------------------------------------------------------------- settings

export const PG_SERVER = 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = 'redis://127.0.0.1:6379';

/** The repository's root, whether a bench runs built (dist/bench) or from source (bench/). */
export const REPO_ROOT = resolve(__dirname, __dirname.includes(join('dist', 'bench')) ? '../..' : '..');

/** Where a bench's figures go: bench/results/<file>. */
export const resultsPath = (file: string) => join(REPO_ROOT, 'bench', 'results', file);

/** Writes a bench's figures as JSON (one trailing newline) to `path`, creating its folder. */
export function writeResults(path: string, results: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(results, null, 2) + '\n');
}

export const intEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};

// ------------------------------------------------------------------ helpers

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function latencySummary(latenciesMs: number[]) {
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

export type LatencySummary = ReturnType<typeof latencySummary>;

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

// ------------------------------------------------------ database and Redis

/** Drops and re-creates database `name` on PG_SERVER and runs every migration on it. */
export async function createBenchDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name}`);
  const dataSource = await createMigrationDataSource(`${PG_SERVER}/${name}`).initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}

export async function countRows(db: Client, table: string): Promise<number> {
  const result = await db.query<{ count: string }>(`SELECT count(*) AS count FROM ${table}`);
  return Number(result.rows[0].count);
}

/**
 * Polls `table` every 50 ms until it holds `target` rows; resolves with the
 * moment (performance.now()) it did. `what` names the rows in the timeout
 * error; `onCount` sees every count taken, with the moment it was taken.
 */
export async function waitForCount(
  db: Client,
  table: string,
  target: number,
  timeoutMs: number,
  what = 'rows',
  onCount?: (count: number, at: number) => void,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const count = await countRows(db, table);
    const at = performance.now();
    onCount?.(count, at);
    if (count >= target) return at;
    if (at > deadline) throw new Error(`only ${count} of ${target} ${what} after ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

/** Removes this run's BullMQ keys (`<prefix>:*`) from the shared Redis; nothing else. */
export async function removeQueueKeys(prefix: string, redisUrl = REDIS_URL): Promise<number> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
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
export function cpuSeconds(pid: number | undefined): number {
  try {
    return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return NaN;
  }
}

/** CPU seconds used so far by every live process named `comm` (e.g. all Postgres backends). */
export function cpuSecondsOfAll(comm: string): number {
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
export function machineCpu() {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const sum = times.user + times.nice + times.sys + times.irq + times.idle;
    total += sum;
    busy += sum - times.idle;
  }
  return { busy, total };
}

export interface CpuUse {
  cores: Record<string, number>;
  machineBusyPercent: number;
}

/** A named counter of CPU seconds used so far. */
export type CpuProbe = [name: string, secondsSoFar: () => number];

/**
 * CPU use during `work`, in cores (1.0 = one core busy the whole time): each
 * app, this client, and the shared Postgres and Redis servers (which count
 * anyone else's queries too), plus how busy the whole machine was (%).
 * `extraProbes` are measured the same way and listed last.
 */
export async function measureCpu<T>(apps: AppProcess[], work: () => Promise<T>, extraProbes: CpuProbe[] = []) {
  const probes: CpuProbe[] = [
    ...apps.map((app): CpuProbe => [app.name, () => cpuSeconds(app.pid)]),
    ['postgres', () => cpuSecondsOfAll('postgres')],
    ['redis', () => cpuSecondsOfAll('redis-server')],
    ['benchClient', () => { const { user, system } = process.cpuUsage(); return (user + system) / 1e6; }],
    ...extraProbes,
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
  const cpu: CpuUse = { cores, machineBusyPercent };
  return { result, cpu };
}

/** Prints the last warnings and errors (and any non-JSON line) each app logged. */
export function printAppProblems(apps: AppProcess[]): void {
  for (const app of apps) {
    const errors = app.log.filter((line) => /"level":"(error|warn)"/.test(line) || !line.startsWith('{'));
    if (errors.length) console.log(`\n${app.name} logged ${errors.length} warnings/errors, last ones:\n${errors.slice(-5).join('\n')}`);
  }
}

/** Ctrl-C or SIGTERM: kill the apps in `running` (as they are then) and exit 130, so none is left behind. */
export function stopAppsOnSignal(running: AppProcess[]): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const app of running) void app.stop('SIGKILL');
      process.exit(130);
    });
  }
}

/** Runs a bench: `main` gets the list to put the apps it starts in (Ctrl-C kills them); the process exits with its code. */
export function runBench(main: (apps: AppProcess[]) => Promise<number>): void {
  const apps: AppProcess[] = [];
  stopAppsOnSignal(apps);
  main(apps).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

// --------------------------------------------------------------------- load

/** One request, its body and headers built before any timing starts. */
export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

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

export interface LoadResult {
  seconds: number;
  latenciesMs: number[];
  statuses: Record<string, number>;
  outcomes: Record<string, number>;
  non202: number;
}

/** Sends every delivery, `concurrency` at a time over keep-alive connections. */
export async function runLoad(url: URL, deliveries: Delivery[], concurrency: number): Promise<LoadResult> {
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

export function printTable(rows: [string, string | number][]) {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}
