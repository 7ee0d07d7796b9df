/**
 * 1,000 simultaneous escalations (issue 13: every page sent on time, lateness
 * p99 under 1 s). The built runbooks app runs as its own process (ROLE=all)
 * with a local HTTP receiver as NOTIFY_WEBHOOK_URL; policies page a schedule's
 * on-call people at once (level 1) and a lead LEVEL2_DELAY_MINUTES later
 * (level 2); 1,000 SEV1 `incident.declared` events are enqueued at once on the
 * runbooks incidents queue, as the incidents app's outbox relay does. A page's
 * lateness = its arrival at the receiver − when it was due (the escalation's
 * start + the delays of the levels up to its own).
 *
 * Where the time goes, from the rows' own timestamps: the event's wait until
 * its escalation started (`eventToStartMs`), a level's wait from its due time
 * until its pages were written (`dueToPageRowMs`: the step job's queueing, the
 * on-call lookup, the step's transaction) and a page's from its row to the
 * receiver (`pageRowToArrivalMs`: the page job's queueing and send).
 */
import { domainEvent, queueKeyPrefix, Queues } from '@companyos/platform';
import { IncidentEvents, IncidentEventPayload } from '@companyos/contracts';
import { AppProcess, freePort } from '@companyos/testing';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { intEnv, latencySummary, measureCpu, printAppProblems, removeQueueKeys, REDIS_URL, round, sleep } from './bench-kit';

const ESCALATIONS = intEnv('BENCH_ESCALATIONS', 1000);
const POLICIES = intEnv('BENCH_POLICIES', 10);
/** Level 2's delay (fractions of a minute are allowed by the policy input). */
const LEVEL2_DELAY_MINUTES = Number(process.env.BENCH_LEVEL2_DELAY_MINUTES ?? 0.25);
const WAIT_MS = intEnv('BENCH_ESCALATIONS_TIMEOUT_MS', 300_000);

interface Arrival {
  incidentId: string;
  target: string;
  level: number;
  at: number;
}

