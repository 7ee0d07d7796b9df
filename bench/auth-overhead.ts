/**
 * Benchmark of authentication at the gateway: what a request pays to prove
 * who it is. The same GraphQL requests are sent with an API token (checked
 * by the access app: a signed internal HTTP call and an indexed lookup,
 * remembered by the gateway for API_TOKEN_CACHE_MS — and once more through a
 * gateway with the cache off) and with a JWT (checked in the gateway: an
 * HMAC), sequentially
 * (latency) and at BENCH_CONCURRENCY (throughput). `{ __typename }` is
 * answered by the gateway alone, so it shows authentication nearly bare;
 * `incidents(first: 20)` adds a subgraph round trip and a query.
 * See bench/README.md.
 */
import { AppProcess, createApiTokenWithCli, freePort } from '@companyos/testing';
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
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
  resultsPath,
  round,
  runBench,
  runLoad,
  writeResults,
} from './bench-kit';

const REQUESTS = intEnv('BENCH_REQUESTS', 3000);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 16);
const DATABASE = 'companyos_bench_auth';
const DATABASE_URL = `${PG_SERVER}/${DATABASE}`;
const QUEUE_PREFIX = `bench-${randomBytes(4).toString('hex')}`;
const JWT_SECRET = 'bench-jwt-secret-of-at-least-32-characters';
const RESULTS_FILE = resultsPath('auth-overhead.json');

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
    const gatewayEnv = {
      ...shared,
      SUBGRAPH_INCIDENTS_URL: `${incidents.url}/graphql`,
      SUBGRAPH_ACCESS_URL: `${access.url}/graphql`,
      GITHUB_WEBHOOK_SECRET: 'bench-github-secret',
      ALERTMANAGER_WEBHOOK_TOKEN: 'bench-alertmanager-token',
      JWT_SECRET,
      RATE_LIMIT_MAX: String(100 * REQUESTS),
    };
    // Two gateways: the default, which remembers verified API tokens, and one that asks the access app every time.
    const [gateway, uncached] = await Promise.all([
      new AppProcess('gateway', await freePort(), gatewayEnv).start(),
      new AppProcess('gateway', await freePort(), { ...gatewayEnv, API_TOKEN_CACHE_MS: '0' }).start(),
    ]);
    apps.push(gateway, uncached);

    const apiToken = await createApiTokenWithCli(DATABASE_URL, 'bench', 'viewer');
    const jwt = await new SignJWT({ roles: 'viewer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench').setExpirationTime('1h').sign(new TextEncoder().encode(JWT_SECRET));
    const credentials: Record<string, { url: URL; token: string }> = {
      'API token': { url: new URL('/graphql', gateway.url), token: apiToken },
      'API token, no cache': { url: new URL('/graphql', uncached.url), token: apiToken },
      JWT: { url: new URL('/graphql', gateway.url), token: jwt },
    };

    const runs: Record<string, { perSecond: number; latencyMs: ReturnType<typeof latencySummary> }> = {};
    for (const [queryName, query] of Object.entries(QUERIES)) {
      for (const [credential, { url, token }] of Object.entries(credentials)) {
        const requests = Array.from({ length: REQUESTS }, () => request(query, token));
        await runLoad(url, requests.slice(0, 200), CONCURRENCY); // warm-up
        for (const concurrency of [1, CONCURRENCY]) {
          const load: LoadResult = await runLoad(url, requests, concurrency);
          if ((load.statuses['200'] ?? 0) !== REQUESTS) failures.push(`${queryName} with ${credential} at ${concurrency}: ${JSON.stringify(load.statuses)}`);
          runs[`${queryName} | ${credential} | ${concurrency}`] = { perSecond: round(REQUESTS / load.seconds, 0), latencyMs: latencySummary(load.latenciesMs) };
        }
      }
    }

    const ratio = (query: string, credential: string, concurrency: number, pick: (r: (typeof runs)[string]) => number) =>
      round(pick(runs[`${query} | ${credential} | ${concurrency}`]) / pick(runs[`${query} | JWT | ${concurrency}`]));
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverageAtStart: os.loadavg().map((load) => round(load)),
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      runs,
      overJwt: Object.fromEntries(
        Object.keys(QUERIES).flatMap((query) =>
          ['API token', 'API token, no cache'].map((credential) => [
            `${credential}, ${query}`,
            { p50LatencySequential: ratio(query, credential, 1, (r) => r.latencyMs.p50), throughputConcurrent: ratio(query, credential, CONCURRENCY, (r) => r.perSecond) },
          ]),
        ),
      ),
    };
    writeResults(RESULTS_FILE, results);

    console.log(`\nAuthentication at the gateway — ${results.cpus} CPU, node ${results.node}\n`);
    printTable(
      Object.entries(runs).map(([name, run]) => [
        name.replace(/\| (\d+)$/, '| concurrency $1'),
        `${run.perSecond} req/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms`,
      ]),
    );
    printTable(Object.entries(results.overJwt).map(([name, r]) => [`÷ JWT: ${name}`, `p50 latency ×${r.p50LatencySequential}, throughput ×${r.throughputConcurrent}`]));
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
