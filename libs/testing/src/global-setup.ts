import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';
import { adminQuery, databaseUrl, TEMPLATE_ENV } from './database';

// Global setup runs outside Jest's module map: resolve `@companyos/*` from tsconfig.json.
const tsconfig = loadConfig(join(__dirname, '..', '..', '..'));
if (tsconfig.resultType === 'success') register({ baseUrl: tsconfig.absoluteBaseUrl, paths: tsconfig.paths });

/**
 * Once per test run (the int and e2e projects share it): builds this run's
 * template database from the migrations, so each test file can copy a
 * migrated database in milliseconds. The name reaches the test workers
 * through the environment; the global teardown drops it.
 */
export default async function globalSetup() {
  if (process.env[TEMPLATE_ENV]) return;
  const name = `companyos_test_template_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const { createMigrationDataSource } = await import('../../../migrations/data-source');
  const dataSource = await createMigrationDataSource(databaseUrl(name)).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  process.env[TEMPLATE_ENV] = name;
}
