import { alertmanagerExample, PrivateRedis, Stack, TEST_ALERTMANAGER_TOKEN, waitFor } from '@companyos/testing';
import IORedis from 'ioredis';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'dist', 'scripts', 'dead-letters.js');

// Nothing accepted is lost, nothing is counted twice: domain events published
// while their consumers were down survive a Redis that lost every job (each
// outbox's confirm step re-enqueues them), and an event whose consumer fails
// past its attempts is kept as a dead letter until `npm run dead-letters --
// replay` puts it back. Runs on a private redis-server it may flush.
describe('event re-drive and dead letters, end to end', () => {
  let redis: PrivateRedis;
  let stack: Stack;
  const fewAttempts = { JOB_ATTEMPTS: '2' };

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    stack = await Stack.start({
      redisUrl: redis.url,
      gatewayEnv: fewAttempts,
      incidentsEnv: fewAttempts,
      deploymentsEnv: fewAttempts,
      alertsEnv: fewAttempts,
      accessEnv: fewAttempts,
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  const createIncident = async (title: string): Promise<string> => {
    const response = await stack.api('/api/companyos/incidents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title, severity: 'sev2', affectedServices: ['checkout'], commander: 'alice@example.com' }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  const deploymentsRecordOf = async (incidentId: string): Promise<Record<string, any> | undefined> =>
    (await stack.db.query('SELECT * FROM deployments.incidents WHERE incident_id = $1', [incidentId])).rows[0];

  const unpublished = (outbox: string) => stack.count(`SELECT 1 FROM ${outbox} WHERE published_at IS NULL`);

  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
        env: { ...process.env, DATABASE_URL: stack.dbUrl, REDIS_URL: redis.url, QUEUE_PREFIX: stack.queuePrefix, ENQUEUE_TIMEOUT_MS: '10000', LOG_LEVEL: 'warn' },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('every event published before Redis lost its jobs takes effect exactly once', async () => {
    const incidentId = await createIncident('payments degraded');
    await waitFor('deployments to record the incident', async () => (await deploymentsRecordOf(incidentId)) !== undefined, 30_000);

    await stack.withStopped(['deployments', 'access'], async () => {
      // incident.resolved for deployments, and an audit record of the mutation for access: both wait in Redis.
      const resolved = await stack.api(`/api/companyos/incidents/${incidentId}/resolve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resolution: 'rolled back' }),
      });
      expect(resolved.status).toBe(200);
      // A refused request is audited too.
      expect((await stack.api('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ whoami { id } }"}' }, null)).status).toBe(401);

      await stack.withStopped(['incidents'], async () => {
        // A critical alert: the alerts app stores it and publishes alert.critical_fired for the (stopped) incidents app.
        const notification = alertmanagerExample('firing');
        const webhook = await fetch(`${stack.gateway.url}/api/companyos/prometheus-webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ALERTMANAGER_TOKEN}` },
          body: JSON.stringify(notification),
        });
        expect(webhook.status).toBe(202);
        await waitFor(
          'every outbox to publish',
          async () =>
            (await stack.count("SELECT 1 FROM alerts.outbox WHERE type = 'alert.critical_fired' AND published_at IS NOT NULL")) === 1 &&
            (await stack.count("SELECT 1 FROM incidents.outbox WHERE type = 'incident.resolved' AND published_at IS NOT NULL")) === 1 &&
            (await unpublished('ingest.outbox')) === 0 &&
            (await stack.count('SELECT 1 FROM ingest.outbox')) >= 2,
          30_000,
        );

        // Redis loses every job (a restart without persistence) before any consumer ran.
        const client = new IORedis(redis.url);
        try {
          await client.flushall();
        } finally {
          client.disconnect();
        }
      });
    });

    await waitFor('the critical alert to declare an incident', async () => (await stack.count("SELECT 1 FROM incidents.incidents WHERE source = 'ALERT'")) === 1, 60_000);
    await waitFor('the resolution to reach deployments', async () => (await deploymentsRecordOf(incidentId))?.status === 'RESOLVED', 60_000);
    await waitFor(
      'every audit record to be stored',
      async () =>
        (await stack.count(
          `SELECT 1 FROM ingest.outbox o WHERE NOT EXISTS (SELECT 1 FROM access.audit_events a WHERE a.id = (o.payload->>'id')::uuid)`,
        )) === 0,
      60_000,
    );
    // Exactly once: one incident for the alert group, one record of each audit event, and every outbox row confirmed.
    expect(await stack.count("SELECT 1 FROM incidents.incidents WHERE source = 'ALERT'")).toBe(1);
    expect(await stack.count('SELECT a.id FROM access.audit_events a GROUP BY a.id HAVING count(*) > 1')).toBe(0);
    expect((await deploymentsRecordOf(incidentId))?.resolved_at).toBeInstanceOf(Date);
    await waitFor(
      'every outbox row to be confirmed',
      async () =>
        (await stack.count(
          `SELECT 1 FROM alerts.outbox WHERE confirmed_at IS NULL UNION ALL SELECT 1 FROM incidents.outbox WHERE confirmed_at IS NULL
           UNION ALL SELECT 1 FROM ingest.outbox WHERE confirmed_at IS NULL`,
        )) === 0,
      60_000,
    );
  });

  it('an event whose consumer fails past its attempts becomes a dead letter; replaying it takes effect once', async () => {
    // The deployments app's table is away: its consumer of incident events fails on every attempt.
    await stack.db.query('ALTER TABLE deployments.incidents RENAME TO incidents_away');
    let incidentId: string;
    try {
      incidentId = await createIncident('search is slow');
      await waitFor(
        'the dead letter',
        async () =>
          (await stack.count(`SELECT 1 FROM deployments.dead_letters WHERE queue = 'deployments.incidents' AND data->>'aggregateId' = $1`, [incidentId])) === 1,
        30_000,
      );
    } finally {
      await stack.db.query('ALTER TABLE deployments.incidents_away RENAME TO incidents');
    }
    const [letter] = (await stack.db.query(`SELECT * FROM deployments.dead_letters WHERE data->>'aggregateId' = $1`, [incidentId])).rows;
    expect(letter).toMatchObject({ job_name: 'incident.declared', attempts: 2, replayed_at: null });
    expect(letter.last_error).toMatch(/incidents/);
    expect(await deploymentsRecordOf(incidentId)).toBeUndefined();
    const metrics = await (await fetch(`${stack.deployments.url}/metrics`)).text();
    expect(metrics).toMatch(/companyos_dead_letters\{[^}]*queue="deployments\.incidents"[^}]*\} [1-9]/);

    const listed = await cli('list', '--queue', 'deployments.incidents');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`#${letter.id}  deployments.incidents  job ${letter.job_id}  incident.declared`);
    expect(await cli('replay')).toMatchObject({ code: 2, stderr: expect.stringContaining('--queue: required') });
    expect(await cli('replay', '--queue', 'deployments.incidents', '--since', 'soon')).toMatchObject({ code: 2, stderr: expect.stringContaining('--since') });

    const replayed = await cli('replay', '--queue', 'deployments.incidents');
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain(`replayed #${letter.id}  deployments.incidents  job ${letter.job_id}`);
    await waitFor('the replayed event to take effect', async () => (await deploymentsRecordOf(incidentId)) !== undefined, 30_000);

    // Replaying again changes nothing.
    const again = await cli('replay', '--queue', 'deployments.incidents', '--id', String(letter.id));
    expect(again).toMatchObject({ code: 0, stdout: '' });
    expect(again.stderr).toContain('nothing to replay on deployments.incidents');
    expect(await stack.count('SELECT 1 FROM deployments.incidents WHERE incident_id = $1', [incidentId])).toBe(1);
    expect((await stack.db.query('SELECT replayed_at FROM deployments.dead_letters WHERE id = $1', [letter.id])).rows[0].replayed_at).toBeInstanceOf(Date);
    const after = await (await fetch(`${stack.deployments.url}/metrics`)).text();
    expect(after).toMatch(/companyos_dead_letters\{[^}]*queue="deployments\.incidents"[^}]*\} 0/);
  });
});
