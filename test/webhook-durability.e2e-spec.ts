import { githubExample, githubHeaders, PrivateRedis, Stack, TEST_GITHUB_SECRET, waitFor } from '@companyos/testing';
import { queueKeyPrefix } from '@companyos/platform';
import { Queue } from 'bullmq';
import { Client } from 'pg';

// Accepted means never lost: a delivery accepted while Redis is down is
// processed once Redis is back, and a worker killed in the middle of a job
// leaves exactly one effect. Runs on a private redis-server it may stop.
describe('webhook durability', () => {
  let redis: PrivateRedis;
  let stack: Stack;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    stack = await Stack.start({
      redisUrl: redis.url,
      gatewayEnv: { ENQUEUE_TIMEOUT_MS: '500' },
      // Short locks so a dead worker's job is taken over within seconds.
      incidentsEnv: { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  /** A published `labeled` example about an issue of its own. */
  const anIncidentIssue = (id: number) => {
    const payload = githubExample('issues', 'labeled', { bug: 'incident' });
    payload.issue.id = id;
    payload.issue.number = id;
    payload.issue.title = `issue ${id}`;
    return payload;
  };

  const deliver = (payload: unknown, deliveryId: string) => {
    const body = JSON.stringify(payload);
    return fetch(`${stack.gateway.url}/api/companyos/github-webhook`, {
      method: 'POST',
      headers: githubHeaders(TEST_GITHUB_SECRET, 'issues', body, deliveryId),
      body,
    });
  };

  const incidentsOfIssue = (id: number) => stack.count(`SELECT 1 FROM incidents.incidents WHERE github_issue_id = $1`, [id]);

  it('accepts a delivery while Redis is down and processes it once Redis is back', async () => {
    await redis.stop();
    try {
      const response = await deliver(anIncidentIssue(9001), 'while-redis-down');
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ status: 'accepted', deliveryId: 'while-redis-down' });
      // Stored once per consuming queue (incidents and knowledge), none of them enqueued.
      expect(await stack.count(`SELECT 1 FROM ingest.deliveries WHERE delivery_key = 'while-redis-down' AND enqueued_at IS NULL`)).toBe(2);

      const ready = await fetch(`${stack.gateway.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { failures: object }).failures).toHaveProperty('redis');
    } finally {
      // Whatever failed above, the next test needs Redis (a queue call to a stopped Redis waits for ever).
      await redis.start();
    }
    await waitFor('the delivery to become an incident', async () => (await incidentsOfIssue(9001)) === 1, 30_000);
    await waitFor('the relay to confirm completion', async () =>
      (await stack.count(`SELECT 1 FROM ingest.deliveries WHERE delivery_key = 'while-redis-down' AND completed_at IS NOT NULL`)) === 2,
      30_000,
    );
  });

  it('has exactly one effect when the worker is killed in the middle of a job', async () => {
    // Hold a lock the job needs, so it is provably mid-flight when the worker dies.
    const blocker = new Client({ connectionString: stack.dbUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE incidents.incidents IN ACCESS EXCLUSIVE MODE');

    const queue = new Queue('incidents.github', { connection: { url: redis.url }, prefix: queueKeyPrefix(stack.queuePrefix, 'incidents.github') });
    try {
      expect((await deliver(anIncidentIssue(9002), 'killed-mid-job')).status).toBe(202);
      await waitFor('the job to be active', async () => (await queue.getActiveCount()) === 1);

      await stack.incidents.stop('SIGKILL');
      await blocker.query('ROLLBACK');
      await stack.restartIncidents();

      await waitFor('the job to be taken over and completed', async () => (await incidentsOfIssue(9002)) === 1, 30_000);
      await waitFor('the queue to settle', async () => (await queue.getActiveCount()) + (await queue.getWaitingCount()) === 0);
      expect(await incidentsOfIssue(9002)).toBe(1);
      expect(
        await stack.count(
          `SELECT 1 FROM incidents.timeline_entries t JOIN incidents.incidents i ON i.id = t.incident_id WHERE i.github_issue_id = 9002`,
        ),
      ).toBe(1);
      expect(await stack.count(`SELECT 1 FROM incidents.processed_messages WHERE message_id = 'github:killed-mid-job'`)).toBe(1);
    } finally {
      await blocker.end();
      await queue.close();
    }
  });
});
