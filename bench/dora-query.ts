/**
 * Benchmark of the DORA dashboard read path (issue 4, point 8): a year of
 * deployment history (≥ 1,000,000 deployments over 200 services, 50,000
 * incidents), seeded with set-based SQL; a full rollup rebuild timed the way
 * operators run it (`node dist/apps/deployments/src/rebuild-rollups.js`);
 * then `doraMetrics` over HTTP against the running deployments app (and
 * in-process through DoraService, with where the time goes), and the year's
 * summary checked against plain SQL over the raw tables. Goal: p50 under
 * 50 ms for a dashboard query, rebuild under a minute. See bench/README.md.
 *
 *   npm run build && npm run bench:dora
 *
 * Self-contained: its own database (companyos_bench_dora, dropped and
 * re-created at the start, dropped at the end unless BENCH_KEEP_DATABASE=1),
 * its own BullMQ key prefix in the shared Redis (removed at the end), the app
 * and the rebuild spawned as child processes and stopped whatever happens.
 */
import 'reflect-metadata';
import { DatabaseModule, loadPlatformConfig, PlatformModule } from '@companyos/platform';
import { adminQuery, AppProcess, freePort, subgraphHeaders } from '@companyos/testing';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { deploymentsConfig } from '../apps/deployments/src/deployments.config';
import { DEPLOYMENTS_ENTITIES } from '../apps/deployments/src/deployments.entities';
import { DoraGranularity } from '../apps/deployments/src/dora/dora.model';
import { DoraService } from '../apps/deployments/src/dora/dora.service';
import { DEPLOYMENT_FACTS_SQL, INCIDENT_FACTS_SQL } from '../apps/deployments/src/rollups/rollups.service';
import {
  CpuProbe,
  cpuSeconds,
  CpuUse,
  createBenchDatabase,
  intEnv,
  latencySummary,
  LatencySummary,
  measureCpu,
  percentile,
  PG_SERVER,
  printAppProblems,
  printTable,
  REDIS_URL,
  removeQueueKeys,
  resultsPath,
  round,
  runBench,
  writeResults,
} from './bench-kit';

// ---------------------------------------------------------------- settings

const DEPLOYMENTS = intEnv('BENCH_DEPLOYMENTS', 1_000_000);
const SERVICES = intEnv('BENCH_SERVICES', 200);
const DAYS = intEnv('BENCH_DAYS', 365);
const INCIDENTS = intEnv('BENCH_INCIDENTS', 50_000);
const IN_FLIGHT = intEnv('BENCH_IN_FLIGHT', 3_000);
const REBUILDS = intEnv('BENCH_REBUILDS', 3);
const REQUESTS = intEnv('BENCH_REQUESTS', 200);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 8);
const WARMUP = intEnv('BENCH_WARMUP', 30);
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE === '1';
/** Service of rank r gets a share ∝ r^−s of the deployments (Zipf-like: a few busy services, a long tail of quiet ones). */
const ZIPF_EXPONENT = floatEnv('BENCH_ZIPF_EXPONENT', 1.1);

/** The issue's goals. */
const GOAL_P50_MS = 50;
const GOAL_REBUILD_SECONDS = 60;
/** The medians come from sketches that are exact within 1 %. */
const MEDIAN_TOLERANCE = 0.01;

/** This file runs as dist/bench/dora-query.js; the repository is two levels up. */
const ROOT = resolve(__dirname, '..', '..');
const RESULTS_FILE = resultsPath('dora-query.json');
const REBUILD_SCRIPT = join(ROOT, 'dist', 'apps', 'deployments', 'src', 'rebuild-rollups.js');
const DATABASE = 'companyos_bench_dora';
const DATABASE_URL = `${PG_SERVER}/${DATABASE}`;
const QUEUE_PREFIX = `bench-dora-${randomBytes(4).toString('hex')}`;
const DAY_MS = 86_400_000;
const APP_ENV = { DATABASE_URL, REDIS_URL, QUEUE_PREFIX, NODE_ENV: 'production', LOG_LEVEL: 'warn' };

function floatEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

const serviceName = (rank: number) => `service-${String(rank).padStart(3, '0')}`;
const BUSY_SERVICE = serviceName(1);
const QUIET_SERVICE = serviceName(SERVICES);

// ------------------------------------------------------------------ seeding

/**
 * The seed, as set-based SQL run on one connection in UTC. `$today` is the
 * current UTC midnight, `$now` the current instant. Deployments land on the
 * DAYS whole days before today (terminal ones) and in the last 24 h (PENDING /
 * IN_PROGRESS); every row is inserted in start order, as they would arrive.
 */
