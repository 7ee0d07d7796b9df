/**
 * Benchmark of alerts worker replicas: how many alerts a second one and two
 * alerts worker processes (ROLE=worker) get from the Alertmanager queue into
 * `alerts.alerts`, on one machine. The figure the README's scale model rests on.
 *
 *   npm run build && npm run bench:replicas
 *
 * For each worker count: a fresh database (companyos_bench_replicas), the
 * gateway and the worker processes started, a warm-up, then the queue paused
 * while the gateway accepts every notification (so worker boot and HTTP
 * accept are outside the measurement), then the queue resumed and the time
 * until every alert is in Postgres measured, with each process's CPU.
 *
 * Self-contained: its own BullMQ key prefix in the shared Redis (removed at
 * the end) — or, with BENCH_REDIS_CLUSTER=1, a private three-node Redis
 * Cluster (stopped at the end) — apps spawned on free ports and stopped.
 */
import { closeBullConnection, createRedisClient, parseRedisClusterNodes, queueKeyPrefix, Queues, RedisNode } from '@companyos/platform';
import { alertmanagerExample, AppProcess, freePort, PrivateRedisCluster } from '@companyos/testing';
import { Queue } from 'bullmq';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import {
  countRows,
  cpuSeconds,
  createBenchDatabase,
  Delivery,
  intEnv,
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

const REQUESTS = intEnv('BENCH_REQUESTS', 600);
const ALERTS_PER_REQUEST = intEnv('BENCH_ALERTS_PER_REQUEST', 100);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 16);
const WORKER_CONCURRENCY = intEnv('BENCH_WORKER_CONCURRENCY', 8);
const MAX_WORKERS = intEnv('BENCH_MAX_WORKERS', 2);
const TIMEOUT_MS = intEnv('BENCH_TIMEOUT_MS', 300_000);
const ON_CLUSTER = process.env.BENCH_REDIS_CLUSTER === '1';
const WARMUP = 30;

const RESULTS_FILE = resultsPath(ON_CLUSTER ? 'replicas-redis-cluster.json' : 'replicas.json');
const DATABASE = 'companyos_bench_replicas';
const DATABASE_URL = `${PG_SERVER}/${DATABASE}`;
const TOKEN = 'bench-alertmanager-token';

/** Notification `seq`: ALERTS_PER_REQUEST new warning alerts (own instance and fingerprint), its own group. */
function makeNotification(template: Record<string, any>, seq: number): Delivery {
  const first = template.alerts[0];
  const { alertname, service } = first.labels as Record<string, string>;
  const alerts = Array.from({ length: ALERTS_PER_REQUEST }, (_, i) => {
    const labels = { alertname, instance: `host-${seq * ALERTS_PER_REQUEST + i + 1}`, service, severity: 'warning' };
    return { ...first, status: 'firing', labels, endsAt: '0001-01-01T00:00:00Z', fingerprint: createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16) };
  });
  const body = JSON.stringify({
    ...template,
    status: 'firing',
    alerts,
    commonLabels: { alertname, service, severity: 'warning' },
    groupKey: String(template.groupKey).replace(/^\{\}:/, `{}/{bench_batch="${seq}"}:`),
    truncatedAlerts: 0,
  });
  return { body, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } };
}

interface Run {
  workers: number;
  alerts: number;
  seconds: number;
  alertsPerSecond: number;
  /** Cores each process used while draining (workers one by one), Postgres and Redis. */
  cores: Record<string, number>;
  workerCores: number;
  alertsPerWorkerCoreSecond: number;
  machineBusyPercent: number;
}

