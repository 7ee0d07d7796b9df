import { createMigrationDataSource } from '../../../migrations/data-source';
import { adminQuery, databaseUrl, TEMPLATE_DATABASE } from './database';

/**
 * Once per test run: builds the template database from the migrations, so
 * each test file can copy a migrated database in milliseconds.
 */
export default async function globalSetup() {
  if (process.env.COMPANYOS_TEMPLATE_READY) return;
  await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const dataSource = await createMigrationDataSource(databaseUrl(TEMPLATE_DATABASE)).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  process.env.COMPANYOS_TEMPLATE_READY = '1';
}
