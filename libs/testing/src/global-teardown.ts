import { adminQuery, TEMPLATE_ENV } from './database';

/** Drops this run's template database (see global-setup.ts); the second project's call finds nothing to do. */
export default async function globalTeardown() {
  const name = process.env[TEMPLATE_ENV];
  if (name) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