const SEED_STEPS: { name: string; sql?: string; params?: (p: SeedParams) => unknown[]; run?: (db: Client) => Promise<number | null> }[] = [
  {
    name: 'services (Zipf-like shares)',
    // n = exact deployments of the service (telescoping rounding: they add up to DEPLOYMENTS);
    // [cum_lo, cum_hi) = its share of [0, 1), to draw a service weighted by activity;
    // mu = ln(median lead time): busy services ship faster (2 h for the busiest, ~17 h for the quietest).
    sql: `CREATE TEMP TABLE bench_services AS
          WITH w AS (SELECT r AS rank, power(r, -$3::float8) AS w FROM generate_series(1, $2::int) r),
               c AS (SELECT rank, w, sum(w) OVER (ORDER BY rank) / sum(w) OVER () AS cum_hi FROM w),
               n AS (SELECT rank, cum_hi, coalesce(lag(cum_hi) OVER (ORDER BY rank), 0) AS cum_lo, floor($1::bigint * cum_hi + 0.5) AS upto FROM c)
          SELECT rank, 'service-' || lpad(rank::text, 3, '0') AS name, cum_lo, cum_hi,
                 (upto - coalesce(lag(upto) OVER (ORDER BY rank), 0))::int AS n,
                 ln(7200) + 0.4 * ln(rank) AS mu,
                 random() AS u
            FROM n`,
    params: (p) => [p.deployments, p.services, p.zipf],
  },
  {
    name: 'days × services (weekday bias)',
    // A weekend day weighs 0.15 of a weekday. cnt = the service's deployments that start that day
    // (systematic rounding from a random offset per service: they add up to n exactly).
    sql: `CREATE TEMP TABLE bench_cells AS
          WITH days AS (SELECT d, $1::timestamptz - make_interval(days => d) AS day_start FROM generate_series(1, $2::int) d),
               w AS (SELECT d, day_start, CASE WHEN extract(isodow FROM day_start) IN (6, 7) THEN 0.15 ELSE 1.0 END AS w FROM days),
               dw AS (SELECT d, day_start, sum(w) OVER (ORDER BY d) / sum(w) OVER () AS cum FROM w),
               x AS (SELECT s.rank, s.name, s.mu, dw.d, dw.day_start, floor(s.n * dw.cum + s.u) AS upto FROM bench_services s CROSS JOIN dw)
          SELECT rank, name, mu, d, day_start, (upto - coalesce(lag(upto) OVER (PARTITION BY rank ORDER BY d), 0))::int AS cnt FROM x`,
    params: (p) => [p.today, p.days],
  },
  // Filling a table without its indexes and building them afterwards takes half the time.
  { name: 'drop the deployments indexes', run: (db) => dropDeploymentIndexes(db) },
  {
    name: 'deployments (terminal)',
    // started: 85 % in working hours (08–18 UTC, bell-shaped), the rest any time of day;
    // finished = started + lognormal (median 5 min); environment 40/35/25 %; status 85/10/5 %;
    // lead time lognormal (median e^mu, σ 1.6, 1 min … 30 days); commit_at null for 5 %, after finish for 0.2 %.
    sql: `INSERT INTO deployments.deployments
            (service_name, version, environment, status, status_at, source, deployed_by, commit_sha, commit_at, github_run_url,
             release_url, repository, ref, github_environment, github_state, started_at, finished_at, created_at, updated_at)
          SELECT name, version, environment::deployments.deployment_environment, status::deployments.deployment_status,
                 CASE WHEN status = 'ROLLED_BACK' THEN least(finished_at + interval '25 minutes', $1::timestamptz) ELSE finished_at END,
                 source::deployments.deployment_source, deployed_by, commit_sha,
                 CASE WHEN commit_u < 0.05 THEN NULL
                      WHEN commit_u < 0.052 THEN finished_at + make_interval(secs => (commit_u - 0.05) * 300000)
                      ELSE finished_at - make_interval(secs => lead_s) END,
                 CASE WHEN source = 'GITHUB' THEN 'https://github.com/companyos/' || name || '/actions/runs/' || ext_id END,
                 CASE WHEN source = 'GITHUB' THEN 'https://github.com/companyos/' || name || '/releases/tag/' || version END,
                 CASE WHEN source = 'GITHUB' THEN 'companyos/' || name END,
                 CASE WHEN source = 'GITHUB' THEN 'refs/heads/main' END,
                 CASE WHEN source = 'GITHUB' THEN lower(environment) END,
                 CASE WHEN source <> 'GITHUB' THEN NULL WHEN status = 'SUCCEEDED' THEN 'success' WHEN status = 'FAILED' THEN 'failure' ELSE 'inactive' END,
                 started_at, finished_at, started_at, finished_at
            FROM (SELECT *, least(started_at + make_interval(secs => least(greatest(exp(ln(300) + 0.5 * z2), 30), 3600)), $1::timestamptz) AS finished_at,
                         CASE WHEN env_u < 0.40 THEN 'PRODUCTION' WHEN env_u < 0.75 THEN 'STAGING' ELSE 'DEVELOPMENT' END AS environment,
                         CASE WHEN status_u < 0.85 THEN 'SUCCEEDED' WHEN status_u < 0.95 THEN 'FAILED' ELSE 'ROLLED_BACK' END AS status,
                         CASE WHEN source_u < 0.9 THEN 'GITHUB' ELSE 'API' END AS source,
                         least(greatest(exp(mu + 1.6 * z1), 60), 30 * 86400) AS lead_s
                    FROM (SELECT c.name, c.mu,
                                 'v' || c.rank || '.' || c.d || '.' || g AS version,
                                 (c.rank::bigint * 100000 + c.d) * 100000 + g AS ext_id,
                                 c.day_start + make_interval(secs => CASE WHEN random() < 0.85
                                                                          THEN 8 * 3600 + (random() + random() + random()) / 3 * 10 * 3600
                                                                          ELSE random() * 86400 END) AS started_at,
                                 random() AS env_u, random() AS status_u, random() AS commit_u, random() AS source_u,
                                 'dev-' || (1 + floor(random() * 300))::int AS deployed_by,
                                 md5(c.name || '/' || c.d || '/' || g) || substr(md5(g || '/' || c.d || '/' || c.name), 1, 8) AS commit_sha,
                                 sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z1,
                                 sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z2
                            FROM bench_cells c CROSS JOIN LATERAL generate_series(1, c.cnt) g
                          OFFSET 0) r
                  OFFSET 0) x
           ORDER BY started_at`,
    params: (p) => [p.now],
  },
  { name: 're-create the deployments indexes', run: (db) => recreateDeploymentIndexes(db) },
  {
    name: 'deployments (in flight, last 24 h)',
    sql: `INSERT INTO deployments.deployments
            (service_name, version, environment, status, status_at, source, deployed_by, commit_sha, commit_at, repository, ref,
             github_environment, github_state, started_at, created_at, updated_at)
          SELECT s.name, 'v' || s.rank || '.next.' || g, environment::deployments.deployment_environment, status::deployments.deployment_status,
                 started_at, 'GITHUB', 'dev-' || (1 + floor(random() * 300))::int, md5('next/' || g) || substr(md5(g || '/next'), 1, 8),
                 started_at - make_interval(secs => least(greatest(exp(s.mu + 1.6 * z), 60), 30 * 86400)),
                 'companyos/' || s.name, 'refs/heads/main', lower(environment), lower(status), started_at, started_at, started_at
            FROM (SELECT g, random() AS u, $1::timestamptz - random() * interval '1 day' AS started_at,
                         CASE WHEN random() < 0.4 THEN 'PENDING' ELSE 'IN_PROGRESS' END AS status,
                         CASE WHEN random() < 0.4 THEN 'PRODUCTION' ELSE 'STAGING' END AS environment,
                         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z
                    FROM generate_series(1, $2::int) g OFFSET 0) x
            JOIN bench_services s ON x.u >= s.cum_lo AND x.u < s.cum_hi
           ORDER BY started_at`,
    params: (p) => [p.now, p.inFlight],
  },
  {
    name: 'incidents (attributed)',
    // Half the incidents: a random SUCCEEDED production deployment caused each (weighted by activity),
    // starting after it finished and before the service's next production success (so it is the
    // deployment the app's own attribution would pick), within 6 h; 20 % also affect another service.
    // resolved = started + lognormal (median 45 min, σ 1.2, 1 min … 14 days); unresolved when that is in the future.
    sql: `INSERT INTO deployments.incidents
            (incident_id, number, severity, status, affected_services, started_at, resolved_at, deployment_id, attribution, event_at)
          SELECT gen_random_uuid(), number,
                 CASE WHEN sev_u < 0.03 THEN 'SEV1' WHEN sev_u < 0.15 THEN 'SEV2' WHEN sev_u < 0.50 THEN 'SEV3' ELSE 'SEV4' END,
                 CASE WHEN resolved_at IS NULL THEN 'INVESTIGATING' ELSE 'RESOLVED' END,
                 affected_services, started_at, resolved_at, deployment_id, 'AUTOMATIC', coalesce(resolved_at, started_at)
            FROM (SELECT *, CASE WHEN resolved_raw <= $1::timestamptz THEN resolved_raw END AS resolved_at
                    FROM (SELECT p.id AS deployment_id, row_number() OVER () AS number, random() AS sev_u,
                                 CASE WHEN random() < 0.2
                                      THEN ARRAY[p.service_name, 'service-' || lpad(((s.rank + floor(random() * ($3::int - 1))::int) % $3::int + 1)::text, 3, '0')]
                                      ELSE ARRAY[p.service_name] END AS affected_services,
                                 p.started_at,
                                 p.started_at + make_interval(secs => least(greatest(exp(ln(2700) + 1.2 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())), 60), 14 * 86400)) AS resolved_raw
                            FROM (SELECT id, service_name,
                                         least(finished_at + interval '1 second' + random() * least(coalesce(next_at - finished_at, interval '6 hours'), interval '6 hours'),
                                               $1::timestamptz - interval '1 minute') AS started_at
                                    FROM (SELECT id, service_name, finished_at,
                                                 lead(finished_at) OVER (PARTITION BY service_name ORDER BY finished_at) AS next_at
                                            FROM deployments.deployments WHERE environment = 'PRODUCTION' AND status = 'SUCCEEDED') d
                                   ORDER BY random() LIMIT $2::int) p
                            JOIN bench_services s ON s.name = p.service_name
                          OFFSET 0) r
                  OFFSET 0) x
           ORDER BY started_at`,
    params: (p) => [p.now, Math.floor(p.incidents / 2), p.services],
  },
  {
    name: 'incidents (unattributed)',
    // The other half: no known cause, any time of the DAYS days, services weighted by activity, 20 % on two.
    sql: `INSERT INTO deployments.incidents
            (incident_id, number, severity, status, affected_services, started_at, resolved_at, deployment_id, attribution, event_at)
          SELECT gen_random_uuid(), $4::int + g,
                 CASE WHEN sev_u < 0.03 THEN 'SEV1' WHEN sev_u < 0.15 THEN 'SEV2' WHEN sev_u < 0.50 THEN 'SEV3' ELSE 'SEV4' END,
                 CASE WHEN resolved_at IS NULL THEN 'OPEN' ELSE 'RESOLVED' END,
                 affected_services, started_at, resolved_at, NULL, NULL, coalesce(resolved_at, started_at)
            FROM (SELECT *, CASE WHEN resolved_raw <= $1::timestamptz THEN resolved_raw END AS resolved_at
                    FROM (SELECT x.g, x.sev_u, x.started_at,
                                 CASE WHEN x.two_u < 0.2
                                      THEN ARRAY[s.name, 'service-' || lpad(((s.rank + floor(x.other_u * ($5::int - 1))::int) % $5::int + 1)::text, 3, '0')]
                                      ELSE ARRAY[s.name] END AS affected_services,
                                 x.started_at + make_interval(secs => least(greatest(exp(ln(2700) + 1.2 * x.z), 60), 14 * 86400)) AS resolved_raw
                            FROM (SELECT g, random() AS u, random() AS sev_u, random() AS two_u, random() AS other_u,
                                         $2::timestamptz - random() * make_interval(days => $6::int) AS started_at,
                                         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z
                                    FROM generate_series(1, $3::int) g OFFSET 0) x
                            JOIN bench_services s ON x.u >= s.cum_lo AND x.u < s.cum_hi
                          OFFSET 0) r
                  OFFSET 0) y
           ORDER BY started_at`,
    params: (p) => [p.now, p.today, p.incidents - Math.floor(p.incidents / 2), Math.floor(p.incidents / 2), p.services, p.days],
  },
  { name: 'VACUUM ANALYZE deployments', sql: `VACUUM (ANALYZE) deployments.deployments`, params: () => [] },
  { name: 'VACUUM ANALYZE incidents', sql: `VACUUM (ANALYZE) deployments.incidents`, params: () => [] },
];

