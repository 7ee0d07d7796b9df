/**
 * Benchmark of what the gateway costs: one dashboard query with a viewer API
 * token through the gateway, against the same query signed and sent straight
 * to the incidents subgraph, in one run (same apps, same data, same moment),
 * sequentially (p50 latency) and at BENCH_CONCURRENCY (throughput). Prints the
 * two ratios (gateway ÷ direct) the goal is written in (≤ 1.3×), and
 * the same two for a bare proxy in front of the subgraph (bare-proxy.ts): what
 * the extra hop alone costs on this machine, the floor under any gateway.
 * See bench/README.md.
 */
import { ForwardedPrincipal, signedRequestHeaders } from '@companyos/platform';
import { AppProcess, createApiTokenWithCli, freePort, TEST_SUBGRAPH_SECRET } from '@companyos/testing';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import {
  cpuSeconds,
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
  writeResults,
} from './bench-kit';

const REQUESTS = intEnv('BENCH_REQUESTS', 3000);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 16);
const ROUNDS = intEnv('BENCH_ROUNDS', 2);
const DATABASE = 'companyos_bench_gateway';
const DATABASE_URL = `${PG_SERVER}/${DATABASE}`;
const QUEUE_PREFIX = `bench-${randomBytes(4).toString('hex')}`;
const RESULTS_FILE = resultsPath('gateway-overhead.json');
/** The goal of issue 11: the gateway costs at most this much more than a direct subgraph call. */
const GOAL = 1.3;

const QUERY = '{ incidents(first: 20) { totalCount nodes { id reference title severity status commander startedAt affectedServices } } }';

const jsonRequest = (body: string, headers: Record<string, string>): Delivery => ({
  body,
  headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
});

/**
 * A request to the incidents subgraph itself, signed the way the gateway signs it (the one place that knows how).
 * A signature is good once (its nonce is remembered), so each request is signed anew when it is built.
 */
const signedForSubgraph = (body: string, principal: ForwardedPrincipal): Delivery =>
  jsonRequest(body, signedRequestHeaders(TEST_SUBGRAPH_SECRET, { subgraph: 'incidents', method: 'POST', url: '/graphql', body, principal }));

