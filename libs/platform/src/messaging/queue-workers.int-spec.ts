import { createTestDatabase, dropTestDatabase, testPlatformConfig, waitFor } from '@companyos/testing';
import { Job } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { INCIDENTS_ENTITIES } from '../../../../apps/incidents/src/incidents.entities';
import { postgresOptions } from '../database/postgres-options';
import { DeadLetters } from './dead-letters';
import { QueueRegistry } from './queue-registry';
import { QueueWorkers } from './queue-workers';

// Real BullMQ workers on the shared Redis (this file's own QUEUE_PREFIX): a job
// that hangs past JOB_TIMEOUT_MS fails, is retried, and does not keep its slot.
describe('QueueWorkers job time limit', () => {
  const config = testPlatformConfig('queue-workers-test', { PORT: '4999', JOB_TIMEOUT_MS: '500', WORKER_CONCURRENCY: '1' });
  const queues = new QueueRegistry(config);
  let url: string;
  let dataSource: DataSource;
  let workers: QueueWorkers;
  const queueName = `test.hang-${randomBytes(3).toString('hex')}`;

  /** Each job's attempts, in order: whether the handler was told to stop when its time ran out. */
  const attempts = new Map<string, { aborted: boolean }[]>();

  beforeAll(async () => {
    // Workers keep a job that fails for good as a dead letter: they need an app's dead-letter table (the incidents schema's here).
    url = await createTestDatabase();
    dataSource = await new DataSource({ ...postgresOptions(url), entities: INCIDENTS_ENTITIES }).initialize();
    workers = new QueueWorkers(config, new DeadLetters(dataSource));
    // A job named `hang` hangs on its first attempt (never settles) and succeeds on the next; `quick` jobs succeed at once.
    workers.consume(queueName, async (job: Job, signal) => {
      const seen = attempts.get(job.id!) ?? [];
      const attempt = { aborted: false };
      seen.push(attempt);
      attempts.set(job.id!, seen);
      signal.addEventListener('abort', () => (attempt.aborted = true));
      if (job.name === 'hang' && seen.length === 1) return new Promise(() => undefined);
      return { attempt: seen.length };
    });
    workers.onApplicationBootstrap();
  });

  afterAll(async () => {
    await workers.beforeApplicationShutdown();
    await queues.get(queueName).obliterate({ force: true });
    await queues.onApplicationShutdown();
    await dataSource?.destroy();
    if (url) await dropTestDatabase(url);
  });

  it('fails a job that runs past JOB_TIMEOUT_MS, retries it, and frees its slot for the next job', async () => {
    const queue = queues.get(queueName);
    const hung = await queue.add('hang', {}, { attempts: 3, backoff: { type: 'fixed', delay: 100 } });
    const quick = await queue.add('quick', {}, { attempts: 1 });

    // One slot (WORKER_CONCURRENCY=1): the quick job behind the hung one completes only if the hung one let go of it.
    await waitFor('the quick job to complete', async () => (await queue.getJob(quick.id!))?.finishedOn !== undefined, 10_000);
    await waitFor('the hung job to complete on a retry', async () => (await queue.getJobState(hung.id!)) === 'completed', 10_000);

    const done = (await queue.getJob(hung.id!))!;
    expect(done.attemptsMade).toBe(2);
    expect(done.returnvalue).toEqual({ attempt: 2 });
    expect(attempts.get(hung.id!)).toEqual([{ aborted: true }, { aborted: false }]);
    expect((done.stacktrace ?? []).join('\n')).toMatch(/ran longer than its 500 ms \(JOB_TIMEOUT_MS\)/);
  });
});
