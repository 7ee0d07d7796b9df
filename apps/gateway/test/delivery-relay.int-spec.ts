import { githubIssuesEvent } from '@companyos/contracts';
import { Queues } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, githubExample, testPlatformConfig, waitFor } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GatewayAppModule } from '../src/gateway.app.module';
import { DeliveryIntake, IncomingDelivery } from '../src/webhooks/delivery-intake.service';
import { DeliveryRelay } from '../src/webhooks/delivery-relay';

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
    queue = new Queue(Queues.IncidentsGithub, { connection: redis, prefix: config.queuePrefix });
  });

  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await app?.close();
    if (url) await dropTestDatabase(url);
    process.env = savedEnv;
  });

  // Each test starts with no stored deliveries and no jobs, so the relay's counts are its own.
  beforeEach(async () => {
    await db.query('TRUNCATE ingest.deliveries');
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

  /** A delivery stored as if Redis had been away when it arrived: never enqueued. */
  const aStoredDelivery = async (receivedSecondsAgo: number, overrides: Partial<IncomingDelivery> = {}) => {
    const delivery = aDelivery(overrides);
    await db.query(
      `INSERT INTO ingest.deliveries (source, delivery_key, event, queue, payload, received_at)
       VALUES ($1, $2, $3, $4, $5, now() - make_interval(secs => $6))`,
      [delivery.source, delivery.deliveryKey, delivery.event, delivery.queue, JSON.stringify(delivery.payload), receivedSecondsAgo],
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

  /** Makes a row look enqueued `seconds` ago, old enough for the relay to ask Redis about it. */
  const enqueuedSecondsAgo = (deliveryKey: string, seconds: number) =>
    db.query('UPDATE ingest.deliveries SET enqueued_at = now() - make_interval(secs => $2) WHERE delivery_key = $1', [deliveryKey, seconds]);

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
    const stranded = await aStoredDelivery(10);
    const justArrived = await aStoredDelivery(0); // still within the request path's grace period
    expect(await queue.getJob(jobIdOf(stranded))).toBeUndefined();

    expect(await relay.relayOnce()).toEqual({ enqueued: 1, completed: 0, lost: 0, failed: 0 });

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

    expect(await relay.relayOnce()).toEqual({ enqueued: 0, completed: 0, lost: 1, failed: 0 });

    const row = await theRowOf(delivery.deliveryKey);
    expect(row.enqueue_count).toBe(2);
    expect(row.enqueued_at.getTime()).toBeGreaterThan(before.enqueued_at.getTime());
    expect(await queue.getJobState(jobIdOf(delivery))).toBe('waiting');
    expect(await jobCount()).toBe(1);
  });

  it('leaves a delivery whose job is still waiting as it is', async () => {
    const delivery = aDelivery();
    await intake.accept(delivery);
    await enqueuedSecondsAgo(delivery.deliveryKey, 10);
    const before = await theRowOf(delivery.deliveryKey);

    expect(await relay.relayOnce()).toEqual({ enqueued: 0, completed: 0, lost: 0, failed: 0 });

    expect(await theRowOf(delivery.deliveryKey)).toEqual(before);
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

    expect(await relay.relayOnce()).toEqual({ enqueued: 0, completed: 1, lost: 0, failed: 0 });

    const row = await theRowOf(delivery.deliveryKey);
    expect(row.completed_at).toBeInstanceOf(Date);
    expect(row.enqueue_count).toBe(1);
    expect((await queue.getJob(jobIdOf(delivery)))?.returnvalue).toBe('ok');
    // Done rows are not looked at again.
    expect(await relay.relayOnce()).toEqual({ enqueued: 0, completed: 0, lost: 0, failed: 0 });
  });
});
