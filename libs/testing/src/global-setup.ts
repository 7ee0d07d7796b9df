import { join } from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';
import { adminQuery, databaseUrl, TEMPLATE_DATABASE } from './database';

// Global setup runs outside Jest's module map: resolve `@companyos/*` from tsconfig.json.
const tsconfig = loadConfig(join(__dirname, '..', '..', '..'));
if (tsconfig.resultType === 'success') register({ baseUrl: tsconfig.absoluteBaseUrl, paths: tsconfig.paths });

/**
 * Once per test run: builds the template database from the migrations, so
 * each test file can copy a migrated database in milliseconds.
 */
export default async function globalSetup() {
  if (process.env.COMPANYOS_TEMPLATE_READY) return;
  await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const { createMigrationDataSource } = await import('../../../migrations/data-source');
  const dataSource = await createMigrationDataSource(databaseUrl(TEMPLATE_DATABASE)).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  process.env.COMPANYOS_TEMPLATE_READY = '1';
}
