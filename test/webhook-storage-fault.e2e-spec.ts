import { adminQuery, alertmanagerExample, AppProcess, freePort, PrivatePostgres, TEST_ALERTMANAGER_TOKEN, TEST_GITHUB_SECRET, testEnv, waitFor } from '@companyos/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createMigrationDataSource } from '../migrations/data-source';

// A webhook is accepted only once it is stored: with PostgreSQL down the
// gateway answers 503 (Alertmanager retries 5xx, never 429), and what was
// accepted before the outage is neither lost nor touched. Runs the gateway and
// alerts apps on a private PostgreSQL server it may stop; Redis is the shared one.
describe('webhook storage fault: PostgreSQL down at accept time', () => {
  let postgres: PrivatePostgres;
  let dbUrl: string;
  let gateway: AppProcess;
  let alerts: AppProcess;

  beforeAll(async () => {
    postgres = await PrivatePostgres.start();
    await adminQuery('CREATE DATABASE companyos', postgres.url);
    dbUrl = `${postgres.url}/companyos`;
    const migrations = await createMigrationDataSource(dbUrl).initialize();
    try {
      await migrations.runMigrations({ transaction: 'each' });
    } finally {
      await migrations.destroy();
    }
    const shared = {
      DATABASE_URL: dbUrl,
      REDIS_URL: testEnv.redisUrl,
      QUEUE_PREFIX: `e2e-${randomBytes(4).toString('hex')}`,
      RELAY_INTERVAL_MS: '300',
    };
    alerts = await new AppProcess('alerts', await freePort(), { ...shared, ROLE: 'all' }).start();
    gateway = await new AppProcess('gateway', await freePort(), {
      ...shared,
      GITHUB_WEBHOOK_SECRET: TEST_GITHUB_SECRET,
      ALERTMANAGER_WEBHOOK_TOKEN: TEST_ALERTMANAGER_TOKEN,
      SUBGRAPH_ALERTS_URL: `${alerts.url}/graphql`,
    }).start();
  });

  afterAll(async () => {
    await Promise.allSettled([gateway?.stop(), alerts?.stop()]);
    await postgres?.destroy();
  });

  /** A real Alertmanager notification (one critical alert) about a service and alert of its own. */
  const aNotification = () => {
    const service = `checkout-${randomBytes(3).toString('hex')}`;
    const fingerprint = randomBytes(8).toString('hex');
    const notification = alertmanagerExample('firing');
    for (const labels of [notification.alerts[0].labels, notification.groupLabels, notification.commonLabels]) labels.service = service;
    notification.alerts[0].fingerprint = fingerprint;
    notification.groupKey = `{}:{alertname="HighErrorRate", service="${service}"}`;
    return { fingerprint, body: JSON.stringify(notification) };
  };

  const post = (body: string) =>
    fetch(`${gateway.url}/api/companyos/prometheus-webhook`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ALERTMANAGER_TOKEN}`, 'content-type': 'application/json' },
      body,
    });

  /** One query on a connection of its own (a kept one would die with the server). */
  const query = async <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: dbUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };
  const alertRows = (fingerprint: string) => query<{ row: any }>('SELECT to_jsonb(a) AS row FROM alerts.alerts a WHERE fingerprint = $1', [fingerprint]);
  const logs = () => `gateway log:\n${gateway.log.slice(-15).join('\n')}\nalerts log:\n${alerts.log.slice(-15).join('\n')}`;
  const waitForRows = (what: string, done: () => Promise<boolean>) =>
    waitFor(what, done, 20_000, 200).catch((error: Error) => {
      throw new Error(`${error.message}\n${logs()}`);
    });

  it('answers 503 (never 429) while it cannot store, loses nothing accepted, and accepts the retry once PostgreSQL is back', async () => {
    const first = aNotification();
    const accepted = await post(first.body);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ status: 'accepted', alerts: 1 });
    await waitForRows('the first alert in alerts.alerts', async () => (await alertRows(first.fingerprint)).length === 1);
    const [before] = await alertRows(first.fingerprint);

    await postgres.stop();
    const second = aNotification();
    const refused = await post(second.body);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: 'UNAVAILABLE', message: expect.stringContaining('could not be stored') });
    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { failures: object }).failures).toHaveProperty('postgres');

    await postgres.restart();
    // Alertmanager retries the same notification after a 5xx.
    const retried = await post(second.body);
    expect(retried.status).toBe(202);
    expect(await retried.json()).toMatchObject({ status: 'accepted', alerts: 1 });

    await waitForRows('the second alert in alerts.alerts', async () => (await alertRows(second.fingerprint)).length === 1);
    expect(await alertRows(first.fingerprint)).toEqual([before]);
    expect(before.row.receive_count).toBe(1);
    expect(await alertRows(second.fingerprint)).toEqual([{ row: expect.objectContaining({ receive_count: 1 }) }]);
    expect(await query(`SELECT count(*)::int AS n FROM ingest.deliveries WHERE source = 'alertmanager'`)).toEqual([{ n: 2 }]);
    expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);
  });
});
