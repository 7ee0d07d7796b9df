/**
 * Benchmark of the list queries that filter large tables (issue 12, point 8):
 * `incidents(filter: {service})` over 100,000 incidents and `firingAlerts`
 * over 1,000,000 alerts, each asked over HTTP of its own subgraph (signed as
 * the gateway signs), with and without `totalCount`. The tables are seeded
 * with set-based SQL (generate_series) and ANALYZEd; the planner's choice for
 * each query is printed beside its latencies. Results go to
 * bench/results/lists.json. See bench/README.md.
 *
 *   npm run build && npm run bench:lists
 *
 * Self-contained: its own database (companyos_bench_lists, dropped and
 * re-created at the start, dropped at the end unless BENCH_KEEP_DATABASE=1),
 * the apps spawned as child processes and stopped whatever happens.
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

const DATABASE = 'companyos_bench_lists';
const DATABASE_URL = `${PG_SERVER}/${DATABASE}`;
const INCIDENTS = intEnv('BENCH_INCIDENTS', 100_000);
const ALERTS = intEnv('BENCH_ALERTS', 1_000_000);
const SERVICES = intEnv('BENCH_SERVICES', 500);
const REQUESTS = intEnv('BENCH_REQUESTS', 200);
const WARMUP = intEnv('BENCH_WARMUP', 20);
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE === '1';
const RESULTS_FILE = resultsPath('lists.json');
const APP_ENV = { DATABASE_URL, REDIS_URL, QUEUE_PREFIX: `bench-lists-${process.pid}`, NODE_ENV: 'production', LOG_LEVEL: 'warn', ROLE: 'api' };

/** Incidents over SERVICES services (one to three each), 95 % resolved, one every 5 minutes back from now. */
const SEED_INCIDENTS = `
  INSERT INTO incidents.incidents (title, severity, status, affected_services, source, started_at, resolved_at)
  SELECT 'incident ' || g,
         (ARRAY['SEV1', 'SEV2', 'SEV3', 'SEV4'])[1 + g % 4]::incidents.incident_severity,
         (CASE WHEN g % 20 = 0 THEN 'INVESTIGATING' ELSE 'RESOLVED' END)::incidents.incident_status,
         ARRAY(SELECT 'service-' || ((g * 7 + k * 131) % $2) FROM generate_series(0, g % 3) k),
         'ALERT'::incidents.incident_source,
         now() - g * interval '5 minutes',
         CASE WHEN g % 20 <> 0 THEN now() - g * interval '5 minutes' + interval '40 minutes' END
    FROM generate_series(1, $1::int) g`;

/** Alerts over SERVICES services: 0.2 % firing, 0.05 % silenced (half of those run out), the rest resolved; one every 30 s back from now. */
const SEED_ALERTS = `
  INSERT INTO alerts.alerts (fingerprint, alert_name, severity, status, service, labels, annotations, starts_at, group_key,
                             first_received_at, last_received_at, silenced_until, resolved_at)
  SELECT md5(g::text), 'Alert' || (g % 80),
         (ARRAY['CRITICAL', 'WARNING', 'INFO'])[1 + g % 3]::alerts.alert_severity,
         (CASE WHEN g % 500 = 0 THEN 'FIRING' WHEN g % 2000 = 1 THEN 'SILENCED' ELSE 'RESOLVED' END)::alerts.alert_status,
         'service-' || (g % $2), jsonb_build_object('alertname', 'Alert' || (g % 80)), '{}', now() - g * interval '30 seconds',
         'group-' || (g % 700), now() - g * interval '30 seconds', now() - g * interval '30 seconds',
         CASE WHEN g % 2000 = 1 THEN now() + (CASE WHEN g % 4000 = 1 THEN 1 ELSE -1 END) * interval '1 hour' END,
         CASE WHEN g % 500 <> 0 AND g % 2000 <> 1 THEN now() - g * interval '30 seconds' + interval '10 minutes' END
    FROM generate_series(1, $1::int) g`;

interface Case {
  name: string;
  app: 'incidents' | 'alerts';
  query: string;
  /** The SQL the planner is asked about (as the service runs it), to print its plan. */
  explain: string;
}