async function measure(workers: number, redis: { url: string; clusterNodes?: string }, apps: AppProcess[], failures: string[]): Promise<Run | null> {
  const queuePrefix = `bench-replicas-${randomBytes(4).toString('hex')}`;
  await createBenchDatabase(DATABASE);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const shared: Record<string, string> = { DATABASE_URL, REDIS_URL: redis.url, QUEUE_PREFIX: queuePrefix, NODE_ENV: 'production', LOG_LEVEL: 'warn' };
  if (redis.clusterNodes) shared.REDIS_CLUSTER_NODES = redis.clusterNodes;
  const started: AppProcess[] = [];
  const queue = new Queue(Queues.AlertsAlertmanager, {
    // The bench's own handle on the queue (to pause and resume it), connected as the apps are.
    connection: createRedisClient({ redisUrl: redis.url, redisClusterNodes: redis.clusterNodes ? (parseRedisClusterNodes(redis.clusterNodes) as RedisNode[]) : null }, 'worker'),
    prefix: queueKeyPrefix(queuePrefix, Queues.AlertsAlertmanager),
  });
  try {
    const gateway = await new AppProcess('gateway', await freePort(), {
      ...shared,
      // Not running: the webhook edge only stores and enqueues.
      SUBGRAPH_ALERTS_URL: `http://127.0.0.1:${await freePort()}/graphql`,
      SUBGRAPH_INCIDENTS_URL: `http://127.0.0.1:${await freePort()}/graphql`,
      GITHUB_WEBHOOK_SECRET: 'bench-secret-123',
      ALERTMANAGER_WEBHOOK_TOKEN: TOKEN,
    }).start();
    started.push(gateway);
    apps.push(gateway);
    const workerProcesses = await Promise.all(
      Array.from({ length: workers }, async () => new AppProcess('alerts', await freePort(), { ...shared, ROLE: 'worker', WORKER_CONCURRENCY: String(WORKER_CONCURRENCY) }).start()),
    );
    started.push(...workerProcesses);
    apps.push(...workerProcesses);
    const url = new URL('/api/companyos/prometheus-webhook', gateway.url);
    const template = alertmanagerExample('firing');
    const warmup = Array.from({ length: WARMUP }, (_, i) => makeNotification(template, i));
    const notifications = Array.from({ length: REQUESTS }, (_, i) => makeNotification(template, WARMUP + i));

    console.log(`${workers} worker(s): warm-up ${WARMUP} requests`);
    await runLoad(url, warmup, CONCURRENCY);
    await waitForCount(db, 'alerts.processed_messages', WARMUP, TIMEOUT_MS, 'processed warm-up notifications');

    await queue.pause();
    console.log(`${workers} worker(s): accepting ${REQUESTS} requests (${REQUESTS * ALERTS_PER_REQUEST} alerts) into the paused queue`);
    const load = await runLoad(url, notifications, CONCURRENCY);
    if (load.non202) failures.push(`${workers} worker(s): ${load.non202} non-202 replies ${JSON.stringify(load.statuses)}`);
    const waiting = await queue.getJobCounts('paused', 'wait', 'prioritized');
    const queued = (waiting.paused ?? 0) + (waiting.wait ?? 0) + (waiting.prioritized ?? 0);
    if (queued !== REQUESTS) failures.push(`${workers} worker(s): ${queued} jobs queued before resuming, expected ${REQUESTS}`);

    const probes = workerProcesses.map((worker, i): [string, () => number] => [`alertsWorker${i + 1}`, () => cpuSeconds(worker.pid)]);
    const t0 = performance.now();
    const drained = await measureCpu(
      [],
      async () => {
        await queue.resume();
        return waitForCount(db, 'alerts.processed_messages', WARMUP + REQUESTS, TIMEOUT_MS, 'processed notifications');
      },
      probes,
    );
    const seconds = (drained.result - t0) / 1000;
    const alerts = (await countRows(db, 'alerts.alerts')) - WARMUP * ALERTS_PER_REQUEST;
    if (alerts !== REQUESTS * ALERTS_PER_REQUEST) failures.push(`${workers} worker(s): ${alerts} alerts stored, expected ${REQUESTS * ALERTS_PER_REQUEST}`);
    const workerCores = round(probes.reduce((sum, [name]) => sum + drained.cpu.cores[name], 0));
    return {
      workers,
      alerts,
      seconds: round(seconds, 3),
      alertsPerSecond: round(alerts / seconds, 1),
      cores: drained.cpu.cores,
      workerCores,
      alertsPerWorkerCoreSecond: round(alerts / seconds / workerCores, 1),
      machineBusyPercent: drained.cpu.machineBusyPercent,
    };
  } catch (error) {
    failures.push(`${workers} worker(s): ${(error as Error).message}`);
    return null;
  } finally {
    printAppProblems(started);
    await Promise.allSettled(started.map((app) => app.stop()));
    for (const app of started) apps.splice(apps.indexOf(app), 1);
    await queue.close().catch(() => undefined);
    closeBullConnection(queue.opts.connection);
    await db.end().catch(() => undefined);
    if (!redis.clusterNodes) await removeQueueKeys(queuePrefix).catch((error: Error) => failures.push(`could not remove Redis keys under ${queuePrefix}:*: ${error.message}`));
  }
}

async function main(apps: AppProcess[]): Promise<number> {
  const failures: string[] = [];
  const loadAverageAtStart = os.loadavg();
  const cluster = ON_CLUSTER ? await PrivateRedisCluster.start() : null;
  const redis = cluster ? { url: 'redis://127.0.0.1:6379', clusterNodes: cluster.nodes } : { url: REDIS_URL };
  console.log(
    `replicas bench: ${REQUESTS} notifications × ${ALERTS_PER_REQUEST} alerts per worker count, 1..${MAX_WORKERS} alerts worker processes, ` +
      `worker concurrency ${WORKER_CONCURRENCY}, Redis ${cluster ? `Cluster ${cluster.nodes}` : REDIS_URL}`,
  );
  const runs: Run[] = [];
  try {
    for (let workers = 1; workers <= MAX_WORKERS; workers++) {
      const run = await measure(workers, redis, apps, failures);
      if (run) runs.push(run);
    }
  } finally {
    await cluster?.stop();
  }
  const one = runs.find((run) => run.workers === 1);
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageAtStart: loadAverageAtStart.map((value) => round(value)),
    redis: cluster ? 'cluster of 3 masters' : 'single',
    notifications: REQUESTS,
    alertsPerNotification: ALERTS_PER_REQUEST,
    workerConcurrency: WORKER_CONCURRENCY,
    runs: runs.map((run) => ({ ...run, speedupOverOne: one ? round(run.alertsPerSecond / one.alertsPerSecond, 2) : null })),
    ok: failures.length === 0,
    failures,
  };
  writeResults(RESULTS_FILE, results);

  console.log(`\nAlerts worker replicas — ${results.cpus} CPU, node ${results.node}, load average at start ${results.loadAverageAtStart.join(' ')}\n`);
  printTable(
    results.runs.map((run) => [
      `${run.workers} worker process(es)`,
      `${run.alertsPerSecond} alerts/s (×${run.speedupOverOne}), ${run.seconds} s; worker cores ${run.workerCores} → ${run.alertsPerWorkerCoreSecond} alerts/s per worker core; ` +
        `postgres ${run.cores.postgres}, redis ${run.cores.redis} cores; machine ${run.machineBusyPercent}% busy`,
    ]),
  );
  console.log(`\nwritten to ${RESULTS_FILE}`);
  if (failures.length) console.error(`\nFAILED:\n- ${failures.join('\n- ')}`);
  return failures.length ? 1 : 0;
}

runBench(main);
