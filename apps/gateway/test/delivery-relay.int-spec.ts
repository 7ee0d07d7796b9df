import { githubIssuesEvent } from '@companyos/contracts';
import { queueKeyPrefix, Queues, Retention } from '@companyos/platform';
import { alertmanagerExample, createTestApp, createTestDatabase, dropTestDatabase, githubExample, testPlatformConfig, waitFor } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GatewayAppModule } from '../src/gateway.app.module';
import { DeliveryIntake, IncomingDelivery } from '../src/webhooks/delivery-intake.service';
import { DeliveryRelay } from '../src/webhooks/delivery-relay';
import { AlertmanagerWebhookController } from '../src/webhooks/alertmanager-webhook.controller';
import type { Request } from 'express';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = { host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379) };

// The webhook edge's durability, without HTTP: the gateway booted in process on
// its own database and queue prefix; Redis jobs checked with a plain BullMQ Queue.
describe('webhook deliveries: intake and relay (real PostgreSQL and Redis)', () => {
  const savedEnv = { ...process.env };
  let url: string;
  let app: INestApplication;
  let intake: DeliveryIntake;
  let relay: DeliveryRelay;
  let db: DataSource;
  let queue: Queue;
  let alertmanagerQueue: Queue;

  beforeAll(async () => {
    url = await createTestDatabase();
    // The relay's own timer is pushed out of the way: each test drives relayOnce() itself.
    const config = testPlatformConfig('gateway', { PORT: '4000', DATABASE_URL: url, REDIS_URL, RELAY_INTERVAL_MS: '3600000' });
    Object.assign(process.env, {
      GITHUB_WEBHOOK_SECRET: 'integration-test-secret',
      ALERTMANAGER_WEBHOOK_TOKEN: 'integration-test-alertmanager-token',
      DATABASE_URL: url,
      REDIS_URL,
      QUEUE_PREFIX: config.queuePrefix,
    });
    app = await createTestApp(GatewayAppModule.forRoot(config));
    intake = app.get(DeliveryIntake);
    relay = app.get(DeliveryRelay);
    db = app.get(DataSource);
    queue = new Queue(Queues.IncidentsGithub, { connection: redis, prefix: queueKeyPrefix(config.queuePrefix, Queues.IncidentsGithub) });
    alertmanagerQueue = new Queue(Queues.AlertsAlertmanager, { connection: redis, prefix: queueKeyPrefix(config.queuePrefix, Queues.AlertsAlertmanager) });
  });

  afterAll(async () => {
    await alertmanagerQueue?.obliterate({ force: true }).catch(() => undefined);
    await alertmanagerQueue?.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await app?.close();
    if (url) await dropTestDatabase(url);
    process.env = savedEnv;
  });

  // Each test starts with no stored deliveries and no jobs, so the relay's counts are its own.
  beforeEach(async () => {
    await db.query('TRUNCATE ingest.deliveries, ingest.delivery_receipts, ingest.outbox');
    await queue.obliterate({ force: true });
  });

  // ---- factories and probes -----------------------------------------------

  const aDelivery = (overrides: Partial<IncomingDelivery> = {}): IncomingDelivery => ({
    source: 'github',
    deliveryKey: randomUUID(),
    event: 'issues',
    queue: Queues.IncidentsGithub,
    payload: githubIssuesEvent.parse(githubExample('issues', 'labeled', { bug: 'incident' })),
    ...overrides,
  });

  /** A delivery stored as if Redis had been away when it arrived: never enqueued, first looked at after `dueInSeconds`. */
  const aStoredDelivery = async (dueInSeconds: number, overrides: Partial<IncomingDelivery> = {}) => {
    const delivery = aDelivery(overrides);
    await db.query(
      `INSERT INTO ingest.deliveries (source, delivery_key, event, queue, payload, next_check_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [delivery.source, delivery.deliveryKey, delivery.event, delivery.queue, JSON.stringify(delivery.payload), dueInSeconds],
    );
    return delivery;
  };

  const rowsOf = (deliveryKey: string): Promise<Record<string, any>[]> =>
    db.query('SELECT * FROM ingest.deliveries WHERE delivery_key = $1', [deliveryKey]);

  const theRowOf = async (deliveryKey: string) => {
    const rows = await rowsOf(deliveryKey);
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  /** Makes a row look enqueued `seconds` ago and due: the relay asks Redis about it on its next pass. */
  const enqueuedSecondsAgo = (deliveryKey: string, seconds: number) =>
    db.query(
      'UPDATE ingest.deliveries SET enqueued_at = now() - make_interval(secs => $2), next_check_at = now() - make_interval(secs => 1) WHERE delivery_key = $1',
      [deliveryKey, seconds],
    );

  const jobIdOf = (delivery: IncomingDelivery) => `github-${delivery.deliveryKey}`;

  const jobCount = async () => {
    const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  };

  // ---- tests ---------------------------------------------------------------

  it('stores an accepted delivery and enqueues it on incidents.github', async () => {
    const delivery = aDelivery();

    expect(await intake.accept(delivery)).toBe('accepted');

    const row = await theRowOf(delivery.deliveryKey);
    expect(row).toMatchObject({ source: 'github', event: 'issues', queue: 'incidents.github', enqueue_count: 1, completed_at: null, failed_at: null });
    expect(row.payload).toEqual(delivery.payload);
    expect(row.enqueued_at).toBeInstanceOf(Date);
    expect(row.enqueued_at.getTime()).toBeGreaterThanOrEqual(row.received_at.getTime());

    const job = await queue.getJob(jobIdOf(delivery));
    expect(job?.name).toBe('issues');
    expect(job?.data).toEqual({
      deliveryId: delivery.deliveryKey,
      source: 'github',
      event: 'issues',
      receivedAt: row.received_at.toISOString(),
      payload: delivery.payload,
    });
    expect(await queue.getJobState(jobIdOf(delivery))).toBe('waiting');
    expect(await jobCount()).toBe(1);
  });

  it('answers a redelivery with the same key as a duplicate: still one row and one job', async () => {
    const delivery = aDelivery();
    await intake.accept(delivery);

    expect(await intake.accept({ ...delivery, payload: { changed: true } })).toBe('duplicate');

    const row = await theRowOf(delivery.deliveryKey);
    expect(row.enqueue_count).toBe(1);
    expect(row.payload).toEqual(delivery.payload);
    expect(await jobCount()).toBe(1);
  });

  it('enqueues a stored delivery that was never enqueued (Redis down at accept time)', async () => {
    const stranded = await aStoredDelivery(-1);
    const justArrived = await aStoredDelivery(5); // still within the request path's grace period
    expect(await queue.getJob(jobIdOf(stranded))).toBeUndefined();

    expect(await relay.relayOnce()).toEqual({ enqueued: 1, completed: 0, lost: 0, failed: 0, pending: 0 });

    const row = await theRowOf(stranded.deliveryKey);
    expect(row.enqueued_at).toBeInstanceOf(Date);
    expect(row.enqueue_count).toBe(1);
    const job = await queue.getJob(jobIdOf(stranded));
    expect(job?.data).toMatchObject({ deliveryId: stranded.deliveryKey, source: 'github', event: 'issues', receivedAt: row.received_at.toISOString() });
    expect(job?.data.payload).toEqual(stranded.payload);
    expect((await theRowOf(justArrived.deliveryKey)).enqueued_at).toBeNull();
    expect(await jobCount()).toBe(1);
  });

  it('re-enqueues a delivery whose job Redis lost', async () => {
    const delivery = aDelivery();
    await intake.accept(delivery);
    await (await queue.getJob(jobIdOf(delivery)))!.remove(); // what a Redis restart without persistence does
    await enqueuedSecondsAgo(delivery.deliveryKey, 10);
    const before = await theRowOf(delivery.deliveryKey);

    expect(await relay.relayOnce()).toEqual({ enqueued: 0, completed: 0, lost: 1, failed: 0, pending: 0 });

    const row = await theRowOf(delivery.deliveryKey);
    expect(row.enqueue_count).toBe(2);
    expect(row.enqueued_at.getTime()).toBeGreaterThan(before.enqueued_at.getTime());
    expect(await queue.getJobState(jobIdOf(delivery))).toBe('waiting');
    expect(await jobCount()).toBe(1);
  });

  it('leaves a delivery whose job is still waiting as it is, and looks again later, backing off', async () => {
    const delivery = aDelivery();
    await intake.accept(delivery);
    await enqueuedSecondsAgo(delivery.deliveryKey, 10);
    const before = await theRowOf(delivery.deliveryKey);

    expect(await relay.relayOnce()).toEqual({ enqueued: 0, completed: 0, lost: 0, failed: 0, pending: 1 });

    const after = await theRowOf(delivery.deliveryKey);
    expect(after).toMatchObject({ enqueued_at: before.enqueued_at, enqueue_count: 1, completed_at: null, check_count: 1 });
    expect(after.next_check_at.getTime()).toBeGreaterThan(Date.now());
    // Not due yet: the next pass does not ask about it.
    expect(await relay.relayOnce()).toEqual({ enqueued: 0, completed: 0, lost: 0, failed: 0, pending: 0 });
    expect(await jobCount()).toBe(1);
  });

  it('records completed_at once the job has completed', async () => {
    const delivery = aDelivery();
    await intake.accept(delivery);
    const worker = new Worker(Queues.IncidentsGithub, async () => 'ok', {
      connection: { ...redis, maxRetriesPerRequest: null },
      prefix: queue.opts.prefix,
    });
    try {
      await waitFor('the job to complete', async () => (await queue.getJobState(jobIdOf(delivery))) === 'completed', 10_000);
    } finally {
      await worker.close();
    }
    await enqueuedSecondsAgo(delivery.deliveryKey, 10);

    expect(await relay.relayOnce()).toEqual({ enqueued: 0, completed: 1, lost: 0, failed: 0, pending: 0 });

    const row = await theRowOf(delivery.deliveryKey);
    expect(row.completed_at).toBeInstanceOf(Date);
    expect(row.enqueue_count).toBe(1);
    expect((await queue.getJob(jobIdOf(delivery)))?.returnvalue).toBe('ok');
    // Done rows are not looked at again.
    expect(await relay.relayOnce()).toEqual({ enqueued: 0, completed: 0, lost: 0, failed: 0, pending: 0 });
  });

  it('re-enqueues 2,000 deliveries whose jobs Redis lost within a few passes, while the oldest 500 still wait', async () => {
    // The oldest 500: jobs still waiting in Redis (a slow consumer). Behind them: 2,000 whose jobs Redis lost.
    await db.query(
      `INSERT INTO ingest.deliveries (source, delivery_key, event, queue, payload, enqueued_at, enqueue_count, next_check_at)
       SELECT 'github', 'hol-' || lpad(n::text, 5, '0'), 'issues', $1, $2, now() - interval '1 minute', 1,
              now() - make_interval(secs => 10 - n / 1000.0) -- the oldest first due
         FROM generate_series(1, 2500) AS n ORDER BY n`,
      [Queues.IncidentsGithub, JSON.stringify({ note: 'small payload' })],
    );
    const waiting = Array.from({ length: 500 }, (_, i) => `hol-${String(i + 1).padStart(5, '0')}`);
    await queue.addBulk(waiting.map((key) => ({ name: 'issues', data: {}, opts: { jobId: `github-${key}` } })));
    const reEnqueued = async () =>
      (await db.query("SELECT count(*)::int AS n FROM ingest.deliveries WHERE enqueue_count = 2"))[0].n as number;

    let passes = 0;
    const perPass: number[] = [];
    const started = Date.now();
    while ((await reEnqueued()) < 2000 && passes < 10) {
      const counts = await relay.relayOnce();
      perPass.push(counts.lost + counts.pending);
      passes++;
    }
    const ms = Date.now() - started;

    expect(await reEnqueued()).toBe(2000);
    expect(passes).toBeLessThanOrEqual(3);
    // The oldest 500 were asked about, are still pending, and were not enqueued again.
    const oldest = await db.query(
      'SELECT count(*)::int AS n FROM ingest.deliveries WHERE delivery_key = ANY($1) AND enqueue_count = 1 AND check_count >= 1 AND completed_at IS NULL',
      [waiting],
    );
    expect(oldest[0].n).toBe(500);
    expect((await queue.getJobCounts('waiting')).waiting).toBe(2500);
    // Figures for the report (not asserted: the machine is shared).
    console.log(`re-drive: 2,000 lost of 2,500 pending re-enqueued in ${passes} pass(es), ${ms} ms; rows looked at per pass: ${perPass.join(', ')}`);
  });

  // ---- Alertmanager resends (no delivery id: the body's hash, within ALERTMANAGER_RETRY_WINDOW_MS = 5 min) ----

  /** What the Alertmanager controller hands the intake: the body's hash as the key, and the retry window. */
  const aNotification = (bodyHash = randomUUID()): IncomingDelivery => ({
    source: 'alertmanager',
    deliveryKey: bodyHash,
    event: 'notification',
    queue: Queues.AlertsAlertmanager,
    payload: { version: '4', alerts: [] },
    retryWindowMs: 5 * 60_000,
  });
  const alertmanagerRows = () => db.query("SELECT delivery_key FROM ingest.deliveries WHERE source = 'alertmanager'");

  it('counts an Alertmanager resend 70 s later, across a minute boundary, as the same receipt (one row, one job)', async () => {
    const controller = app.get(AlertmanagerWebhookController);
    const body = Buffer.from(JSON.stringify({ ...alertmanagerExample('firing'), groupKey: `{}:{alertname="${randomUUID()}"}` }));
    const request = { body, headers: { 'content-type': 'application/json' } } as unknown as Request;
    const bearer = 'Bearer integration-test-alertmanager-token';
    // Only the clock is faked: timers, sockets and the database run for real.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    try {
      jest.setSystemTime(new Date('2026-12-01T10:00:50.000Z'));
      expect(await controller.receive(request, bearer)).toMatchObject({ status: 'accepted' });
      jest.setSystemTime(new Date('2026-12-01T10:02:00.000Z')); // 70 s later, past two minute boundaries
      expect(await controller.receive(request, bearer)).toMatchObject({ status: 'duplicate' });
    } finally {
      jest.useRealTimers();
    }

    expect(await alertmanagerRows()).toHaveLength(1);
    expect((await alertmanagerQueue.getJobCounts('waiting')).waiting).toBe(1);
  });

  it('counts the same body after the window as a new receipt (a repeat notification)', async () => {
    const notification = aNotification();
    const first = new Date('2026-12-01T10:00:00.000Z');

    expect(await intake.accept(notification, first)).toBe('accepted');
    expect(await intake.accept(notification, new Date(first.getTime() + 4 * 60_000))).toBe('duplicate');
    expect(await intake.accept(notification, new Date(first.getTime() + 5 * 60_000 + 1))).toBe('accepted');
    // The window runs from the last accepted receipt, not from a duplicate.
    expect(await intake.accept(notification, new Date(first.getTime() + 9 * 60_000))).toBe('duplicate');

    expect(await alertmanagerRows()).toHaveLength(2);
  });

  it('gives one receipt for identical notifications arriving at once', async () => {
    const notification = aNotification();
    const at = new Date();

    const outcomes = await Promise.all(Array.from({ length: 8 }, () => intake.accept(notification, at)));

    expect(outcomes.filter((outcome) => outcome === 'accepted')).toHaveLength(1);
    expect(await alertmanagerRows()).toHaveLength(1);
  });

  // ---- retention ----

  it('prunes delivered deliveries after DELIVERY_RETENTION_DAYS and confirmed audit outbox rows after OUTBOX_RETENTION_DAYS; keeps the rest', async () => {
    const keys = { oldDone: randomUUID(), recentDone: randomUUID(), oldPending: randomUUID(), oldFailed: randomUUID() };
    await db.query(
      `INSERT INTO ingest.deliveries (source, delivery_key, event, queue, payload, received_at, completed_at, failed_at) VALUES
         ('github', $1, 'issues', 'incidents.github', '{}', now() - interval '15 days', now() - interval '15 days', NULL),
         ('github', $2, 'issues', 'incidents.github', '{}', now() - interval '13 days', now() - interval '13 days', NULL),
         ('github', $3, 'issues', 'incidents.github', '{}', now() - interval '30 days', NULL, NULL),
         ('github', $4, 'issues', 'incidents.github', '{}', now() - interval '30 days', NULL, now() - interval '30 days')`,
      [keys.oldDone, keys.recentDone, keys.oldPending, keys.oldFailed],
    );
    await db.query(
      `INSERT INTO ingest.outbox (event_id, type, aggregate_id, payload, occurred_at, published_at, confirmed_at) VALUES
         (gen_random_uuid(), 'audit.recorded', 'old-confirmed', '{}', now(), now() - interval '8 days', now() - interval '8 days'),
         (gen_random_uuid(), 'audit.recorded', 'recent-confirmed', '{}', now(), now() - interval '6 days', now() - interval '6 days'),
         (gen_random_uuid(), 'audit.recorded', 'old-unconfirmed', '{}', now(), now() - interval '8 days', NULL)`,
    );
    // A notification received just now: its receipt must survive, so a resend is still a duplicate.
    const notification = aNotification();
    expect(await intake.accept(notification)).toBe('accepted');

    const removed = await app.get(Retention).prune();

    expect(removed).toMatchObject({ 'ingest.deliveries': 1, 'ingest.outbox': 1, 'ingest.delivery_receipts': 0 });
    const left = await db.query("SELECT delivery_key FROM ingest.deliveries WHERE source = 'github' ORDER BY delivery_key");
    expect(left.map((row: { delivery_key: string }) => row.delivery_key).sort()).toEqual([keys.recentDone, keys.oldPending, keys.oldFailed].sort());
    const outbox = await db.query('SELECT aggregate_id FROM ingest.outbox ORDER BY aggregate_id');
    expect(outbox.map((row: { aggregate_id: string }) => row.aggregate_id)).toEqual(['old-unconfirmed', 'recent-confirmed']);
    expect(await intake.accept(notification)).toBe('duplicate');
    // Receipts go once their window is over.
    expect(await app.get(Retention).prune(new Date(Date.now() + 6 * 60_000))).toMatchObject({ 'ingest.delivery_receipts': 1 });
  });
});
