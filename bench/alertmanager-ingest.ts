/**
 * Benchmark of Alertmanager ingestion: how fast the gateway accepts
 * Alertmanager notifications of 100 alerts each (HTTP 202), and how fast the
 * alerts worker gets every alert into `alerts.alerts`. Goal: 1,000,000 alerts
 * a minute (≈16,700/s) end to end with a p99 accept latency under 50 ms on the
 * 2-core development machine. See bench/README.md.
 *
 *   npm run build && npm run bench:alerts
 *
 * Self-contained: its own database (companyos_bench_alerts), its own BullMQ
 * key prefix in the shared Redis (removed at the end), both apps spawned as
 * child processes on free ports and stopped at the end, whatever happens.
 */
import { alertmanagerExample, AppProcess, freePort } from '@companyos/testing';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import {
  countRows,
  cpuSeconds,
  CpuUse,
  createBenchDatabase,
  Delivery,
  intEnv,
  latencySummary,
  LatencySummary,
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

// ---------------------------------------------------------------- settings

const REQUESTS = intEnv('BENCH_REQUESTS', 2000);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 16);
const ALERTS_PER_REQUEST = intEnv('BENCH_ALERTS_PER_REQUEST', 100);
const WORKER_CONCURRENCY = intEnv('BENCH_WORKER_CONCURRENCY', 8);
const E2E_TIMEOUT_MS = intEnv('BENCH_TIMEOUT_MS', 300_000);
const WARMUP = 50;

/** The goal: 1,000,000 alerts a minute end to end, p99 accept latency under 50 ms. */
const GOAL_ALERTS_PER_SECOND = 16_700;
const GOAL_P99_MS = 50;

const RESULTS_FILE = resultsPath('alertmanager-ingest.json');
const DATABASE = 'companyos_bench_alerts';
const DATABASE_URL = `${PG_SERVER}/${DATABASE}`;
const QUEUE_PREFIX = `bench-alerts-${randomBytes(4).toString('hex')}`;
const TOKEN = 'bench-alertmanager-token';
const WEBHOOK_PATH = '/api/companyos/prometheus-webhook';
const TABLE = 'alerts.alerts';
/**
 * Polled while waiting: a notification's row here commits in the same
 * transaction as its alerts, so processed notifications × alerts per request
 * is the number of alerts in Postgres — without counting a growing table of
 * alerts every 50 ms (which cost Postgres ~0.1 core). The final count is exact.
 */
const POLL_TABLE = 'alerts.processed_messages';

// ----------------------------------------------------------- notifications

/**
 * Notification number `seq` (0-based, warm-up first): the real Alertmanager
 * 0.25 body of `alertmanagerExample('firing')`, its one alert replaced by
 * `ALERTS_PER_REQUEST` warning alerts cloned from it. Alert n of the whole run
 * has `instance: host-<n>` and its own fingerprint, so every alert is a new
 * row and every body (hence every delivery key) is distinct. Each
 * notification is its own group (its own groupKey), as if routed by batch.
 */
function makeNotification(template: Record<string, any>, seq: number): Delivery {
  const first = template.alerts[0];
  const { alertname, service } = first.labels as Record<string, string>;
  const alerts = Array.from({ length: ALERTS_PER_REQUEST }, (_, i) => {
    const labels = { alertname, instance: `host-${seq * ALERTS_PER_REQUEST + i + 1}`, service, severity: 'warning' };
    return {
      ...first,
      status: 'firing',
      labels,
      startsAt: first.startsAt, // one fixed timestamp, captured from the real Alertmanager
      endsAt: '0001-01-01T00:00:00Z',
      // 16 hex digits, as Alertmanager sends; distinct per label set.
      fingerprint: createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16),
    };
  });
  const payload = {
    ...template,
    status: 'firing',
    alerts,
    commonLabels: { alertname, service, severity: 'warning' },
    groupKey: String(template.groupKey).replace(/^\{\}:/, `{}/{bench_batch="${seq}"}:`),
    truncatedAlerts: 0,
  };
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    },
  };
}

// --------------------------------------------------------------------- main

/**
 * Adds `otherProcesses`: the machine's busy cores that none of the measured
 * processes used (other work on the machine, the kernel).
 */
function withOther(cpu: CpuUse): CpuUse {
  const { gateway, alerts, postgres, redis, benchClient } = cpu.cores;
  const machineCores = (cpu.machineBusyPercent / 100) * os.cpus().length;
  return { ...cpu, cores: { ...cpu.cores, otherProcesses: round(machineCores - (gateway + alerts + postgres + redis + benchClient)) } };
}

/** Time-weighted CPU use of two consecutive phases. */
function combineCpu(a: CpuUse, aSeconds: number, b: CpuUse, bSeconds: number): CpuUse {
  const total = aSeconds + bSeconds;
  const weigh = (x: number, y: number) => round((x * aSeconds + y * bSeconds) / total);
  const cores: Record<string, number> = {};
  for (const name of Object.keys(a.cores)) cores[name] = weigh(a.cores[name], b.cores[name] ?? 0);
  return { cores, machineBusyPercent: round((a.machineBusyPercent * aSeconds + b.machineBusyPercent * bSeconds) / total, 1) };
}

