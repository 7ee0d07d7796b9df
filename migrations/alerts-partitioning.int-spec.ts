import { adminQuery, databaseUrl } from '@companyos/testing';
import { randomBytes } from 'node:crypto';
import { createMigrationDataSource } from './data-source';

const PARTITIONING = 'PartitionAlertsByMonth1796140000000';

// The migration that partitions alerts.alerts by month, run on a database that
// already holds alerts: every row survives unchanged, each in its month's
// partition (history older than two years in the default one), and arrival
// order (seq) continues where it was.
describe('migration PartitionAlertsByMonth', () => {
  const name = `companyos_partitioning_${randomBytes(4).toString('hex')}`;
  const dataSource = createMigrationDataSource(databaseUrl(name));

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE ${name}`);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    // Back to the schema before the partitioning (undoing anything that came after it too).
    for (;;) {
      const [last] = await dataSource.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1');
      await dataSource.undoLastMigration({ transaction: 'each' });
      if (last.name === PARTITIONING) break;
    }
  });

  afterAll(async () => {
    await dataSource.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  const snapshot = () => dataSource.query(`SELECT to_jsonb(a) AS row FROM alerts.alerts a ORDER BY seq`).then((rows) => rows.map((r: { row: unknown }) => r.row));

  it('moves every existing alert into the partitioned table unchanged, each in its month', async () => {
    const relkind = async () => (await dataSource.query(`SELECT relkind FROM pg_class WHERE oid = 'alerts.alerts'::regclass`))[0].relkind;
    expect(await relkind()).toBe('r');
    const now = Date.now();
    const startedDaysAgo = [0, 1, 45, 100, 1000];
    for (const [i, days] of startedDaysAgo.entries()) {
      await dataSource.query(
        `INSERT INTO alerts.alerts (fingerprint, alert_name, severity, status, service, labels, annotations, starts_at, group_key, first_received_at, last_received_at, receive_count, incident_id)
         VALUES ($1, 'DiskFull', 'WARNING', $2, 'db', '{"a":"b"}', '{}', $3, 'g', now(), now(), $4, CASE WHEN $4 = 3 THEN gen_random_uuid() END)`,
        [`fp${i}`, i % 2 ? 'RESOLVED' : 'FIRING', new Date(now - days * 86_400_000), i + 1],
      );
    }
    const before = await snapshot();

    await dataSource.runMigrations({ transaction: 'each' });

    expect(await relkind()).toBe('p');
    expect(await snapshot()).toEqual(before);
    const placed: { fingerprint: string; partition: string; starts_at: Date }[] = await dataSource.query(
      `SELECT fingerprint, tableoid::regclass::text AS partition, starts_at FROM alerts.alerts ORDER BY fingerprint`,
    );
    for (const row of placed) {
      const month = `${row.starts_at.getUTCFullYear()}m${String(row.starts_at.getUTCMonth() + 1).padStart(2, '0')}`;
      expect({ fingerprint: row.fingerprint, partition: row.partition }).toEqual({
        fingerprint: row.fingerprint,
        partition: row.fingerprint === 'fp4' ? 'alerts.alerts_default' : `alerts.alerts_y${month}`,
      });
    }
    // seq continues after the copied rows; the identity is still unique.
    const [{ max }] = await dataSource.query(`SELECT max(seq)::bigint AS max FROM alerts.alerts`);
    const [inserted] = await dataSource.query(
      `INSERT INTO alerts.alerts (fingerprint, alert_name, severity, status, labels, annotations, starts_at, group_key, first_received_at, last_received_at)
       VALUES ('fp-new', 'X', 'INFO', 'FIRING', '{}', '{}', now(), 'g', now(), now()) RETURNING seq`,
    );
    expect(BigInt(inserted.seq)).toBeGreaterThan(BigInt(max));
    const first = before[0] as { fingerprint: string; starts_at: string };
    await expect(
      dataSource.query(
        `INSERT INTO alerts.alerts (fingerprint, alert_name, severity, status, labels, annotations, starts_at, group_key, first_received_at, last_received_at)
         VALUES ($1, 'X', 'INFO', 'FIRING', '{}', '{}', $2, 'g', now(), now())`,
        [first.fingerprint, first.starts_at],
      ),
    ).rejects.toThrow(/alerts_identity|duplicate key/);
  });

  it('leaves nothing for the entities to add, and reverts to a plain table with the rows', async () => {
    const drift = await dataSource.driver.createSchemaBuilder().log();
    expect(drift.upQueries.map((query) => query.query)).toEqual([]);
    const before = await snapshot();
    for (;;) {
      const [last] = await dataSource.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1');
      await dataSource.undoLastMigration({ transaction: 'each' });
      if (last.name === PARTITIONING) break;
    }
    expect((await dataSource.query(`SELECT relkind FROM pg_class WHERE oid = 'alerts.alerts'::regclass`))[0].relkind).toBe('r');
    expect(await snapshot()).toEqual(before);
    await dataSource.runMigrations({ transaction: 'each' });
  });
});
