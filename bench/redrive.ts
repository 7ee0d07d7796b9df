/**
 * Benchmark of the re-drive: how fast the gateway's delivery relay and a
 * domain's outbox relay put back jobs Redis lost, behind a head of rows whose
 * jobs still wait. See bench/README.md.
 *
 *   npm run build && npm run bench:redrive
 *
 * Self-contained: its own database (companyos_bench_redrive), its own BullMQ
 * key prefix in the shared Redis (removed at the end). The relays run in this
 * process over the real tables; nothing consumes the queues.
 */
import { loadPlatformConfig, OutboxRelay, postgresOptions, QueueRegistry, Queues } from '@companyos/platform';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { GATEWAY_ENTITIES } from '../apps/gateway/src/gateway.entities';
import { DeliveryQueue } from '../apps/gateway/src/webhooks/delivery-queue';
import { DeliveryRelay } from '../apps/gateway/src/webhooks/delivery-relay';
import { IncidentOutboxEntity } from '../apps/incidents/src/incidents/incident-messaging.entities';
import { INCIDENTS_ENTITIES } from '../apps/incidents/src/incidents.entities';
import {
  createBenchDatabase,
  intEnv,
  PG_SERVER,
  printTable,
  REDIS_URL,
  removeQueueKeys,
  resultsPath,
  round,
  writeResults,
} from './bench-kit';

const LOST = intEnv('BENCH_LOST', 2_000);
const WAITING = intEnv('BENCH_WAITING', 500);
const PAYLOAD_BYTES = intEnv('BENCH_PAYLOAD_BYTES', 20_000);
const RESULTS_FILE = resultsPath('redrive.json');
const DATABASE = 'companyos_bench_redrive';
const QUEUE_PREFIX = `bench-${randomBytes(4).toString('hex')}`;

interface PassFigures {
  passes: number;
  ms: number;
  rowsLookedAtPerPass: number[];
  msPerPass: number[];
}

async function timePasses(pass: () => Promise<number>, done: () => Promise<boolean>): Promise<PassFigures> {
  const figures: PassFigures = { passes: 0, ms: 0, rowsLookedAtPerPass: [], msPerPass: [] };
  const started = performance.now();
  while (!(await done()) && figures.passes < 50) {
    const t = performance.now();
    figures.rowsLookedAtPerPass.push(await pass());
    figures.msPerPass.push(round(performance.now() - t, 0));
    figures.passes++;
  }
  figures.ms = round(performance.now() - started, 0);
  return figures;
}

async function main(): Promise<number> {
  await createBenchDatabase(DATABASE);
  const config = loadPlatformConfig('bench-redrive', 4999, { DATABASE_URL: `${PG_SERVER}/${DATABASE}`, REDIS_URL, QUEUE_PREFIX });
  const registry = new QueueRegistry(config);
  const dataSource = await new DataSource({ ...postgresOptions(config.databaseUrl), entities: [...GATEWAY_ENTITIES, ...INCIDENTS_ENTITIES] }).initialize();
  const payload = JSON.stringify({ padding: 'x'.repeat(PAYLOAD_BYTES) });
  const total = LOST + WAITING;
  try {
    // ---- deliveries: the oldest WAITING still have their jobs, the LOST behind them do not.
    await dataSource.query(
      `INSERT INTO ingest.deliveries (source, delivery_key, event, queue, payload, enqueued_at, enqueue_count, next_check_at)
       SELECT 'github', 'bench-' || n, 'issues', $1, $2::jsonb, now() - interval '1 minute', 1, now() - interval '10 seconds' + make_interval(secs => n / 100000.0)
         FROM generate_series(1, $3::int) AS n`,
      [Queues.IncidentsGithub, payload, total],
    );
    const deliveryQueue = registry.get(Queues.IncidentsGithub);
    for (let n = 1; n <= WAITING; n += 500) {
      await deliveryQueue.addBulk(
        Array.from({ length: Math.min(500, WAITING - n + 1) }, (_, i) => ({ name: 'issues', data: {}, opts: { jobId: `github-bench-${n + i}` } })),
      );
    }
    const deliveryRelay = new DeliveryRelay(dataSource, new DeliveryQueue(registry), config);
    const deliveries = await timePasses(
      async () => {
        const counts = await deliveryRelay.relayOnce();
        return counts.lost + counts.pending + counts.enqueued + counts.completed + counts.failed;
      },
      async () => (await dataSource.query('SELECT count(*)::int AS n FROM ingest.deliveries WHERE enqueue_count = 2'))[0].n >= LOST,
    );

    // ---- outbox: the same shape of events in the incidents outbox.
    const topic = `bench.redrive-${randomBytes(3).toString('hex')}`;
    await dataSource.query(
      `INSERT INTO incidents.outbox (event_id, type, aggregate_id, payload, occurred_at, published_at, next_check_at)
       SELECT gen_random_uuid(), 'incident.updated', 'bench-' || n, $1::jsonb, now(), now() - interval '1 minute',
              now() - interval '10 seconds' + make_interval(secs => n / 100000.0)
         FROM generate_series(1, $2::int) AS n`,
      [payload, total],
    );
    const oldest: { event_id: string }[] = await dataSource.query('SELECT event_id FROM incidents.outbox ORDER BY seq LIMIT $1', [WAITING]);
    for (let i = 0; i < oldest.length; i += 500) {
      await registry.get(topic).addBulk(oldest.slice(i, i + 500).map((row) => ({ name: 'incident.updated', data: {}, opts: { jobId: row.event_id } })));
    }
    const outboxRelay = new OutboxRelay(dataSource, registry, { outbox: IncidentOutboxEntity, subscriptions: { 'incident.updated': [topic] }, intervalMs: 60_000, poll: false });
    const outbox = await timePasses(
      async () => (await outboxRelay.confirm()).checked,
      async () => (await registry.get(topic).getJobCounts('waiting')).waiting >= total,
    );

    const results = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model },
      settings: { lost: LOST, waiting: WAITING, payloadBytes: PAYLOAD_BYTES },
      deliveryRelay: deliveries,
      outboxRelay: outbox,
    };
    printTable([
      ['rows (waiting head + lost behind it)', `${WAITING} + ${LOST}`],
      ['payload per row', `${PAYLOAD_BYTES} B`],
      ['delivery relay: passes until all lost re-enqueued', deliveries.passes],
      ['delivery relay: time', `${deliveries.ms} ms`],
      ['delivery relay: rows looked at per pass', deliveries.rowsLookedAtPerPass.join(', ')],
      ['outbox relay: passes until all lost re-enqueued', outbox.passes],
      ['outbox relay: time', `${outbox.ms} ms`],
      ['outbox relay: rows looked at per pass', outbox.rowsLookedAtPerPass.join(', ')],
    ]);
    writeResults(RESULTS_FILE, results);
    return 0;
  } finally {
    await registry.onApplicationShutdown();
    await dataSource.destroy();
    await removeQueueKeys(QUEUE_PREFIX);
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
