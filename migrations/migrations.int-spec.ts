import { adminQuery, databaseUrl } from '@companyos/testing';
import { randomBytes } from 'node:crypto';
import { createMigrationDataSource } from './data-source';

describe('migrations', () => {
  const name = `companyos_migrations_${randomBytes(4).toString('hex')}`;
  const dataSource = createMigrationDataSource(databaseUrl(name));

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE ${name}`);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('build every schema on an empty database, leaving nothing for the entities to add', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    const schemas = await dataSource.query(
      `SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('ingest', 'incidents') ORDER BY 1`,
    );
    expect(schemas.map((row: { schema_name: string }) => row.schema_name)).toEqual(['incidents', 'ingest']);
    // What `typeorm migration:generate` would write now: nothing, or entities and migrations drifted.
    const drift = await dataSource.driver.createSchemaBuilder().log();
    expect(drift.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('can all be reverted', async () => {
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema IN ('ingest', 'incidents')`);
    expect(tables).toEqual([]);
  });
});