const CASES: Case[] = [
  {
    name: 'incidents(filter: {service}, first: 50)',
    app: 'incidents',
    query: '{ incidents(filter: {service: "service-42"}, first: 50) { nodes { id reference title severity status } pageInfo { hasNextPage endCursor } } }',
    explain: `SELECT * FROM incidents.incidents i WHERE i.affected_services @> ARRAY['service-42']::text[] ORDER BY i.number DESC LIMIT 51`,
  },
  {
    name: 'incidents(filter: {service}, first: 50) with totalCount',
    app: 'incidents',
    query: '{ incidents(filter: {service: "service-42"}, first: 50) { totalCount nodes { id reference title severity status } } }',
    explain: `SELECT count(*) FROM incidents.incidents i WHERE i.affected_services @> ARRAY['service-42']::text[]`,
  },
  {
    name: 'incidents(filter: {service, active: true}, first: 50)',
    app: 'incidents',
    query: '{ incidents(filter: {service: "service-42", active: true}, first: 50) { nodes { id reference title severity status } } }',
    explain: `SELECT * FROM incidents.incidents i WHERE i.affected_services @> ARRAY['service-42']::text[] AND i.status <> 'RESOLVED' ORDER BY i.number DESC LIMIT 51`,
  },
  {
    name: 'firingAlerts',
    app: 'alerts',
    query: '{ firingAlerts { id alertName severity status service startsAt } }',
    explain: `SELECT * FROM alerts.alerts a WHERE (a.status IN ('FIRING', 'SILENCED') AND (a.status = 'FIRING' OR a.silenced_until <= now())) ORDER BY a.severity ASC, a.starts_at DESC LIMIT 1000`,
  },
  {
    name: 'alerts(filter: {firing: true}, first: 50) with totalCount',
    app: 'alerts',
    query: '{ alerts(filter: {firing: true}, first: 50) { totalCount nodes { id alertName severity } } }',
    explain: `SELECT count(*) FROM alerts.alerts a WHERE (a.status IN ('FIRING', 'SILENCED') AND (a.status = 'FIRING' OR a.silenced_until <= now()))`,
  },
];

/** POSTs one body `count` times to `subgraph` (each request signed anew), one at a time over a keep-alive connection; an answer with errors fails the bench. */
async function post(subgraph: string, url: URL, body: string, count: number): Promise<{ latenciesMs: number[]; errors: string[]; items: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latenciesMs: number[] = [];
  const errors: string[] = [];
  let items = 0;
  for (let i = 0; i < count; i++) {
    await new Promise<void>((done) => {
      const sent = performance.now();
      const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...subgraphHeaders(subgraph, body) };
      const request = http.request(url, { method: 'POST', agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          latenciesMs.push(performance.now() - sent);
          const text = Buffer.concat(chunks).toString();
          try {
            const reply = JSON.parse(text);
            if (response.statusCode !== 200 || reply.errors) errors.push(`${response.statusCode}: ${text.slice(0, 300)}`);
            else {
              const data = Object.values(reply.data)[0] as unknown;
              items = Array.isArray(data) ? data.length : ((data as { nodes: unknown[] }).nodes?.length ?? 0);
            }
          } catch {
            errors.push(`${response.statusCode}: ${text.slice(0, 300)}`);
          }
          done();
        });
      });
      request.on('error', (error) => {
        errors.push(error.message);
        done();
      });
      request.end(body);
    });
  }
  agent.destroy();
  return { latenciesMs, errors, items };
}

async function planOf(db: Client, sql: string): Promise<string> {
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF, SUMMARY ON) ${sql}`);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

async function main(apps: AppProcess[]): Promise<number> {
  const results: Record<string, unknown> = {
    bench: 'lists',
    startedAt: new Date().toISOString(),
    machine: machineCpu(),
    settings: { incidents: INCIDENTS, alerts: ALERTS, services: SERVICES, requests: REQUESTS, warmup: WARMUP },
  };
  console.log(`creating ${DATABASE} and running the migrations…`);
  await createBenchDatabase(DATABASE);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const failures: string[] = [];
  try {
    const seed: Record<string, number> = {};
    for (const [name, sql, count] of [
      ['incidents', SEED_INCIDENTS, INCIDENTS],
      ['alerts', SEED_ALERTS, ALERTS],
    ] as const) {
      const started = performance.now();
      await db.query(sql, [count, SERVICES]);
      seed[`${name}Seconds`] = round((performance.now() - started) / 1000);
      console.log(`  seeded ${count} ${name} in ${seed[`${name}Seconds`]} s`);
    }
    await db.query('VACUUM (ANALYZE) incidents.incidents');
    await db.query('VACUUM (ANALYZE) alerts.alerts');
    results.seed = seed;

    console.log('starting the incidents and alerts apps (ROLE=api)…');
    const running = {
      incidents: await new AppProcess('incidents', await freePort(), APP_ENV).start(),
      alerts: await new AppProcess('alerts', await freePort(), APP_ENV).start(),
    };
    apps.push(running.incidents, running.alerts);

    const figures: Record<string, LatencySummary & { items: number; plan: string }> = {};
    for (const c of CASES) {
      const url = new URL('/graphql', running[c.app].url);
      const body = JSON.stringify({ query: c.query });
      const warm = await post(c.app, url, body, WARMUP);
      const run = await post(c.app, url, body, REQUESTS);
      for (const errors of [warm.errors, run.errors]) if (errors.length) failures.push(`${c.name}: ${errors.length} failed requests, first: ${errors[0]}`);
      figures[c.name] = { ...latencySummary(run.latenciesMs), items: run.items, plan: await planOf(db, c.explain) };
    }
    results.queries = figures;
    printTable(Object.entries(figures).map(([name, f]) => [name, `p50 ${f.p50} ms · p90 ${f.p90} ms · p99 ${f.p99} ms · ${f.items} items`]));
    for (const [name, f] of Object.entries(figures)) console.log(`\n${name}:\n${f.plan}`);
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

runBench(main);