/** Runs the escalation bench on `databaseUrl` (migrated; schedules `schedule-0…` seeded by the caller). */
export async function escalationBench(databaseUrl: string, apps: AppProcess[], scheduleNames: (policy: number) => string) {
  const queuePrefix = `bench-rb-${randomUUID().slice(0, 8)}`;
  const arrivals: Arrival[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      if (body.companyos) arrivals.push({ incidentId: body.companyos.incidentId, target: body.companyos.target, level: body.companyos.level, at });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  receiver.keepAliveTimeout = 30_000;
  const receiverPort = await freePort();
  await new Promise<void>((done) => receiver.listen(receiverPort, '127.0.0.1', done));
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(Queues.RunbooksIncidents, { connection: redis, prefix: queueKeyPrefix(queuePrefix, Queues.RunbooksIncidents) });
  try {
    const services = Array.from({ length: POLICIES }, (_, p) => `esc-service-${p}`);
    for (let p = 0; p < POLICIES; p++) {
      const levels = [
        { delayMinutes: 0, schedules: [scheduleNames(p)], users: [] },
        { delayMinutes: LEVEL2_DELAY_MINUTES, schedules: [], users: [`lead-${p}`] },
      ];
      await db.query(`INSERT INTO runbooks.escalation_policies (name, levels, repeat, services) VALUES ($1, $2::jsonb, 0, $3)`, [`bench-policy-${p}`, JSON.stringify(levels), [services[p]]]);
    }
    const app = await new AppProcess('runbooks', await freePort(), {
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      ROLE: 'all',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${receiverPort}/hook`,
      ...(process.env.WORKER_CONCURRENCY ? { WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY } : {}),
      ...(process.env.PAGE_CONCURRENCY ? { PAGE_CONCURRENCY: process.env.PAGE_CONCURRENCY } : {}),
    }).start();
    apps.push(app);

    // Built before the clock starts: 1,000 SEV1 incidents declared, one service each.
    const now = new Date();
    const events = Array.from({ length: ESCALATIONS }, (_, i) => {
      const incidentId = randomUUID();
      const payload: IncidentEventPayload = {
        incidentId,
        version: 1,
        number: i + 1,
        severity: 'SEV1',
        status: 'OPEN',
        affectedServices: [services[i % POLICIES]],
        customerImpact: true,
        source: 'bench',
        startedAt: now.toISOString(),
        resolvedAt: null,
      };
      return domainEvent(IncidentEvents.Declared, incidentId, payload);
    });
    const enqueuedAt = Date.now();
    const started = performance.now();
    const { cpu } = await measureCpu([app], async () => {
      await queue.addBulk(events.map((event) => ({ name: event.type, data: event, opts: { jobId: event.id } })));
      // Done when every escalation has paged both levels and no page is left to send.
      const deadline = performance.now() + WAIT_MS;
      for (;;) {
        const { rows } = await db.query<{ exhausted: string; pending: string }>(
          `SELECT (SELECT count(*) FROM runbooks.escalations WHERE status = 'EXHAUSTED') AS exhausted,
                  (SELECT count(*) FROM runbooks.pages WHERE outcome = 'PENDING') AS pending`,
        );
        if (Number(rows[0].exhausted) >= ESCALATIONS && Number(rows[0].pending) === 0) break;
        if (performance.now() > deadline) throw new Error(`after ${WAIT_MS / 1000} s: ${rows[0].exhausted} of ${ESCALATIONS} escalations done, ${rows[0].pending} pages pending`);
        await sleep(200);
      }
    });
    const seconds = (performance.now() - started) / 1000;

    const { rows: escalations } = await db.query<{ incident_id: string; started_at: Date }>(`SELECT incident_id, started_at FROM runbooks.escalations`);
    const { rows: pageRows } = await db.query<{ incident_id: string; target: string; level: number; created_at: Date }>(
      `SELECT e.incident_id, p.target, p.level, p.created_at FROM runbooks.pages p JOIN runbooks.escalations e ON e.id = p.escalation_id`,
    );
    const pageRowAt = new Map(pageRows.map((p) => [`${p.incident_id}/${p.target}/${p.level + 1}`, p.created_at.getTime()]));
    const { rows: outcomes } = await db.query<{ outcome: string; count: string }>(`SELECT outcome, count(*) AS count FROM runbooks.pages GROUP BY outcome`);
    const startOf = new Map(escalations.map((e) => [e.incident_id, e.started_at.getTime()]));
    const dueAfter = [0, LEVEL2_DELAY_MINUTES * 60_000];
    const lateness: number[] = [];
    const dueToPageRow: number[] = [];
    const pageRowToArrival: number[] = [];
    const declaredToFirstPage = new Map<string, number>();
    for (const arrival of arrivals) {
      const start = startOf.get(arrival.incidentId);
      if (start === undefined) throw new Error(`a page for an incident without escalation: ${arrival.incidentId}`);
      lateness.push(arrival.at - (start + dueAfter[arrival.level - 1]));
      const rowAt = pageRowAt.get(`${arrival.incidentId}/${arrival.target}/${arrival.level}`);
      if (rowAt !== undefined) {
        dueToPageRow.push(rowAt - (start + dueAfter[arrival.level - 1]));
        pageRowToArrival.push(arrival.at - rowAt);
      }
      if (arrival.level === 1) declaredToFirstPage.set(arrival.incidentId, Math.min(declaredToFirstPage.get(arrival.incidentId) ?? Infinity, arrival.at - enqueuedAt));
    }
    const sent = Number(outcomes.find((o) => o.outcome === 'SENT')?.count ?? 0);
    const failed = Number(outcomes.find((o) => o.outcome === 'FAILED')?.count ?? 0);
    if (escalations.length !== ESCALATIONS) throw new Error(`${escalations.length} escalations started for ${ESCALATIONS} incidents`);
    if (arrivals.length !== sent) throw new Error(`the receiver got ${arrivals.length} pages, the app recorded ${sent} sent`);
    printAppProblems([app]);
    return {
      escalations: ESCALATIONS,
      policies: POLICIES,
      level2DelayMinutes: LEVEL2_DELAY_MINUTES,
      workerConcurrency: Number(process.env.WORKER_CONCURRENCY ?? 8),
      pageConcurrency: Number(process.env.PAGE_CONCURRENCY ?? 64),
      pagesSent: sent,
      pagesFailed: failed,
      seconds: round(seconds),
      latenessMs: latencySummary(lateness),
      latenessLevel1Ms: latencySummary(lateness.filter((_, i) => arrivals[i].level === 1)),
      latenessLevel2Ms: latencySummary(lateness.filter((_, i) => arrivals[i].level === 2)),
      declaredToFirstPageMs: latencySummary([...declaredToFirstPage.values()]),
      eventToStartMs: latencySummary(escalations.map((e) => e.started_at.getTime() - enqueuedAt)),
      dueToPageRowMs: latencySummary(dueToPageRow),
      pageRowToArrivalMs: latencySummary(pageRowToArrival),
      cpu,
      goalP99Ms: 1000,
    };
  } finally {
    await queue.close();
    redis.disconnect();
    for (const app of apps.splice(0)) await app.stop();
    await db.end();
    receiver.closeAllConnections();
    await new Promise((done) => receiver.close(done));
    await removeQueueKeys(queuePrefix);
  }
}
