/**
 * Benchmark of authentication at the gateway: what a request pays to prove
 * who it is. The same GraphQL requests are sent with an API token (checked
 * by the access app: one signed internal HTTP call and an indexed lookup per
 * request) and with a JWT (checked in the gateway: an HMAC), sequentially
 * (latency) and at BENCH_CONCURRENCY (throughput). `{ __typename }` is
 * answered by the gateway alone, so it shows authentication nearly bare;
 * `incidents(first: 20)` adds a subgraph round trip and a query.
 * See bench/README.md.
 */
import { AppProcess, createApiTokenWithCli, freePort } from '@companyos/testing';
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import {
  createBenchDatabase,
  Delivery,
  intEnv,
  latencySummary,
  LoadResult,
  PG_SERVER,
  printAppProblems,
  printTable,
  REDIS_URL,
  removeQueueKeys,
  round,
  runLoad,
  runBench,
} from './bench-kit';

const REQUESTS = intEnv('BENCH_REQUESTS', 3000);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 16);
const DATABASE = 'companyos_bench_auth';
const DATABASE_URL = `${PG_SERVER}/${DATABASE}`;
const QUEUE_PREFIX = `bench-${randomBytes(4).toString('hex')}`;
const JWT_SECRET = 'bench-jwt-secret-of-at-least-32-characters';
const ROOT = resolve(__dirname, '..', '..');
const RESULTS_FILE = join(ROOT, 'bench', 'results', 'auth-overhead.json');

const QUERIES = {
  typename: '{ __typename }',
  incidents: '{ incidents(first: 20) { totalCount nodes { id title severity } } }',
};

const request = (query: string, token: string): Delivery => {
  const body = JSON.stringify({ query });
  return { body, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${token}` } };
};

async function main(apps: AppProcess[]): Promise<number> {
  const failures: string[] = [];
  console.log(`auth-overhead bench: ${REQUESTS} requests per run, concurrency 1 and ${CONCURRENCY}`);
  try {
    await createBenchDatabase(DATABASE);
    const shared = { DATABASE_URL, REDIS_URL, QUEUE_PREFIX, NODE_ENV: 'production', LOG_LEVEL: 'warn', ROLE: 'all' };
    const [incidents, access] = await Promise.all([
      new AppProcess('incidents', await freePort(), shared).start(),
      new AppProcess('access', await freePort(), shared).start(),
    ]);
    apps.push(incidents, access);
    const gateway = await new AppProcess('gateway', await freePort(), {
      ...shared,
      SUBGRAPH_INCIDENTS_URL: `${incidents.url}/graphql`,
      SUBGRAPH_ACCESS_URL: `${access.url}/graphql`,
      GITHUB_WEBHOOK_SECRET: 'bench-github-secret',
      ALERTMANAGER_WEBHOOK_TOKEN: 'bench-alertmanager-token',
      JWT_SECRET,
      RATE_LIMIT_MAX: String(100 * REQUESTS),
    }).start();
    apps.push(gateway);
    const url = new URL('/graphql', gateway.url);

    const credentials = {
      'API token': await createApiTokenWithCli(DATABASE_URL, 'bench', 'viewer'),
      JWT: await new SignJWT({ roles: 'viewer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench').setExpirationTime('1h').sign(new TextEncoder().encode(JWT_SECRET)),
    };

    const runs: Record<string, { perSecond: number; latencyMs: ReturnType<typeof latencySummary> }> = {};
    for (const [queryName, query] of Object.entries(QUERIES)) {
      for (const [credential, token] of Object.entries(credentials)) {
        const requests = Array.from({ length: REQUESTS }, () => request(query, token));
        await runLoad(url, requests.slice(0, 200), CONCURRENCY); // warm-up
        for (const concurrency of [1, CONCURRENCY]) {
          const load: LoadResult = await runLoad(url, requests, concurrency);
          if ((load.statuses['200'] ?? 0) !== REQUESTS) failures.push(`${queryName} with ${credential} at ${concurrency}: ${JSON.stringify(load.statuses)}`);
          runs[`${queryName} | ${credential} | ${concurrency}`] = { perSecond: round(REQUESTS / load.seconds, 0), latencyMs: latencySummary(load.latenciesMs) };
        }
      }
    }

    const ratio = (query: string, concurrency: number, pick: (r: (typeof runs)[string]) => number) =>
      round(pick(runs[`${query} | API token | ${concurrency}`]) / pick(runs[`${query} | JWT | ${concurrency}`]));
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverageAtStart: os.loadavg().map((load) => round(load)),
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      runs,
      apiTokenOverJwt: Object.fromEntries(
        Object.keys(QUERIES).map((query) => [
          query,
          { p50LatencySequential: ratio(query, 1, (r) => r.latencyMs.p50), throughputConcurrent: ratio(query, CONCURRENCY, (r) => r.perSecond) },
        ]),
      ),
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');

    console.log(`\nAuthentication at the gateway — ${results.cpus} CPU, node ${results.node}\n`);
    printTable(
      Object.entries(runs).map(([name, run]) => [
        name.replace(/\| (\d+)$/, '| concurrency $1'),
        `${run.perSecond} req/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms`,
      ]),
    );
    printTable(Object.entries(results.apiTokenOverJwt).map(([query, r]) => [`API token ÷ JWT, ${query}`, `p50 latency ×${r.p50LatencySequential}, throughput ×${r.throughputConcurrent}`]));
    console.log(`\nwritten to ${RESULTS_FILE}`);
  } catch (error) {
    failures.push((error as Error).message);
  } finally {
    printAppProblems(apps);
    await Promise.allSettled([...apps].reverse().map((app) => app.stop()));
    await removeQueueKeys(QUEUE_PREFIX).catch((error: Error) => failures.push(`could not remove Redis keys under ${QUEUE_PREFIX}:*: ${error.message}`));
  }
  if (failures.length) console.error(`\nFAILED:\n- ${failures.join('\n- ')}`);
  return failures.length ? 1 : 0;
}

// Ctrl-C: do not leave the apps running.
runBench(main);
