import { createTestDatabase, dropTestDatabase, testPlatformConfig, waitFor } from '@companyos/testing';
import { Worker } from 'bullmq';
import { randomBytes, randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { IncidentProcessedMessageEntity } from '../../../../apps/incidents/src/incidents/incident-messaging.entities';
import { INCIDENTS_ENTITIES } from '../../../../apps/incidents/src/incidents.entities';
import { postgresOptions } from '../database/postgres-options';
import { DeadLetterAdmin } from './dead-letter-admin';
import { DEAD_LETTERS_METRIC, DeadLetters } from './dead-letters';
import { DomainEvent, eventMessageId } from './messages';
import { claimMessage, domainEvent } from './outbox';
import { QueueRegistry } from './queue-registry';
import { queueKeyPrefix, redisOptions } from './redis-options';
import { Retention } from './retention';

// Dead letters and retention over the incidents schema's real tables, with real
// BullMQ workers in the shared Redis (under this file's own QUEUE_PREFIX).
describe('dead letters and retention', () => {
  let url: string;
  let dataSource: DataSource;
  let queues: QueueRegistry;
  let deadLetters: DeadLetters;
  let admin: DeadLetterAdmin;
  const config = testPlatformConfig('dead-letters-test', { PORT: '4999', JOB_ATTEMPTS: '2', ENQUEUE_TIMEOUT_MS: '10000' });
  const queue = `test.dead-letters-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    url = await createTestDatabase();
    dataSource = await new DataSource({ ...postgresOptions(url), entities: INCIDENTS_ENTITIES }).initialize();
    queues = new QueueRegistry(config);
    deadLetters = new DeadLetters(dataSource);
    admin = new DeadLetterAdmin(dataSource, queues);
  });

  afterAll(async () => {
    await queues.get(queue).obliterate({ force: true }).catch(() => undefined);
    await queues?.onApplicationShutdown();
    await dataSource?.destroy();
    if (url) await dropTestDatabase(url);
  });

  /** A consumer whose effect is counted; it fails while `broken` is set, as one whose table is away would. */
  const aConsumer = () => {
    const state = { broken: true, effects: 0, runs: 0 };
    const handler = async (job: { data: DomainEvent }) => {
      state.runs++;
      if (state.broken) throw new Error('relation "incidents.incidents" does not exist');
      await dataSource.transaction(async (manager) => {
        if (await claimMessage(manager, IncidentProcessedMessageEntity, eventMessageId(job.data))) state.effects++;
      });
    };
    const worker = new Worker(queue, deadLetters.guard(queue, handler), {
      connection: redisOptions(config.redisUrl, 'worker'),
      prefix: queueKeyPrefix(config.queuePrefix, queue),
    });
    return { state, worker };
  };

  const deadLettersOf = (jobId: string): Promise<Record<string, any>[]> =>
    dataSource.query('SELECT * FROM incidents.dead_letters WHERE queue = $1 AND job_id = $2', [queue, jobId]);

  it('keeps a job that failed its last attempt as a dead letter; a replay takes effect once, and replaying again does nothing', async () => {
    const { state, worker } = aConsumer();
    const event = domainEvent('alert.critical_fired', randomUUID(), { alertId: randomUUID() });
    try {
      await queues.enqueue(queue, [{ name: event.type, data: event, opts: { jobId: event.id } }]);
      await waitFor('the dead letter', async () => (await deadLettersOf(event.id)).length === 1, 15_000);

      const [letter] = await deadLettersOf(event.id);
      expect(letter).toMatchObject({ job_name: 'alert.critical_fired', attempts: 2, failures: 1, replayed_at: null });
      expect(letter.last_error).toMatch(/does not exist/);
      expect(letter.data).toEqual(event);
      expect(state.runs).toBe(2);
      await waitFor('the job to fail', async () => (await queues.get(queue).getJobState(event.id)) === 'failed', 5_000);

      deadLetters.onApplicationBootstrap();
      expect(await register.getSingleMetricAsString(DEAD_LETTERS_METRIC)).toContain(`${DEAD_LETTERS_METRIC}{queue="${queue}"} 1`);
      const listed = await admin.list(queue);
      expect(listed.map((entry) => entry.jobId)).toEqual([event.id]);

      state.broken = false;
      const replayed = await admin.replay(queue);

      expect(replayed.map((entry) => entry.jobId)).toEqual([event.id]);
      await waitFor('the replayed job to complete', async () => (await queues.get(queue).getJobState(event.id)) === 'completed', 10_000);
      expect(state.effects).toBe(1);
      expect((await deadLettersOf(event.id))[0].replayed_at).toBeInstanceOf(Date);
      expect(await register.getSingleMetricAsString(DEAD_LETTERS_METRIC)).toContain(`${DEAD_LETTERS_METRIC}{queue="${queue}"} 0`);

      // Idempotent: nothing left to replay; and the same event delivered again (a re-drive) is a no-op.
      expect(await admin.replay(queue)).toEqual([]);
      await queues.enqueue(queue, [{ name: event.type, data: event, opts: { jobId: `${event.id}-again` } }]);
      await waitFor('the second delivery to complete', async () => (await queues.get(queue).getJobState(`${event.id}-again`)) === 'completed', 10_000);
      expect(state.effects).toBe(1);
    } finally {
      await worker.close();
    }
  });

  it('replays only the dead letter named by --id, or those failed since --since', async () => {
    await dataSource.query(
      `INSERT INTO incidents.dead_letters (queue, job_id, job_name, data, last_error, attempts, failed_at) VALUES
         ($1, 'old', 'x', '{}', 'boom', 2, now() - interval '2 days'),
         ($1, 'new', 'x', '{}', 'boom', 2, now())`,
      [queue],
    );
    const [{ id: oldId }] = await dataSource.query("SELECT id::text FROM incidents.dead_letters WHERE job_id = 'old'");

    expect((await admin.replay(queue, { since: new Date(Date.now() - 3600_000) })).map((entry) => entry.jobId)).toEqual(['new']);
    expect((await admin.replay(queue, { id: oldId })).map((entry) => entry.jobId)).toEqual(['old']);
    expect(await queues.get(queue).getJob('old')).toBeDefined();
  });

  it('prunes confirmed outbox rows and processed messages after OUTBOX_RETENTION_DAYS and dead letters after 90 days; a duplicate within its window is still a no-op', async () => {
    await dataSource.query('TRUNCATE incidents.outbox, incidents.processed_messages, incidents.dead_letters');
    const recent = `event:${randomUUID()}`;
    await dataSource.query(
      `INSERT INTO incidents.processed_messages (message_id, processed_at) VALUES ($1, now() - interval '8 days'), ($2, now() - interval '6 days')`,
      [`event:${randomUUID()}`, recent],
    );
    await dataSource.query(
      `INSERT INTO incidents.outbox (event_id, type, aggregate_id, payload, occurred_at, published_at, confirmed_at) VALUES
         (gen_random_uuid(), 'incident.declared', 'old-confirmed', '{}', now(), now() - interval '8 days', now() - interval '8 days'),
         (gen_random_uuid(), 'incident.declared', 'recent-confirmed', '{}', now(), now() - interval '1 day', now() - interval '1 day'),
         (gen_random_uuid(), 'incident.declared', 'old-unconfirmed', '{}', now(), now() - interval '8 days', NULL),
         (gen_random_uuid(), 'incident.declared', 'old-unpublished', '{}', now(), NULL, NULL)`,
    );
    await dataSource.query(
      `INSERT INTO incidents.dead_letters (queue, job_id, job_name, data, last_error, attempts, failed_at) VALUES
         ($1, 'ancient', 'x', '{}', 'boom', 2, now() - interval '91 days'), ($1, 'kept', 'x', '{}', 'boom', 2, now() - interval '89 days')`,
      [queue],
    );

    const removed = await new Retention(config, dataSource).prune();

    expect(removed).toEqual({ 'incidents.outbox': 1, 'incidents.processed_messages': 1, 'incidents.dead_letters': 1 });
    const outbox = await dataSource.query('SELECT aggregate_id FROM incidents.outbox ORDER BY aggregate_id');
    expect(outbox.map((row: { aggregate_id: string }) => row.aggregate_id)).toEqual(['old-unconfirmed', 'old-unpublished', 'recent-confirmed']);
    expect(await dataSource.query('SELECT job_id FROM incidents.dead_letters')).toEqual([{ job_id: 'kept' }]);
    // The message processed 6 days ago is still known: running it again is a no-op.
    expect(await dataSource.transaction((manager) => claimMessage(manager, IncidentProcessedMessageEntity, recent))).toBe(false);
  });
});