/**
 * The primary key, unique constraints and indexes of deployments.deployments
 * as the migration made them: name, kind and the DDL that re-creates it.
 */
async function deploymentIndexes(db: Client): Promise<{ name: string; kind: string; ddl: string }[]> {
  const result = await db.query<{ name: string; kind: string; ddl: string }>(
    `SELECT conname AS name, 'constraint' AS kind,
            format('ALTER TABLE deployments.deployments ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid)) AS ddl
       FROM pg_constraint WHERE conrelid = 'deployments.deployments'::regclass AND contype IN ('p', 'u')
     UNION ALL
     SELECT c.relname, 'index', pg_get_indexdef(i.indexrelid)
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'deployments.deployments'::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY 2, 1`,
  );
  return result.rows;
}

let droppedIndexes: { name: string; kind: string; ddl: string }[] = [];

async function dropDeploymentIndexes(db: Client): Promise<number> {
  droppedIndexes = await deploymentIndexes(db);
  for (const { name, kind } of droppedIndexes) {
    const ident = `"${name.replace(/"/g, '""')}"`;
    await db.query(kind === 'constraint' ? `ALTER TABLE deployments.deployments DROP CONSTRAINT ${ident}` : `DROP INDEX deployments.${ident}`);
  }
  return droppedIndexes.length;
}

/** Re-creates what dropDeploymentIndexes dropped, and checks that the table ends up with exactly the same definitions. */
async function recreateDeploymentIndexes(db: Client): Promise<number> {
  for (const { ddl } of droppedIndexes) await db.query(ddl);
  const now = JSON.stringify(await deploymentIndexes(db));
  if (now !== JSON.stringify(droppedIndexes)) throw new Error(`deployments indexes differ after re-creating them:\n${now}\n≠\n${JSON.stringify(droppedIndexes)}`);
  return droppedIndexes.length;
}

interface SeedParams {
  deployments: number;
  services: number;
  zipf: number;
  days: number;
  inFlight: number;
  incidents: number;
  today: Date;
  now: Date;
}

async function seed(db: Client, params: SeedParams) {
  await db.query(`SET TimeZone = 'UTC'`);
  await db.query(`SET synchronous_commit = off`);
  await db.query(`SET work_mem = '256MB'`);
  await db.query(`SET maintenance_work_mem = '256MB'`);
  await db.query(`SELECT setseed(0.42)`);
  const steps: { step: string; seconds: number; rows: number | null }[] = [];
  const started = performance.now();
  for (const step of SEED_STEPS) {
    const at = performance.now();
    const rows = step.run ? await step.run(db) : (await db.query(step.sql!, step.params?.(params) ?? [])).rowCount;
    steps.push({ step: step.name, seconds: round((performance.now() - at) / 1000, 2), rows });
    console.log(`  seed: ${step.name}: ${steps[steps.length - 1].seconds} s${rows ? ` (${rows} rows)` : ''}`);
  }
  const seconds = round((performance.now() - started) / 1000, 2);

  const one = async <T>(sql: string, values: unknown[] = []) => (await db.query(sql, values)).rows[0] as T;
  const byEnvironment = await db.query(`SELECT environment, count(*)::int AS n FROM deployments.deployments GROUP BY 1 ORDER BY 2 DESC`);
  const byStatus = await db.query(`SELECT status, count(*)::int AS n FROM deployments.deployments GROUP BY 1 ORDER BY 2 DESC`);
  const perService = await db.query<{ service_name: string; n: number; production: number }>(
    `SELECT service_name, count(*)::int AS n, count(*) FILTER (WHERE environment = 'PRODUCTION')::int AS production
       FROM deployments.deployments GROUP BY 1 ORDER BY 2 DESC`,
  );
  const weekday = await one<{ weekday_share: number; working_hours_share: number; null_commit_share: number; lead_p50_hours: number }>(
    `SELECT round(avg((extract(isodow FROM started_at) < 6)::int), 3)::float AS weekday_share,
            round(avg((extract(hour FROM started_at) BETWEEN 8 AND 17)::int), 3)::float AS working_hours_share,
            round(avg((commit_at IS NULL)::int), 3)::float AS null_commit_share,
            round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - commit_at)) / 3600)::numeric, 2)::float AS lead_p50_hours
       FROM deployments.deployments`,
  );
  const incidents = await one<{ total: number; attributed: number; resolved: number; two_services: number; ttr_p50_minutes: number }>(
    `SELECT count(*)::int AS total, count(deployment_id)::int AS attributed, count(resolved_at)::int AS resolved,
            count(*) FILTER (WHERE cardinality(affected_services) = 2)::int AS two_services,
            round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - started_at)) / 60)::numeric, 1)::float AS ttr_p50_minutes
       FROM deployments.incidents`,
  );
  const sizes = await one<{ deployments: string; incidents: string; database: string }>(
    `SELECT pg_size_pretty(pg_total_relation_size('deployments.deployments')) AS deployments,
            pg_size_pretty(pg_total_relation_size('deployments.incidents')) AS incidents,
            pg_size_pretty(pg_database_size(current_database())) AS database`,
  );
  const services = perService.rows;
  return {
    seconds,
    steps,
    deployments: services.reduce((sum, row) => sum + row.n, 0),
    byEnvironment: Object.fromEntries(byEnvironment.rows.map((row) => [row.environment, row.n])),
    byStatus: Object.fromEntries(byStatus.rows.map((row) => [row.status, row.n])),
    services: {
      count: services.length,
      busiest: services.slice(0, 3).map((row) => `${row.service_name}: ${row.n} (${row.production} production)`),
      quietest: services.slice(-3).map((row) => `${row.service_name}: ${row.n} (${row.production} production)`),
      medianPerService: services[Math.floor(services.length / 2)]?.n,
    },
    ...weekday,
    incidents,
    sizes,
  };
}