/** Starts the bare proxy in its own process in front of `upstream`; resolves once it listens. */
async function startBareProxy(upstream: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = fork(join(__dirname, 'bare-proxy.js'), { env: { PORT: String(port), UPSTREAM: upstream }, stdio: 'inherit' });
  await new Promise<void>((listening, failed) => {
    child.once('message', () => listening());
    child.once('exit', (code) => failed(new Error(`bare proxy exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function main(apps: AppProcess[]): Promise<number> {
  const failures: string[] = [];
  let proxy: ChildProcess | undefined;
  console.log(`gateway-overhead bench: ${REQUESTS} requests per run, concurrency 1 and ${CONCURRENCY}, ${ROUNDS} rounds`);
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
      RATE_LIMIT_MAX: String(100 * REQUESTS * ROUNDS),
      // e.g. `--prof` to see where the gateway's time goes (node --prof-process isolate-*.log).
      ...(process.env.BENCH_GATEWAY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_GATEWAY_NODE_OPTIONS } : {}),
    }).start();
    apps.push(gateway);

    // 20 incidents, so the query returns a full page (and its count) as a dashboard sees it.
    const subgraphUrl = new URL('/graphql', incidents.url);
    const responder: ForwardedPrincipal = { id: 'bench-seed', name: 'service:bench', role: 'responder' };
    const seed = Array.from({ length: 20 }, (_, i) =>
      signedForSubgraph(
        JSON.stringify({
          query: 'mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }',
          variables: { input: { title: `Bench incident ${i}`, severity: 'SEV3', affectedServices: ['api', 'web'], commander: 'alice@example.com' } },
        }),
        responder,
      ),
    );
    const seeded = await runLoad(subgraphUrl, seed, 1);
    if ((seeded.statuses['200'] ?? 0) !== 20) throw new Error(`seeding incidents failed: ${JSON.stringify(seeded.statuses)}`);

    const bare = await startBareProxy(incidents.url);
    proxy = bare.child;

    const apiToken = await createApiTokenWithCli(DATABASE_URL, 'bench', 'viewer');
    // The principal the gateway forwards for this token (the access app names it token:<name>).
    const viewer: ForwardedPrincipal = { id: 'bench-viewer', name: 'token:bench', role: 'viewer' };
    const body = JSON.stringify({ query: QUERY });
    const paths: Record<string, { url: URL; requests: () => Delivery[] }> = {
      gateway: { url: new URL('/graphql', gateway.url), requests: () => Array.from({ length: REQUESTS }, () => jsonRequest(body, { authorization: `Bearer ${apiToken}` })) },
      direct: { url: subgraphUrl, requests: () => Array.from({ length: REQUESTS }, () => signedForSubgraph(body, viewer)) },
      // The same signed requests as `direct`, through the bare proxy: the hop and nothing else.
      hop: { url: new URL('/graphql', bare.url), requests: () => Array.from({ length: REQUESTS }, () => signedForSubgraph(body, viewer)) },
    };

    // Rounds alternate the two paths so a neighbour's load on the shared machine falls on both; the best round of each counts.
    type Run = { perSecond: number; latencyMs: ReturnType<typeof latencySummary>; cpuMsPerRequest?: Record<string, number> };
    const runs: Record<string, Run[]> = {};
    for (const path of Object.values(paths)) await runLoad(path.url, path.requests().slice(0, 300), CONCURRENCY); // warm-up
    for (let round_ = 0; round_ < ROUNDS; round_++) {
      for (const [name, path] of Object.entries(paths)) {
        for (const concurrency of [1, CONCURRENCY]) {
          const requests = path.requests();
          const { result: load, cpu } = await measureCpu(apps, () => runLoad(path.url, requests, concurrency), [['bareProxy', () => cpuSeconds(proxy?.pid)]]);
          if ((load.statuses['200'] ?? 0) !== REQUESTS) failures.push(`${name} at ${concurrency}: ${JSON.stringify(load.statuses)}`);
          // CPU each process spent per request (ms): where a request's time goes, whatever else the machine does.
          const cpuMsPerRequest = Object.fromEntries(Object.entries(cpu.cores).map(([app, cores]) => [app, round((cores * load.seconds * 1000) / REQUESTS, 3)]));
          (runs[`${name} | ${concurrency}`] ??= []).push({ perSecond: round(REQUESTS / load.seconds, 0), latencyMs: latencySummary(load.latenciesMs), cpuMsPerRequest });
        }
      }
    }
    const best = (key: string): Run => {
      const all = runs[key];
      return {
        perSecond: Math.max(...all.map((run) => run.perSecond)),
        latencyMs: all.map((run) => run.latencyMs).reduce((a, b) => (b.p50 < a.p50 ? b : a)),
      };
    };
    const gatewaySequential = best('gateway | 1');
    const directSequential = best('direct | 1');
    const gatewayConcurrent = best(`gateway | ${CONCURRENCY}`);
    const directConcurrent = best(`direct | ${CONCURRENCY}`);
    const hopSequential = best('hop | 1');
    const hopConcurrent = best(`hop | ${CONCURRENCY}`);
    const ratios = {
      /** Gateway p50 ÷ direct p50, one request at a time (goal ≤ 1.3). */
      p50Latency: round(gatewaySequential.latencyMs.p50 / directSequential.latencyMs.p50),
      /** Direct req/s ÷ gateway req/s at BENCH_CONCURRENCY (goal ≤ 1.3). */
      throughput: round(directConcurrent.perSecond / gatewayConcurrent.perSecond),
    };
    /** The same two ratios for the bare proxy: the part of the gateway's that the extra hop alone costs here. */
    const hopFloor = {
      p50Latency: round(hopSequential.latencyMs.p50 / directSequential.latencyMs.p50),
      throughput: round(directConcurrent.perSecond / hopConcurrent.perSecond),
    };
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverageAtStart: os.loadavg().map((load) => round(load)),
      query: QUERY,
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      best: { gatewaySequential, directSequential, gatewayConcurrent, directConcurrent, hopSequential, hopConcurrent },
      ratios,
      hopFloor,
      goal: { max: GOAL, met: ratios.p50Latency <= GOAL && ratios.throughput <= GOAL },
      runs,
    };
    writeResults(RESULTS_FILE, results);

    console.log(`\nGateway overhead — ${results.cpus} CPU, node ${results.node}, load average ${results.loadAverageAtStart.join(' ')}\n`);
    printTable(
      Object.entries(runs).map(([name, all]) => [
        name.replace(/\| (\d+)$/, '| concurrency $1'),
        all.map((run) => `${run.perSecond} req/s p50 ${run.latencyMs.p50} ms`).join('; ') +
          ` | CPU ms/request: ${Object.entries(all[all.length - 1].cpuMsPerRequest ?? {}).filter(([, ms]) => ms >= 0.01).map(([app, ms]) => `${app} ${ms}`).join(', ')}`,
      ]),
    );
    console.log('');
    printTable([
      ['p50 ratio (gateway ÷ direct, sequential)', `×${ratios.p50Latency} (${gatewaySequential.latencyMs.p50} vs ${directSequential.latencyMs.p50} ms)`],
      [`req/s ratio (direct ÷ gateway, concurrency ${CONCURRENCY})`, `×${ratios.throughput} (${directConcurrent.perSecond} vs ${gatewayConcurrent.perSecond} req/s)`],
      ['the hop alone: bare proxy ÷ direct, p50', `×${hopFloor.p50Latency} (${hopSequential.latencyMs.p50} vs ${directSequential.latencyMs.p50} ms)`],
      [`the hop alone: direct ÷ bare proxy, req/s`, `×${hopFloor.throughput} (${directConcurrent.perSecond} vs ${hopConcurrent.perSecond} req/s)`],
      ['goal', `≤ ×${GOAL}: ${results.goal.met ? 'met' : 'not met'}`],
    ]);
    console.log(`\nwritten to ${RESULTS_FILE}`);
  } catch (error) {
    failures.push((error as Error).message);
  } finally {
    proxy?.kill();
    printAppProblems(apps);
    await Promise.allSettled([...apps].reverse().map((app) => app.stop()));
    await removeQueueKeys(QUEUE_PREFIX).catch((error: Error) => failures.push(`could not remove Redis keys under ${QUEUE_PREFIX}:*: ${error.message}`));
  }
  if (failures.length) console.error(`\nFAILED:\n- ${failures.join('\n- ')}`);
  return failures.length ? 1 : 0;
}

// Ctrl-C: do not leave the apps running.
runBench(main);