async function main(apps: AppProcess[]): Promise<number> {
  const failures: string[] = [];
  const db = new Client({ connectionString: DATABASE_URL });
  let dbConnected = false;
  const loadAverageAtStart = os.loadavg();
  const total = REQUESTS * ALERTS_PER_REQUEST;
  const warmupAlerts = WARMUP * ALERTS_PER_REQUEST;
  console.log(
    `alertmanager-ingest bench: ${REQUESTS} requests × ${ALERTS_PER_REQUEST} alerts = ${total} alerts, ` +
      `concurrency ${CONCURRENCY}, worker concurrency ${WORKER_CONCURRENCY}, queue prefix ${QUEUE_PREFIX}`,
  );
  try {
    await createBenchDatabase(DATABASE);
    await db.connect();
    dbConnected = true;
    const pollerBackendPid = Number((await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);

    const alertsPort = await freePort();
    const shared = { DATABASE_URL, REDIS_URL, QUEUE_PREFIX, NODE_ENV: 'production', LOG_LEVEL: 'warn' };
    apps.push(await new AppProcess('alerts', alertsPort, { ...shared, ROLE: 'all', WORKER_CONCURRENCY: String(WORKER_CONCURRENCY) }).start());
    apps.push(
      await new AppProcess('gateway', await freePort(), {
        ...shared,
        SUBGRAPH_ALERTS_URL: `http://127.0.0.1:${alertsPort}/graphql`,
        // Not running: warning alerts involve no incident.
        SUBGRAPH_INCIDENTS_URL: `http://127.0.0.1:${await freePort()}/graphql`,
        GITHUB_WEBHOOK_SECRET: 'bench-secret-123',
        ALERTMANAGER_WEBHOOK_TOKEN: TOKEN,
      }).start(),
    );
    const url = new URL(WEBHOOK_PATH, apps[1].url);

    // Bodies are built before any timing starts.
    const template = alertmanagerExample('firing');
    const warmup = Array.from({ length: WARMUP }, (_, i) => makeNotification(template, i));
    const notifications = Array.from({ length: REQUESTS }, (_, i) => makeNotification(template, WARMUP + i));
    const payloadBytes = Buffer.byteLength(notifications[0].body);

    console.log(`warm-up: ${WARMUP} requests (${warmupAlerts} alerts)`);
    const warm = await runLoad(url, warmup, CONCURRENCY);
    if (warm.non202) failures.push(`warm-up: ${warm.non202} non-202 replies ${JSON.stringify(warm.statuses)}`);
    await waitForCount(db, POLL_TABLE, WARMUP, E2E_TIMEOUT_MS, 'processed notifications');

    console.log(`measured run: ${REQUESTS} requests (${total} alerts)`);
    const progress: [seconds: number, alerts: number][] = [];
    const extraProbes: [string, () => number][] = [['countPoll', () => cpuSeconds(pollerBackendPid)]];
    const started = performance.now();
    const allAlerts = waitForCount(db, POLL_TABLE, WARMUP + REQUESTS, E2E_TIMEOUT_MS, 'processed notifications', (count, at) =>
      progress.push([round((at - started) / 1000, 3), (count - WARMUP) * ALERTS_PER_REQUEST]),
    );
    allAlerts.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile

    const acceptPhase = await measureCpu(apps, () => runLoad(url, notifications, CONCURRENCY), extraProbes);
    const lastAccept = performance.now();
    const load = acceptPhase.result;
    const alertsWhenAccepted = ((await countRows(db, POLL_TABLE)) - WARMUP) * ALERTS_PER_REQUEST;
    const drainPhase = await measureCpu(
      apps,
      async () => {
        try {
          return await allAlerts;
        } catch (error) {
          failures.push((error as Error).message);
          return undefined;
        }
      },
      extraProbes,
    );
    const lastAlert = drainPhase.result;
    if (load.non202) failures.push(`measured run: ${load.non202} non-202 replies ${JSON.stringify(load.statuses)}`);
    if ((load.outcomes.accepted ?? 0) !== REQUESTS) failures.push(`measured run outcomes ${JSON.stringify(load.outcomes)}`);

    const acceptSeconds = (lastAccept - started) / 1000;
    const drainSeconds = ((lastAlert ?? performance.now()) - lastAccept) / 1000;
    const e2eSeconds = lastAlert === undefined ? NaN : (lastAlert - started) / 1000;
    const storedAlerts = (await countRows(db, TABLE)) - warmupAlerts;
    const storedDeliveries = (await countRows(db, 'ingest.deliveries')) - WARMUP;
    if (storedAlerts !== total) failures.push(`${storedAlerts} alerts in ${TABLE}, expected ${total}`);
    if (storedDeliveries !== REQUESTS) failures.push(`${storedDeliveries} stored deliveries, expected ${REQUESTS}`);
    const acceptCpu = withOther(acceptPhase.cpu);
    const drainCpu = withOther(drainPhase.cpu);
    const e2eCpu = combineCpu(acceptCpu, acceptSeconds, drainCpu, drainSeconds);

    const latencyMs = latencySummary(load.latenciesMs);
    const e2eAlertsPerSecond = round(total / e2eSeconds, 1);
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadAverageAtStart: loadAverageAtStart.map((value) => round(value)),
      requests: REQUESTS,
      alertsPerRequest: ALERTS_PER_REQUEST,
      alerts: total,
      concurrency: CONCURRENCY,
      workerConcurrency: WORKER_CONCURRENCY,
      warmupRequests: WARMUP,
      payloadBytes,
      accept: {
        seconds: round(acceptSeconds, 3),
        acceptedRequestsPerSecond: round((load.statuses['202'] ?? 0) / load.seconds, 1),
        acceptedAlertsPerSecond: round(((load.statuses['202'] ?? 0) * ALERTS_PER_REQUEST) / load.seconds, 1),
        non202: load.non202,
        statuses: load.statuses,
        outcomes: load.outcomes,
        latencyMs,
        alertsStoredMeanwhilePerSecond: round(alertsWhenAccepted / acceptSeconds, 1),
        cpu: acceptCpu,
      },
      endToEnd: {
        alerts: total,
        storedAlerts,
        storedDeliveries,
        totalSeconds: round(e2eSeconds, 3),
        alertsPerSecond: e2eAlertsPerSecond,
        alertsWhenLastAccepted: alertsWhenAccepted,
        drainSecondsAfterLastAccept: lastAlert === undefined ? null : round(drainSeconds, 3),
        drainAlertsPerSecond: lastAlert === undefined ? null : round((total - alertsWhenAccepted) / drainSeconds, 1),
        cpu: e2eCpu,
        drainCpu,
        /** [seconds since the first request, alerts in Postgres], about one a second. */
        progress: thin(progress, 1),
      },
      goal: {
        alertsPerSecond: GOAL_ALERTS_PER_SECOND,
        p99Ms: GOAL_P99_MS,
        endToEndRatio: round(e2eAlertsPerSecond / GOAL_ALERTS_PER_SECOND, 3),
        p99Ratio: round(latencyMs.p99 / GOAL_P99_MS, 2),
        met: e2eAlertsPerSecond >= GOAL_ALERTS_PER_SECOND && latencyMs.p99 < GOAL_P99_MS,
      },
      ok: failures.length === 0,
      failures,
    };

    writeResults(RESULTS_FILE, results);

    const ms = (l: LatencySummary) => `p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  max ${l.max}`;
    const cores = ({ cores: c, machineBusyPercent }: CpuUse) =>
      `gateway ${c.gateway}, alerts ${c.alerts}, postgres ${c.postgres} (count(*) poll ${c.countPoll}), ` +
      `redis ${c.redis}, client ${c.benchClient}, other ${c.otherProcesses} (machine ${machineBusyPercent}% busy)`;
    console.log(
      `\nAlertmanager ingestion — ${results.cpus} CPU, node ${results.node}, ${payloadBytes}-byte notifications of ${ALERTS_PER_REQUEST} warning alerts\n`,
    );
    printTable([
      ['requests × concurrency', `${REQUESTS} × ${CONCURRENCY} (after ${WARMUP} warm-up), worker concurrency ${WORKER_CONCURRENCY}`],
      ['load average at start', `${results.loadAverageAtStart.join(' ')} (other work on the machine skews every figure)`],
      ['accepted (202) requests/s', results.accept.acceptedRequestsPerSecond],
      ['accepted alerts/s', results.accept.acceptedAlertsPerSecond],
      ['accept latency ms', ms(latencyMs)],
      ['non-202 replies', results.accept.non202],
      ['end-to-end alerts/s', e2eAlertsPerSecond],
      ['end-to-end total s', results.endToEnd.totalSeconds],
      ['alerts when last accepted', `${alertsWhenAccepted} of ${total} (${results.accept.alertsStoredMeanwhilePerSecond}/s while accepting)`],
      ['drain after last accept s', `${results.endToEnd.drainSecondsAfterLastAccept} (${results.endToEnd.drainAlertsPerSecond} alerts/s)`],
      ['CPU cores, accepting', cores(acceptCpu)],
      ['CPU cores, draining', cores(drainCpu)],
      ['CPU cores, end to end', cores(e2eCpu)],
      ['alerts / deliveries stored', `${storedAlerts} / ${storedDeliveries}`],
      [
        'goal: 16,700 alerts/s, p99 < 50 ms',
        `${results.goal.endToEndRatio} × the rate, p99 ${latencyMs.p99} ms = ${results.goal.p99Ratio} × the limit: ${results.goal.met ? 'MET' : 'NOT MET'}`,
      ],
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

/** Keeps one sample per `everySeconds` (and the last one). */
function thin(samples: [number, number][], everySeconds: number): [number, number][] {
  const kept: [number, number][] = [];
  for (const sample of samples) {
    if (!kept.length || sample[0] - kept[kept.length - 1][0] >= everySeconds) kept.push(sample);
  }
  const last = samples[samples.length - 1];
  if (last && kept[kept.length - 1] !== last) kept.push(last);
  return kept;
}

// Ctrl-C: do not leave the apps running.
runBench(main);
