import { PrivateRedis, testPlatformConfig, waitFor } from '@companyos/testing';
import IORedis from 'ioredis';
import { QueueRegistry } from './queue-registry';

// Repeatable jobs live only in Redis: a schedule kept with keepScheduled comes
// back after Redis loses it (a flush while the app runs, Redis away at boot),
// and putting back one that is there does not move its next run. On a private
// redis-server, flushed and stopped at will.
describe('QueueRegistry.keepScheduled', () => {
  let redis: PrivateRedis;
  let queues: QueueRegistry;
  let admin: IORedis;
  const QUEUE = 'test.kept';

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    admin = new IORedis(redis.url);
    queues = new QueueRegistry(testPlatformConfig('schedule-test', { PORT: '4999', REDIS_URL: redis.url, ENQUEUE_TIMEOUT_MS: '500' }));
  });

  afterAll(async () => {
    await queues.onApplicationShutdown();
    admin.disconnect();
    await redis.stop();
  });

  const scheduler = async (id: string) => (await queues.get(QUEUE).getJobSchedulers()).find((s) => s.key === id) ?? null;

  it('puts a schedule back after Redis is flushed, without moving the next run of one that is there', async () => {
    queues.keepScheduled(QUEUE, 'flushed', 200, 'tick');
    const first = await waitFor('the schedule', () => scheduler('flushed'));
    await new Promise((done) => setTimeout(done, 700));
    // Checked (upserted) three times meanwhile: still the same next run.
    expect((await scheduler('flushed'))?.next).toBe(first.next);

    await admin.flushall();
    expect(await scheduler('flushed')).toBeNull();
    await waitFor('the schedule back after the flush', () => scheduler('flushed'));
  });

  it('schedules once Redis is back when it was away at first', async () => {
    await redis.stop();
    queues.keepScheduled(QUEUE, 'late', 200, 'tick');
    await new Promise((done) => setTimeout(done, 600));
    await redis.start();
    await waitFor('the schedule once Redis is back', () => scheduler('late'), 15_000);
  });
});
