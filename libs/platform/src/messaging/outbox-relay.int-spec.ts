import { createTestDatabase, dropTestDatabase, freePort, testPlatformConfig } from '@companyos/testing';
import { Queue, Worker } from 'bullmq';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IncidentOutboxEntity } from '../../../../apps/incidents/src/incidents/incident-messaging.entities';
import { INCIDENTS_ENTITIES } from '../../../../apps/incidents/src/incidents.entities';
import { postgresOptions } from '../database/postgres-options';
import type { DomainEvent } from './messages';
import { domainEvent, recordEvents } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { QueueRegistry } from './queue-registry';
import { queueKeyPrefix } from './redis-options';

// The relay over the real incidents outbox table and real BullMQ queues in the
// shared Redis (under this file's own QUEUE_PREFIX).
describe('OutboxRelay', () => {
  let url: string;
  let dataSource: DataSource;
  let queues: QueueRegistry;
  const config = testPlatformConfig('outbox-relay-test', { PORT: '4999' });
  const usedQueues = new Set<string>();

  beforeAll(async () => {
    url = await createTestDatabase();
    dataSource = await new DataSource({ ...postgresOptions(url), entities: INCIDENTS_ENTITIES }).initialize();
    queues = new QueueRegistry(config);
  });

  afterAll(async () => {
    await Promise.allSettled([...usedQueues].map((name) => queues.get(name).obliterate({ force: true })));
    await queues?.onApplicationShutdown();
    await dataSource?.destroy();
    if (url) await dropTestDatabase(url);
  });

  // Each test starts from an empty outbox, so "how many went out" is its own.
  beforeEach(() => dataSource.query('TRUNCATE incidents.outbox'));

  // ---- factories -----------------------------------------------------------

  /** A queue name nobody else uses. */
  const aQueueName = (what = 'q') => {
    const name = `test.${what}-${randomBytes(3).toString('hex')}`;
    usedQueues.add(name);
    return name;
  };

  const anEvent = (type = 'incident.declared', payload: Record<string, unknown> = { severity: 'SEV2' }) =>
    domainEvent(type, randomUUID(), payload);

  const aRelay = (subscriptions: Record<string, readonly string[]>, registry = queues) =>
    new OutboxRelay(dataSource, registry, { outbox: IncidentOutboxEntity, subscriptions, intervalMs: 60_000, poll: false });

  const record = (...events: DomainEvent[]) =>
    dataSource.transaction((manager) => recordEvents(manager, IncidentOutboxEntity, events));

  const publishedAt = async (event: DomainEvent): Promise<Date | null> => {
    const rows: { published_at: Date | null }[] = await dataSource.query(
      'SELECT published_at FROM incidents.outbox WHERE event_id = $1',
      [event.id],
    );
    expect(rows).toHaveLength(1);
    return rows[0].published_at;
  };

  const jobCount = async (queue: Queue) => {
    const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  };

  // ---- tests ---------------------------------------------------------------

  it('publishes each recorded event to every subscribed queue, job id = event id, and marks it published', async () => {
    const a = aQueueName('a');
    const b = aQueueName('b');
    const declared = anEvent('incident.declared', { severity: 'SEV1', number: 7 });
    const resolved = anEvent('incident.resolved', { number: 7 });
    await record(declared, resolved);
    expect(await publishedAt(declared)).toBeNull();

    const before = Date.now();
    const published = await aRelay({ 'incident.declared': [a, b], 'incident.resolved': [b] }).drain();

    expect(published).toBe(2);
    const queueA = queues.get(a);
    const queueB = queues.get(b);
    expect(await jobCount(queueA)).toBe(1);
    expect(await jobCount(queueB)).toBe(2);

    const job = await queueA.getJob(declared.id);
    expect(job?.name).toBe('incident.declared');
    expect(job?.data).toEqual({
      id: declared.id,
      type: 'incident.declared',
      aggregateId: declared.aggregateId,
      occurredAt: declared.occurredAt,
      payload: { severity: 'SEV1', number: 7 },
    });
    expect((await queueB.getJob(declared.id))?.data.id).toBe(declared.id);
    expect((await queueB.getJob(resolved.id))?.name).toBe('incident.resolved');
    expect(await queueA.getJob(resolved.id)).toBeUndefined();

    for (const event of [declared, resolved]) {
      const at = await publishedAt(event);
      expect(at).toBeInstanceOf(Date);
      expect(at!.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    }
  });

  it('publishes nothing when drained again', async () => {
    const queue = aQueueName();
    const relay = aRelay({ 'incident.updated': [queue] });
    const event = anEvent('incident.updated');
    await record(event);
    expect(await relay.drain()).toBe(1);
    const firstPublishedAt = await publishedAt(event);

    expect(await relay.drain()).toBe(0);

    expect(await jobCount(queues.get(queue))).toBe(1);
    expect(await publishedAt(event)).toEqual(firstPublishedAt);
  });

  it('does not create a second job when an event is published again (job id dedupe)', async () => {
    const queue = aQueueName();
    const relay = aRelay({ 'incident.declared': [queue] });
    const event = anEvent('incident.declared');
    await record(event);
    await relay.drain();
    // A relay that crashed after addBulk but before its commit leaves the row unpublished.
    await dataSource.query('UPDATE incidents.outbox SET published_at = NULL WHERE event_id = $1', [event.id]);

    expect(await relay.drain()).toBe(1);

    expect(await jobCount(queues.get(queue))).toBe(1);
    expect((await queues.get(queue).getJob(event.id))?.data.id).toBe(event.id);
    expect(await publishedAt(event)).toBeInstanceOf(Date);
  });

  it('marks events nobody subscribes to as published without creating a job', async () => {
    const queue = aQueueName();
    const event = anEvent('incident.acknowledged');

    await record(event);
    expect(await aRelay({ 'incident.declared': [queue] }).drain()).toBe(1);

    expect(await publishedAt(event)).toBeInstanceOf(Date);
    expect(await jobCount(queues.get(queue))).toBe(0);
  });

  it('drains more than one batch', async () => {
    const queue = aQueueName();
    const events = Array.from({ length: 450 }, () => anEvent('incident.updated'));
    await record(...events);

    expect(await aRelay({ 'incident.updated': [queue] }).drain()).toBe(450);

    expect(await jobCount(queues.get(queue))).toBe(450);
    const [{ unpublished }] = await dataSource.query('SELECT count(*)::int AS unpublished FROM incidents.outbox WHERE published_at IS NULL');
    expect(unpublished).toBe(0);
  });

  it('rejects while Redis is unreachable and leaves the events unpublished', async () => {
    const unreachable = new QueueRegistry(testPlatformConfig('outbox-relay-test', { PORT: '4999', REDIS_URL: `redis://127.0.0.1:${await freePort()}` }));
    const queue = aQueueName();
    const event = anEvent('incident.declared');
    await record(event);
    try {
      const drain = aRelay({ 'incident.declared': [queue] }, unreachable).drain();
      // Bounded: a relay that hangs instead of failing holds its transaction and row locks.
      await expect(within(10_000, drain)).rejects.toThrow(/ECONNREFUSED|Connection|writeable|Redis|closed/i);
    } finally {
      await unreachable.onApplicationShutdown();
    }

    expect(await publishedAt(event)).toBeNull();
    // The event goes out once Redis is back.
    expect(await aRelay({ 'incident.declared': [queue] }).drain()).toBe(1);
    expect(await jobCount(queues.get(queue))).toBe(1);
  });

  // ---- confirm: published rows are checked against Redis until every subscriber's job finished ----

  /** Makes every published, unconfirmed row due for its next look. */
  const dueNow = () =>
    dataSource.query("UPDATE incidents.outbox SET next_check_at = now() - interval '1 second' WHERE published_at IS NOT NULL AND confirmed_at IS NULL");

  const rowOf = async (event: DomainEvent): Promise<Record<string, any>> =>
    (await dataSource.query('SELECT * FROM incidents.outbox WHERE event_id = $1', [event.id]))[0];

  /** Runs a worker on `queue` until `jobs` jobs have finished (`fail`: every run throws). */
  const consume = async (queue: string, jobs: number, fail = false) => {
    let finished = 0;
    const done = new Promise<void>((resolve) => {
      const worker = new Worker(
        queue,
        async () => {
          if (fail) throw new Error('consumer broken');
          return 'ok';
        },
        { connection: { host: '127.0.0.1', port: Number(new URL(config.redisUrl).port || 6379), maxRetriesPerRequest: null }, prefix: queueKeyPrefix(config.queuePrefix, queue) },
      );
      const settle = () => {
        if (++finished === jobs) void worker.close().then(resolve);
      };
      worker.on('completed', settle);
      worker.on('failed', settle);
    });
    await done;
  };

  it('re-enqueues an event whose job Redis lost, on that queue only, and confirms it once every job completed', async () => {
    const a = aQueueName('a');
    const b = aQueueName('b');
    const relay = aRelay({ 'incident.resolved': [a, b] });
    const event = anEvent('incident.resolved', { number: 3 });
    await record(event);
    await relay.drain();
    await queues.get(a).remove(event.id); // what a Redis restart without persistence does to one job
    await dueNow();

    expect(await relay.confirm()).toEqual({ checked: 1, completed: 0, failed: 0, lost: 1, pending: 0 });

    expect((await queues.get(a).getJob(event.id))?.data).toMatchObject({ id: event.id, type: 'incident.resolved', payload: { number: 3 } });
    expect(await jobCount(queues.get(b))).toBe(1);
    expect((await rowOf(event)).confirmed_at).toBeNull();

    await Promise.all([consume(a, 1), consume(b, 1)]);
    await dueNow();
    expect(await relay.confirm()).toEqual({ checked: 1, completed: 1, failed: 0, lost: 0, pending: 0 });
    expect((await rowOf(event)).confirmed_at).toBeInstanceOf(Date);
    // Confirmed rows are never looked at again.
    await dueNow();
    expect((await relay.confirm()).checked).toBe(0);
  });

  it('backs off on a row whose job still waits, and is not asked about before it is due', async () => {
    const queue = aQueueName();
    const relay = aRelay({ 'incident.updated': [queue] });
    const event = anEvent('incident.updated');
    await record(event);
    await relay.drain();
    expect((await relay.confirm()).checked).toBe(0); // first look only after a few seconds
    await dueNow();

    expect(await relay.confirm()).toEqual({ checked: 1, completed: 0, failed: 0, lost: 0, pending: 1 });

    const row = await rowOf(event);
    expect(row.check_count).toBe(1);
    expect(row.next_check_at.getTime()).toBeGreaterThan(Date.now() + 4_000);
    expect((await relay.confirm()).checked).toBe(0);
  });

  it('settles an event whose job failed for good (the consumer keeps the dead letter)', async () => {
    const oneAttempt = new QueueRegistry(testPlatformConfig('outbox-relay-test', { PORT: '4999', JOB_ATTEMPTS: '1', QUEUE_PREFIX: config.queuePrefix }));
    const queue = aQueueName();
    const relay = aRelay({ 'incident.declared': [queue] }, oneAttempt);
    const event = anEvent('incident.declared');
    try {
      await record(event);
      await relay.drain();
      await consume(queue, 1, true);
      await dueNow();

      expect(await relay.confirm()).toEqual({ checked: 1, completed: 0, failed: 1, lost: 0, pending: 0 });
    } finally {
      await oneAttempt.onApplicationShutdown();
    }
    expect(await queues.get(queue).getJobState(event.id)).toBe('failed');
    expect((await rowOf(event)).confirmed_at).toBeInstanceOf(Date);
  });

  it('re-enqueues 2,000 events whose jobs Redis lost within a few passes, while the oldest 500 still wait', async () => {
    const queue = aQueueName();
    const relay = aRelay({ 'incident.updated': [queue] });
    const events = Array.from({ length: 2_500 }, () => anEvent('incident.updated'));
    for (let i = 0; i < events.length; i += 500) await record(...events.slice(i, i + 500));
    await relay.drain();
    // Redis lost every job but the oldest 500's, which still wait.
    const lost = events.slice(500);
    for (const event of lost) await queues.get(queue).remove(event.id);
    await dataSource.query(
      "UPDATE incidents.outbox SET next_check_at = now() - interval '10 seconds' + make_interval(secs => seq::double precision / 100000)",
    );
    const reEnqueued = async () => {
      const states = await Promise.all(lost.map((event) => queues.get(queue).getJobState(event.id)));
      return states.filter((state) => state === 'waiting').length;
    };

    let passes = 0;
    while ((await reEnqueued()) < 2_000 && passes < 10) {
      await relay.confirm();
      passes++;
    }

    expect(await reEnqueued()).toBe(2_000);
    expect(passes).toBeLessThanOrEqual(3);
    const [{ pending }] = await dataSource.query(
      'SELECT count(*)::int AS pending FROM incidents.outbox WHERE event_id = ANY($1) AND check_count >= 1 AND confirmed_at IS NULL',
      [events.slice(0, 500).map((event) => event.id)],
    );
    expect(pending).toBe(500);
  });
});

/** Rejects with a "still pending" error if `work` has not settled within `ms`. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms (hung instead of failing)`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
