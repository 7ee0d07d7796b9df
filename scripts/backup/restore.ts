import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { BackupManifest, backupManifestSchema, countMismatches, MANIFEST_FILE, restoreDatabaseName } from './backup.rules';
import { appliedMigrations, countRows, quoteIdent, sha256File } from './backup';
import { connect, pgTool, runTool, toolTimeoutMs, withDatabase } from './pg-tools';

export class RestoreRefused extends Error {}

/** Reads and validates a backup's manifest; `path` is the backup directory or its manifest.json. */
export async function readBackup(path: string): Promise<{ directory: string; manifest: BackupManifest; dumpPath: string }> {
  const full = resolve(path);
  if (!existsSync(full)) throw new RestoreRefused(`${full} does not exist`);
  const directory = statSync(full).isDirectory() ? full : dirname(full);
  const manifestPath = statSync(full).isDirectory() ? join(full, MANIFEST_FILE) : full;
  if (!existsSync(manifestPath)) throw new RestoreRefused(`${directory} is not a backup: it has no ${MANIFEST_FILE}`);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    throw new RestoreRefused(`${manifestPath} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = backupManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RestoreRefused(`${manifestPath} is not a CompanyOS backup manifest: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const manifest = parsed.data;
  if (basename(manifest.dump.file) !== manifest.dump.file) throw new RestoreRefused(`${manifestPath}: dump.file must be a file name beside the manifest`);
  return { directory, manifest, dumpPath: join(directory, manifest.dump.file) };
}

/** Refuses a dump whose SHA-256 or size is not the manifest's (damaged, truncated or swapped). */
export async function verifyDump(dumpPath: string, manifest: BackupManifest): Promise<void> {
  if (!existsSync(dumpPath)) throw new RestoreRefused(`the dump ${dumpPath} is missing`);
  const sha256 = await sha256File(dumpPath);
  if (sha256 !== manifest.dump.sha256) {
    throw new RestoreRefused(`checksum mismatch: ${dumpPath} has SHA-256 ${sha256}, the manifest says ${manifest.dump.sha256} (damaged or not this backup's dump); nothing was restored`);
  }
  const bytes = statSync(dumpPath).size;
  if (bytes !== manifest.dump.bytes) throw new RestoreRefused(`${dumpPath} has ${bytes} bytes, the manifest says ${manifest.dump.bytes}`);
}

export interface RestoreOptions {
  /** The database to restore into (default: derived from the backup). */
  database?: string;
  /** Restore even into an existing database holding data: it is dropped and created anew. */
  force?: boolean;
}

export interface RestoreResult {
  database: string;
  tables: number;
  rows: number;
}

/**
 * Restores a backup into a new database on the server of `serverUrl`, then
 * checks it against the manifest (every table's row count, the migrations).
 * An existing, empty database is used as it is; one holding anything is
 * refused unless `force` (then it is dropped and created again). When
 * pg_restore fails, the database this restore created is dropped again.
 */
export async function restoreBackup(backupPath: string, serverUrl: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const timeoutMs = toolTimeoutMs();
  const { manifest, dumpPath } = await readBackup(backupPath);
  await verifyDump(dumpPath, manifest);
  const database = options.database ?? restoreDatabaseName(manifest);
  const targetUrl = withDatabase(serverUrl, database);

  const admin = await connect(withDatabase(serverUrl, 'postgres'), 60_000, 'companyos-restore');
  let created = false;
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) {
      const objects = await objectsIn(targetUrl);
      if (objects > 0 && !options.force) {
        throw new RestoreRefused(`database ${database} is not empty (${objects} tables, sequences, views or types); restore into a new database (--database NAME) or pass --force to drop and recreate it`);
      }
      if (objects > 0) {
        await admin.query(`DROP DATABASE ${quoteIdent(database)} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
        created = true;
      }
    } else {
      await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
      created = true;
    }
    try {
      await runTool(pgTool('pg_restore'), ['--exit-on-error', '--single-transaction', `--dbname=${database}`, dumpPath], serverUrl, timeoutMs, database);
    } catch (error) {
      if (created) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`).catch(() => undefined);
      throw error;
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
  return verifyRestored(targetUrl, database, manifest, timeoutMs);
}

/** Relations and types of the platform's schemas in a database (0: empty). */
async function objectsIn(url: string): Promise<number> {
  const client = await connect(url, 60_000, 'companyos-restore');
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname NOT IN ('information_schema') AND n.nspname NOT LIKE 'pg\\_%')
            + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE t.typtype IN ('e', 'd', 'c', 'r') AND n.nspname NOT IN ('information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                  AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)) AS n`,
    );
    return Number(rows[0].n);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function verifyRestored(url: string, database: string, manifest: BackupManifest, timeoutMs: number): Promise<RestoreResult> {
  const client = await connect(url, timeoutMs, 'companyos-restore');
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const counts = await countRows(client);
    const migrations = await appliedMigrations(client);
    await client.query('COMMIT');
    const problems = countMismatches(manifest.rowCounts, counts);
    if (migrations.join('\n') !== manifest.migrations.names.join('\n')) {
      problems.push(`migrations: ${manifest.migrations.applied} in the manifest (last ${manifest.migrations.last}), ${migrations.length} restored (last ${migrations.at(-1) ?? null})`);
    }
    if (problems.length) throw new Error(`database ${database} does not match the backup's manifest (left for inspection):\n  ${problems.join('\n  ')}`);
    return { database, tables: Object.keys(counts).length, rows: Object.values(counts).reduce((sum, n) => sum + n, 0) };
  } finally {
    await client.end().catch(() => undefined);
  }
}
