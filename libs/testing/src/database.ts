import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testEnv } from './test-env';

/** The server tests run against; TEST_DATABASE_SERVER overrides it. */
export const TEST_SERVER = testEnv.databaseServer;
/**
 * Names this run's template database: migrated once by the global setup and
 * copied by every test file. Each run has its own, so runs side by side (two
 * terminals, CI and a developer) never copy one that another is rebuilding.
 */
export const TEMPLATE_ENV = 'COMPANYOS_TEST_TEMPLATE';

export function templateDatabase(): string {
  const name = process.env[TEMPLATE_ENV];
  if (!name) throw new Error(`${TEMPLATE_ENV} is not set: run the tests through Jest, whose global setup migrates the template`);
  return name;
}

export const databaseUrl = (name: string, server = TEST_SERVER) => `${server}/${name}`;

export async function adminQuery(sql: string, server = TEST_SERVER): Promise<void> {
  const client = new Client({ connectionString: databaseUrl('postgres', server) });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `companyos_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase()}`);
  return databaseUrl(name);
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