// ------------------------------------------------------------------ rebuild

interface RebuildRun {
  log: string;
  wallSeconds: number;
  reportedSeconds: number | null;
  reportedRows: number | null;
  days: number | null;
  /** Rows in each rollup table after the rebuild. */
  rollupRows: Record<string, number>;
  cpu: CpuUse;
}

let rebuildChild: ChildProcess | undefined;

/** Rows of every rollup table there is (daily_rollups; monthly_rollups since the monthly rollups). */
async function rollupCounts(db: Client): Promise<Record<string, number>> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'deployments' AND table_name LIKE '%rollups' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) counts[table_name] = Number((await db.query(`SELECT count(*)::int AS n FROM deployments.${table_name}`)).rows[0].n);
  return counts;
}

/** Runs `node dist/apps/deployments/src/rebuild-rollups.js` as operators do; CPU of the child is sampled every 100 ms. */
async function runRebuild(db: Client): Promise<RebuildRun> {
  let childCpu = 0;
  let childPid: number | undefined;
  const probe: CpuProbe = ['rebuild', () => childCpu];
  let output = '';
  const { result, cpu } = await measurePhase(
    db,
    [],
    () =>
      new Promise<{ code: number | null; wallSeconds: number }>((done, fail) => {
        const started = performance.now();
        const child = spawn(process.execPath, [REBUILD_SCRIPT], { cwd: ROOT, env: { ...process.env, ...APP_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
        rebuildChild = child;
        childPid = child.pid;
        const sampler = setInterval(() => {
          const seconds = cpuSeconds(childPid);
          if (Number.isFinite(seconds)) childCpu = seconds;
        }, 100);
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('error', (error) => {
          clearInterval(sampler);
          fail(error);
        });
        child.on('exit', (code) => {
          clearInterval(sampler);
          rebuildChild = undefined;
          done({ code, wallSeconds: (performance.now() - started) / 1000 });
        });
      }),
    [probe],
  );
  if (result.code !== 0) throw new Error(`rebuild-rollups exited with ${result.code}:\n${output.trim()}`);
  const match = /rebuilt (\d+) rollup rows over (\d+) days in ([\d.]+) s/.exec(output);
  const rollupRows = await rollupCounts(db);
  return {
    wallSeconds: round(result.wallSeconds, 2),
    reportedSeconds: match ? Number(match[3]) : null,
    reportedRows: match ? Number(match[1]) : null,
    days: match ? Number(match[2]) : null,
    rollupRows,
    cpu: withOther(cpu, ['rebuild', 'postgres', 'redis', 'benchClient']),
    log: output.trim(),
  };
}

/**
 * Where a rebuild's time goes, without touching the app: the two queries it
 * runs per month (copied from RollupsService.deploymentFacts/incidentFacts),
 * timed from this client (Postgres execution + row transfer + pg's parsing of
 * the rows), and the rollup rows' size.
 */
async function profileRebuildReads(db: Client) {
  const { first, last } = (await db.query(`SELECT min(finished_at) AS first, max(finished_at) AS last FROM deployments.deployments`)).rows[0] as {
    first: Date;
    last: Date;
  };
  let deploymentRows = 0;
  let incidentRows = 0;
  let deploymentMs = 0;
  let incidentMs = 0;
  let months = 0;
  for (let from = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1)); from <= last; ) {
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    let at = performance.now();
    deploymentRows += (await db.query(DEPLOYMENT_FACTS_SQL, [from, to])).rowCount ?? 0;
    deploymentMs += performance.now() - at;
    at = performance.now();
    incidentRows += (await db.query(INCIDENT_FACTS_SQL, [from, to])).rowCount ?? 0;
    incidentMs += performance.now() - at;
    months++;
    from = to;
  }
  const busiestMonth = (await db.query(
    `SELECT date_trunc('month', finished_at) AS month, count(*)::int AS n FROM deployments.deployments WHERE finished_at IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
  )).rows[0] as { month: Date; n: number };
  const monthEnd = new Date(Date.UTC(busiestMonth.month.getUTCFullYear(), busiestMonth.month.getUTCMonth() + 1, 1));
  const plan = await explain(db, DEPLOYMENT_FACTS_SQL, [busiestMonth.month, monthEnd]);
  const size = (await db.query(
    `SELECT pg_size_pretty(pg_total_relation_size('deployments.daily_rollups')) AS daily_table_size,
            pg_size_pretty(coalesce(pg_total_relation_size(to_regclass('deployments.monthly_rollups')), 0)) AS monthly_table_size,
            round(avg(pg_column_size(lead_times)))::int AS lead_times_bytes_avg,
            max(pg_column_size(lead_times)) AS lead_times_bytes_max,
            round(avg((SELECT count(*) FROM jsonb_object_keys(lead_times))))::int AS lead_time_buckets_avg,
            round(avg((SELECT count(*) FROM jsonb_object_keys(lead_times))) FILTER (WHERE service_name = '*' AND environment = 'PRODUCTION'))::int
              AS lead_time_buckets_avg_all_services_production
       FROM deployments.daily_rollups`,
  )).rows[0];
  return {
    months,
    deploymentFactRows: deploymentRows,
    incidentFactRows: incidentRows,
    deploymentFactsSeconds: round(deploymentMs / 1000, 2),
    incidentFactsSeconds: round(incidentMs / 1000, 2),
    busiestMonthDeploymentFacts: { month: busiestMonth.month.toISOString().slice(0, 7), rows: busiestMonth.n, ...plan },
    rollupTable: size,
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a query: its top plan nodes, execution time and buffers. */
async function explain(db: Client, sql: string, values: unknown[]) {
  const [{ 'QUERY PLAN': [plan] }] = (await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, values)).rows as { 'QUERY PLAN': any[] }[];
  const describe = (node: any): string =>
    `${node['Node Type']}${node['Index Name'] ? ` on ${node['Index Name']}` : ''} (rows ${node['Actual Rows']}, ${round(node['Actual Total Time'], 1)} ms)` +
    (node.Plans?.length ? ` ← ${node.Plans.map(describe).join(' + ')}` : '');
  return {
    plan: describe(plan.Plan),
    planningMs: round(plan['Planning Time'], 2),
    executionMs: round(plan['Execution Time'], 2),
    sharedHitBlocks: plan.Plan['Shared Hit Blocks'],
    sharedReadBlocks: plan.Plan['Shared Read Blocks'],
    jit: plan.JIT ? round(plan.JIT.Timing?.Total ?? 0, 1) : null,
  };
}

// ---------------------------------------------------------------- queries

const SNAPSHOT_FIELDS = `from to deployments deploymentsPerDay deploymentDaysPerWeek leadTimeSeconds changeFailureRate timeToRestoreSeconds
      levels { deploymentFrequency leadTime changeFailureRate timeToRestore }`;
const CHANGE = `change improved`;
/** The dashboard's query: every field of doraMetrics. */
const DORA_QUERY = `query DoraDashboard($serviceName: String, $from: DateTime, $to: DateTime, $granularity: DoraGranularity) {
  doraMetrics(serviceName: $serviceName, environment: PRODUCTION, from: $from, to: $to, granularity: $granularity) {
    serviceName environment granularity
    summary { ${SNAPSHOT_FIELDS} }
    previous { ${SNAPSHOT_FIELDS} }
    change {
      deploymentsPerDay { ${CHANGE} } deploymentDaysPerWeek { ${CHANGE} } leadTime { ${CHANGE} }
      changeFailureRate { ${CHANGE} } timeToRestore { ${CHANGE} }
    }
    series { ${SNAPSHOT_FIELDS} }
  }
}`;

interface QueryCase {
  name: string;
  serviceName: string | null;
  from: Date;
  to: Date;
  granularity: DoraGranularity;
}

interface Snapshot {
  from: string;
  to: string;
  deployments: number;
  deploymentsPerDay: number;
  deploymentDaysPerWeek: number;
  leadTimeSeconds: number | null;
  changeFailureRate: number | null;
  timeToRestoreSeconds: number | null;
}

interface DoraReply {
  summary: Snapshot;
  previous: Snapshot;
  series: Snapshot[];
}

function queryCases(today: Date): QueryCase[] {
  const to = new Date(today.getTime() + DAY_MS);
  const yearFrom = new Date(today.getTime() - 365 * DAY_MS);
  const year = (name: string, serviceName: string | null): QueryCase => ({ name, serviceName, from: yearFrom, to, granularity: DoraGranularity.MONTH });
  return [
    year(`busy service (${BUSY_SERVICE}), 366 d by month`, BUSY_SERVICE),
    year(`quiet service (${QUIET_SERVICE}), 366 d by month`, QUIET_SERVICE),
    year('all services, 366 d by month', null),
    { name: 'all services, 30 d by week', serviceName: null, from: new Date(to.getTime() - 30 * DAY_MS), to, granularity: DoraGranularity.WEEK },
  ];
}

const requestBody = (c: QueryCase) =>
  JSON.stringify({
    operationName: 'DoraDashboard',
    query: DORA_QUERY,
    variables: { serviceName: c.serviceName, from: c.from.toISOString(), to: c.to.toISOString(), granularity: c.granularity },
  });

interface HttpRun {
  seconds: number;
  latenciesMs: number[];
  errors: string[];
}

/** POSTs one body `count` times, `concurrency` at a time over keep-alive connections; a reply counts as an error unless it is 200 with data and no errors. */
async function postMany(url: URL, body: string, count: number, concurrency: number, keep?: (reply: DoraReply) => void): Promise<HttpRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  // The subgraph answers only signed requests (as the gateway signs them); a signature is good for one request, so each signs anew.
  const headers = () => ({ 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...subgraphHeaders('deployments', body) });
  const latenciesMs: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const one = () =>
    new Promise<void>((done) => {
      const sent = performance.now();
      const request = http.request(url, { method: 'POST', agent, headers: headers() }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          latenciesMs.push(performance.now() - sent);
          const text = Buffer.concat(chunks).toString();
          try {
            const reply = JSON.parse(text);
            if (response.statusCode !== 200 || reply.errors || !reply.data?.doraMetrics) errors.push(`${response.statusCode}: ${text.slice(0, 300)}`);
            else keep?.(reply.data.doraMetrics);
          } catch {
            errors.push(`${response.statusCode}: ${text.slice(0, 300)}`);
          }
          done();
        });
        response.on('error', (error) => {
          errors.push(error.message);
          done();
        });
      });
      request.on('error', (error) => {
        errors.push(error.message);
        done();
      });
      request.end(body);
    });
  const sender = async () => {
    while (next < count) {
      next++;
      await one();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, sender));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { seconds, latenciesMs, errors };
}

interface LoadFigures {
  requests: number;
  concurrency: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary & { p95: number };
  errors: number;
  cpu: CpuUse;
}

function loadFigures(run: HttpRun, concurrency: number, cpu: CpuUse): LoadFigures {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  return {
    requests: run.latenciesMs.length,
    concurrency,
    requestsPerSecond: round(run.latenciesMs.length / run.seconds, 1),
    latencyMs: { ...latencySummary(run.latenciesMs), p95: round(percentile(sorted, 95)) },
    errors: run.errors.length,
    cpu,
  };
}

/** Adds `otherProcesses`: the machine's busy cores that none of the named processes used. */
function withOther(cpu: CpuUse, names: string[]): CpuUse {
  const machineCores = (cpu.machineBusyPercent / 100) * os.cpus().length;
  const known = names.reduce((sum, name) => sum + (cpu.cores[name] ?? 0), 0);
  return { ...cpu, cores: { ...cpu.cores, otherProcesses: round(machineCores - known) } };
}

/**
 * CPU seconds used by the Postgres backends connected to the bench database
 * (other than `db`'s own), sampled every 100 ms: unlike counting all
 * `postgres` processes at the start and the end, this keeps the work of a
 * backend that exits meanwhile (the rebuild's) and leaves out other
 * databases (other people's tests on the shared server).
 */
class BenchDbBackends {
  private readonly baseline = new Map<number, number>();
  private readonly latest = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;

  constructor(private readonly db: Client) {}

  private async sample(initial: boolean): Promise<void> {
    const { rows } = await this.db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    for (const { pid } of rows) {
      const seconds = cpuSeconds(pid);
      if (!Number.isFinite(seconds)) continue;
      if (!this.baseline.has(pid)) this.baseline.set(pid, initial ? seconds : 0);
      this.latest.set(pid, seconds);
    }
  }

  async start(): Promise<void> {
    await this.sample(true);
    this.timer = setInterval(() => {
      if (!this.sampling) this.sampling = this.sample(false).catch(() => undefined).finally(() => (this.sampling = undefined));
    }, 100);
  }

  /** CPU seconds since start(). */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample(false);
    let total = 0;
    for (const [pid, seconds] of this.latest) total += seconds - (this.baseline.get(pid) ?? 0);
    return total;
  }
}

/** measureCpu, plus `benchDbBackends`: the cores the bench database's own Postgres backends used. */
async function measurePhase<T>(db: Client, apps: AppProcess[], work: () => Promise<T>, extraProbes: CpuProbe[] = []) {
  const backends = new BenchDbBackends(db);
  await backends.start();
  const started = performance.now();
  const measured = await measureCpu(apps, work, extraProbes);
  const seconds = (performance.now() - started) / 1000;
  measured.cpu.cores.benchDbBackends = round((await backends.stop()) / seconds);
  return measured;
}

// ---------------------------------------------------------------- in-process

/** One query DoraService ran, as it ran it. */
interface CapturedQuery {
  sql: string;
  params: unknown[];
  start: number;
  end: number;
  result: unknown;
}

/**
 * DoraService.metrics called directly (no HTTP, no GraphQL), and its time
 * split into the rollup read and the rest. The queries are the service's own:
 * the DataSource's query() is wrapped to see each one the service runs, so
 * this follows the service when its SQL changes.
 */
async function inProcess(cases: QueryCase[], db: Client) {
  const config = loadPlatformConfig('deployments-bench', 4999, { ...APP_ENV });
  @Module({
    imports: [PlatformModule.forRoot(config, [deploymentsConfig]), DatabaseModule.forRoot(DEPLOYMENTS_ENTITIES)],
    providers: [DoraService],
  })
  class DoraBenchModule {}
  const app = await NestFactory.createApplicationContext(DoraBenchModule, { logger: ['error', 'warn'] });
  try {
    const dora = app.get(DoraService);
    const dataSource = app.get(DataSource);
    let captured: CapturedQuery[] = [];
    const query = dataSource.query.bind(dataSource);
    Object.assign(dataSource, {
      query: async (sql: string, params?: unknown[], runner?: never) => {
        const start = performance.now();
        const result = await query(sql, params, runner);
        captured.push({ sql, params: params ?? [], start, end: performance.now(), result });
        return result;
      },
    });
    const sorted = (ms: number[]) => [...ms].sort((a, b) => a - b);
    const p50 = (ms: number[]) => round(percentile(sorted(ms), 50));
    const results: Record<string, unknown> = {};
    for (const c of cases) {
      const args = { serviceName: c.serviceName, environment: 'PRODUCTION' as const, from: c.from, to: c.to, granularity: c.granularity };
      for (let i = 0; i < WARMUP; i++) await dora.metrics(args);
      const totalMs: number[] = [];
      const readMs: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        captured = [];
        const start = performance.now();
        await dora.metrics(args);
        totalMs.push(performance.now() - start);
        // From the first query sent to the last result parsed (the service may run them side by side).
        readMs.push(captured.length ? Math.max(...captured.map((q) => q.end)) - Math.min(...captured.map((q) => q.start)) : 0);
      }
      const queries = captured;
      const rows = queries.flatMap((q) => (Array.isArray(q.result) ? (q.result as Record<string, unknown>[]) : []));
      // The jsonb values (sketches) as text, to time JSON.parse on them alone.
      const sketches = rows.flatMap((row) => Object.values(row).filter((value) => value !== null && typeof value === 'object').map((value) => JSON.stringify(value)));
      const parseMs: number[] = [];
      for (let i = 0; i < 50; i++) {
        const start = performance.now();
        for (const text of sketches) JSON.parse(text);
        parseMs.push(performance.now() - start);
      }
      // EXPLAIN ANALYZE does not turn results into text; wrapping the query makes the server do it (jsonb_out) and send one number.
      const serverTextMs: number[] = [];
      for (let i = 0; i < 5; i++) {
        let ms = 0;
        for (const q of queries) ms += (await explain(db, `SELECT sum(octet_length(q::text)) FROM (${q.sql}) q`, q.params)).executionMs;
        serverTextMs.push(ms);
      }
      const plans = [];
      for (const q of queries) plans.push({ rows: Array.isArray(q.result) ? q.result.length : null, ...(await explain(db, q.sql, q.params)) });
      const readP50 = p50(readMs);
      results[c.name] = {
        metricsMs: { ...latencySummary(totalMs), p95: round(percentile(sorted(totalMs), 95)) },
        queries: queries.length,
        rollupRowsRead: rows.length,
        sketchJsonBytes: sketches.reduce((sum, text) => sum + text.length, 0),
        breakdownP50Ms: {
          read: readP50,
          serverScan: round(plans.reduce((sum, plan) => sum + plan.executionMs, 0)),
          serverRowsToText: p50(serverTextMs),
          jsonParse: p50(parseMs),
          restAfterRead: round(p50(totalMs) - readP50),
        },
        plans,
      };
    }
    return results;
  } finally {
    await app.close();
  }
}

// ------------------------------------------------------------- correctness

interface Truth {
  /** Successful deployments (deployment frequency). */
  deployments: number;
  /** Finished deployments (the change failure rate's denominator). */
  finished: number;
  failures: number;
  deploymentDays: number;
  leadTimeMedian: number | null;
  incidentsResolved: number;
  restoreMedian: number | null;
}

/** The period's figures straight from the raw tables, by DoraService's rules (dora-metrics.rules.ts tallyOf), production only. */
async function truthOf(db: Client, c: QueryCase): Promise<Truth> {
  const deployments = (await db.query(
    `SELECT count(*) FILTER (WHERE d.status = 'SUCCEEDED')::int AS deployments, count(*)::int AS finished,
            count(*) FILTER (WHERE d.status <> 'SUCCEEDED'
                               OR EXISTS (SELECT 1 FROM deployments.incidents i WHERE i.deployment_id = d.id))::int AS failures,
            count(DISTINCT (d.finished_at AT TIME ZONE 'UTC')::date) FILTER (WHERE d.status = 'SUCCEEDED')::int AS deployment_days,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.finished_at - d.commit_at))
              FILTER (WHERE d.status = 'SUCCEEDED' AND d.commit_at IS NOT NULL AND d.finished_at >= d.commit_at) AS lead_median
       FROM deployments.deployments d
      WHERE d.environment = 'PRODUCTION' AND d.status IN ('SUCCEEDED', 'FAILED', 'ROLLED_BACK')
        AND d.finished_at >= $1 AND d.finished_at < $2 AND ($3::text IS NULL OR d.service_name = $3)`,
    [c.from, c.to, c.serviceName],
  )).rows[0];
  const incidents = (await db.query(
    `SELECT count(*)::int AS resolved,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - started_at)) AS restore_median
       FROM deployments.incidents
      WHERE resolved_at >= $1 AND resolved_at < $2 AND resolved_at >= started_at AND ($3::text IS NULL OR $3 = ANY(affected_services))`,
    [c.from, c.to, c.serviceName],
  )).rows[0];
  const num = (value: unknown) => (value === null ? null : Number(value));
  return {
    deployments: deployments.deployments,
    finished: deployments.finished,
    failures: deployments.failures,
    deploymentDays: deployments.deployment_days,
    leadTimeMedian: num(deployments.lead_median),
    incidentsResolved: incidents.resolved,
    restoreMedian: num(incidents.restore_median),
  };
}

function compare(c: QueryCase, reply: DoraReply, truth: Truth) {
  const s = reply.summary;
  const days = (c.to.getTime() - c.from.getTime()) / DAY_MS;
  const rows: { figure: string; api: number | null; sql: number | null; rule: string; ok: boolean }[] = [];
  const exact = (figure: string, api: number | null, sql: number | null) => rows.push({ figure, api, sql, rule: 'exact', ok: api === sql });
  const close = (figure: string, api: number | null, sql: number | null, tolerance: number) =>
    rows.push({
      figure,
      api,
      sql,
      rule: `within ${tolerance * 100} %`,
      ok: api === null || sql === null ? api === sql : Math.abs(api - sql) <= tolerance * Math.abs(sql),
    });
  exact('deployments', s.deployments, truth.deployments);
  // failures and deployment days are not in the reply itself, but exact counts come back from its ratios.
  exact('failures (rate × finished)', s.changeFailureRate === null ? null : Math.round(s.changeFailureRate * truth.finished), truth.failures);
  exact('deployment days (per week × weeks)', Math.round((s.deploymentDaysPerWeek * days) / 7), truth.deploymentDays);
  close('change failure rate', s.changeFailureRate, truth.finished ? truth.failures / truth.finished : null, 1e-12);
  close('deployment days per week', s.deploymentDaysPerWeek, truth.deploymentDays / (days / 7), 1e-12);
  close('deployments per day', s.deploymentsPerDay, truth.deployments / days, 1e-12);
  close('median lead time s', s.leadTimeSeconds, truth.leadTimeMedian, MEDIAN_TOLERANCE);
  close('median time to restore s', s.timeToRestoreSeconds, truth.restoreMedian, MEDIAN_TOLERANCE);
  exact('series deployments add up', reply.series.reduce((sum, bucket) => sum + bucket.deployments, 0), truth.deployments);
  return { case: c.name, ok: rows.every((row) => row.ok), incidentsResolved: truth.incidentsResolved, rows };
}

// --------------------------------------------------------------------- main

async function main(apps: AppProcess[]): Promise<number> {
  const failures: string[] = [];
  const loadAverageAtStart = os.loadavg().map((value) => round(value));
  const now = new Date();
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const cases = queryCases(today);
  const db = new Client({ connectionString: DATABASE_URL });
  let dbConnected = false;
  const results: Record<string, any> = {
    date: now.toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageAtStart,
    settings: {
      deployments: DEPLOYMENTS,
      services: SERVICES,
      days: DAYS,
      incidents: INCIDENTS,
      inFlight: IN_FLIGHT,
      zipfExponent: ZIPF_EXPONENT,
      rebuilds: REBUILDS,
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      warmup: WARMUP,
    },
  };
  console.log(
    `dora-query bench: ${DEPLOYMENTS} deployments over ${DAYS} days, ${SERVICES} services, ${INCIDENTS} incidents; ` +
      `${REBUILDS} rebuilds; ${REQUESTS} requests per case (and ${REQUESTS} at concurrency ${CONCURRENCY}); load average ${loadAverageAtStart.join(' ')}`,
  );
  try {
    let at = performance.now();
    await createBenchDatabase(DATABASE);
    results.migrateSeconds = round((performance.now() - at) / 1000, 2);
    await db.connect();
    dbConnected = true;

    console.log('seeding…');
    at = performance.now();
    // The seed runs on db's own backend (`seedBackend`, part of `postgres`; parallel index builds add workers).
    const seedBackend = Number((await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    const seeded = await measureCpu(
      [],
      () => seed(db, { deployments: DEPLOYMENTS, services: SERVICES, zipf: ZIPF_EXPONENT, days: DAYS, inFlight: IN_FLIGHT, incidents: INCIDENTS, today, now }),
      [['seedBackend', () => cpuSeconds(seedBackend)]],
    );
    results.seed = { ...seeded.result, cpu: withOther(seeded.cpu, ['postgres', 'redis', 'benchClient']), loadAverageAfter: os.loadavg().map((v) => round(v)) };

    console.log('rebuilding rollups…');
    const runs: RebuildRun[] = [];
    for (let i = 0; i < REBUILDS; i++) {
      const run = await runRebuild(db);
      runs.push(run);
      console.log(
        `  rebuild ${i + 1}: ${run.wallSeconds} s wall (reported ${run.reportedSeconds} s), rollup rows ${JSON.stringify(run.rollupRows)}, machine ${run.cpu.machineBusyPercent}% busy`,
      );
    }
    results.rebuild = { runs, loadAverageAfter: os.loadavg().map((v) => round(v)) };
    results.rebuild.readProfile = await profileRebuildReads(db);

    console.log('starting the deployments app (ROLE=api)…');
    const app = await new AppProcess('deployments', await freePort(), { ...APP_ENV, ROLE: 'api' }).start();
    apps.push(app);
    const url = new URL('/graphql', app.url);
    const httpResults: Record<string, unknown> = {};
    const replies = new Map<string, DoraReply>();
    for (const c of cases) {
      const body = requestBody(c);
      const warm = await postMany(url, body, WARMUP, 1, (reply) => replies.set(c.name, reply));
      if (warm.errors.length) {
        failures.push(`${c.name}: ${warm.errors.length} failed warm-up requests, first: ${warm.errors[0]}`);
        continue;
      }
      const sequential = await measurePhase(db, [app], () => postMany(url, body, REQUESTS, 1));
      const concurrent = await measurePhase(db, [app], () => postMany(url, body, REQUESTS, CONCURRENCY));
      for (const run of [sequential.result, concurrent.result]) {
        if (run.errors.length) failures.push(`${c.name}: ${run.errors.length} failed requests, first: ${run.errors[0]}`);
      }
      const names = ['deployments', 'postgres', 'redis', 'benchClient'];
      httpResults[c.name] = {
        sequential: loadFigures(sequential.result, 1, withOther(sequential.cpu, names)),
        concurrent: loadFigures(concurrent.result, CONCURRENCY, withOther(concurrent.cpu, names)),
        responseBytes: Buffer.byteLength(JSON.stringify(replies.get(c.name))),
      };
      const f = httpResults[c.name] as { sequential: LoadFigures; concurrent: LoadFigures };
      console.log(
        `  ${c.name}: sequential p50 ${f.sequential.latencyMs.p50} ms (${f.sequential.requestsPerSecond}/s), ` +
          `concurrency ${CONCURRENCY} p50 ${f.concurrent.latencyMs.p50} ms (${f.concurrent.requestsPerSecond}/s)`,
      );
    }
    results.http = httpResults;
    results.http_loadAverageAfter = os.loadavg().map((v) => round(v));
    printAppProblems([app]);
    await app.stop();
    apps.splice(apps.indexOf(app), 1);

    console.log('in-process (DoraService.metrics)…');
    results.inProcess = await inProcess(cases, db);

    console.log('checking the figures against the raw tables…');
    const correctness = [];
    for (const c of cases) {
      const reply = replies.get(c.name);
      if (!reply) continue;
      const check = compare(c, reply, await truthOf(db, c));
      correctness.push(check);
      if (!check.ok) failures.push(`${c.name}: ${check.rows.filter((row) => !row.ok).map((row) => `${row.figure} api ${row.api} ≠ sql ${row.sql}`).join('; ')}`);
    }
    results.correctness = correctness;

    const rebuildWorst = Math.max(...runs.map((run) => run.wallSeconds));
    const p50s = Object.fromEntries(Object.entries(httpResults).map(([name, figures]) => [name, (figures as { sequential: LoadFigures }).sequential.latencyMs.p50]));
    results.goal = {
      p50Ms: GOAL_P50_MS,
      rebuildSeconds: GOAL_REBUILD_SECONDS,
      sequentialP50Ms: p50s,
      p50Met: Object.values(p50s).every((p50) => p50 < GOAL_P50_MS),
      rebuildWorstWallSeconds: rebuildWorst,
      rebuildMet: rebuildWorst < GOAL_REBUILD_SECONDS,
    };
    results.loadAverageAtEnd = os.loadavg().map((v) => round(v));
    print(results, cases);
  } catch (error) {
    failures.push((error as Error).stack ?? String(error));
  } finally {
    if (rebuildChild) rebuildChild.kill('SIGKILL');
    printAppProblems(apps);
    await Promise.allSettled([...apps].reverse().map((app) => app.stop()));
    if (dbConnected) await db.end().catch(() => undefined);
    await removeQueueKeys(QUEUE_PREFIX)
      .then((removed) => console.log(`removed ${removed} Redis keys under ${QUEUE_PREFIX}:*`))
      .catch((error: Error) => failures.push(`could not remove Redis keys under ${QUEUE_PREFIX}:*: ${error.message}`));
    if (KEEP_DATABASE) console.log(`kept the database ${DATABASE} (BENCH_KEEP_DATABASE=1)`);
    else {
      await adminQuery(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`, PG_SERVER)
        .then(() => console.log(`dropped the database ${DATABASE}`))
        .catch((error: Error) => failures.push(`could not drop ${DATABASE}: ${error.message}`));
    }
  }
  results.ok = failures.length === 0;
  results.failures = failures;
  writeResults(RESULTS_FILE, results);
  console.log(`\nwritten to ${RESULTS_FILE}`);
  if (failures.length) console.error(`\nFAILED:\n- ${failures.join('\n- ')}`);
  return failures.length ? 1 : 0;
}

function print(results: Record<string, any>, cases: QueryCase[]) {
  const ms = (l: LatencySummary & { p95: number }) => `p50 ${l.p50}  p95 ${l.p95}  p99 ${l.p99}  max ${l.max}`;
  const cores = ({ cores: c, machineBusyPercent }: CpuUse) =>
    Object.entries(c)
      .map(([name, value]) => `${name} ${value}`)
      .join(', ') + ` (machine ${machineBusyPercent}% busy)`;
  const seed = results.seed;
  console.log(`\nDORA dashboard read path — ${results.cpus} CPU, node ${results.node}\n`);
  const rows: [string, string | number][] = [
    ['load average at start', `${results.loadAverageAtStart.join(' ')} (other work on the machine skews every figure)`],
    ['migrate s', results.migrateSeconds],
    ['seed s', `${seed.seconds} (${seed.steps.map((s: { step: string; seconds: number }) => `${s.step} ${s.seconds}`).join(', ')})`],
    ['deployments', `${seed.deployments}: ${JSON.stringify(seed.byEnvironment)} ${JSON.stringify(seed.byStatus)}`],
    ['services', `${seed.services.count}; busiest ${seed.services.busiest.join(', ')}; quietest ${seed.services.quietest.join(', ')}`],
    ['shape', `weekday ${seed.weekday_share}, 08–18 UTC ${seed.working_hours_share}, no commit ${seed.null_commit_share}, lead p50 ${seed.lead_p50_hours} h`],
    ['incidents', JSON.stringify(seed.incidents)],
    ['sizes', JSON.stringify(seed.sizes)],
  ];
  results.rebuild.runs.forEach((run: RebuildRun, i: number) =>
    rows.push([`rebuild ${i + 1} s`, `${run.wallSeconds} wall, ${run.reportedSeconds} reported; rows ${JSON.stringify(run.rollupRows)}; ${cores(run.cpu)}`]),
  );
  const profile = results.rebuild.readProfile;
  rows.push([
    'rebuild fact reads',
    `${profile.deploymentFactsSeconds} s for ${profile.deploymentFactRows} deployment rows, ${profile.incidentFactsSeconds} s for ${profile.incidentFactRows} incident rows`,
  ]);
  rows.push(['busiest month read plan', `${profile.busiestMonthDeploymentFacts.executionMs} ms: ${profile.busiestMonthDeploymentFacts.plan}`]);
  rows.push(['rollup table', JSON.stringify(profile.rollupTable)]);
  for (const c of cases) {
    const figures = results.http?.[c.name];
    if (!figures) continue;
    rows.push([`HTTP ${c.name}, sequential`, `${ms(figures.sequential.latencyMs)}  ${figures.sequential.requestsPerSecond}/s`]);
    rows.push([`HTTP ${c.name}, concurrency ${CONCURRENCY}`, `${ms(figures.concurrent.latencyMs)}  ${figures.concurrent.requestsPerSecond}/s`]);
    rows.push([`  CPU (concurrency ${CONCURRENCY})`, cores(figures.concurrent.cpu)]);
    const inProc = results.inProcess?.[c.name];
    if (inProc) {
      const b = inProc.breakdownP50Ms;
      rows.push([
        `in-process ${c.name}`,
        `${ms(inProc.metricsMs)}; ${inProc.queries} queries, ${inProc.rollupRowsRead} rollup rows, ${inProc.sketchJsonBytes} B of sketch JSON`,
      ]);
      rows.push([
        '  p50 breakdown ms',
        `read ${b.read} (server: scan ${b.serverScan}, rows to text ${b.serverRowsToText}; JSON.parse ${b.jsonParse}), rest ${b.restAfterRead}`,
      ]);
      rows.push(['  plans', inProc.plans.map((plan: { plan: string }) => plan.plan).join(' | ')]);
    }
  }
  for (const check of results.correctness ?? []) {
    rows.push([
      `check ${check.case}`,
      `${check.ok ? 'OK' : 'MISMATCH'}: ` + check.rows.map((row: any) => `${row.figure} ${row.api} vs ${row.sql}${row.ok ? '' : ' ✗'}`).join('; '),
    ]);
  }
  const goal = results.goal;
  rows.push([
    'goal: p50 < 50 ms, rebuild < 60 s',
    `p50 ${goal.p50Met ? 'MET' : 'NOT MET'} (${Object.values(goal.sequentialP50Ms).join(' / ')} ms), rebuild ${goal.rebuildMet ? 'MET' : 'NOT MET'} (worst ${goal.rebuildWorstWallSeconds} s)`,
  ]);
  rows.push(['load average at end', results.loadAverageAtEnd.join(' ')]);
  printTable(rows);
}

// Ctrl-C: do not leave the apps or a rebuild running.
process.once('exit', () => rebuildChild?.kill('SIGKILL'));
runBench(main);
