import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Client } from 'pg';
import { BackupManifest, backupDirectoryName, DUMP_FILE, majorVersion, MANIFEST_FILE } from './backup.rules';
import { connect, databaseOf, pgTool, runTool, toolTimeoutMs } from './pg-tools';

/** Schemas of the server itself, never the platform's. */
const SYSTEM_SCHEMAS = `n.nspname NOT IN ('information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every table of the platform's schemas (a partitioned table once, through its parent), as `schema.table`. */
export async function listTables(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ schema: string; table: string }>(
    `SELECT n.nspname AS schema, c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${SYSTEM_SCHEMAS}
      ORDER BY 1, 2`,
  );
  return rows.map((row) => `${row.schema}.${row.table}`);
}

/** Exact row counts of every table, in the client's current snapshot. */
export async function countRows(client: Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await listTables(client)) {
    const [schema, name] = splitTable(table);
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(schema)}.${quoteIdent(name)}`);
    counts[table] = Number(rows[0].n);
  }
  return counts;
}

const splitTable = (table: string): [string, string] => {
  const dot = table.indexOf('.');
  return [table.slice(0, dot), table.slice(dot + 1)];
};

/** The migrations applied to the database (TypeORM's `migrations` table), oldest first; none when it has no such table. */
export async function appliedMigrations(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('public.migrations') IS NOT NULL AS exists`);
  if (!rows[0].exists) return [];
  const applied = await client.query<{ name: string }>('SELECT name FROM public.migrations ORDER BY id');
  return applied.rows.map((row) => row.name);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The repository's package.json version (the running build's). */
export function appVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'companyos') return pkg.version ?? 'unknown';
    }
  }
  return 'unknown';
}

export interface BackupResult {
  directory: string;
  manifest: BackupManifest;
}

/**
 * Backs up the database of `databaseUrl` into a new directory under `outRoot`:
 * `database.dump` (pg_dump custom format, every schema) and `manifest.json`.
 * The row counts and the dump come from one snapshot (the counting transaction
 * exports it and pg_dump reads it with --snapshot), so they agree even while
 * the platform keeps writing. Written under a `.partial` name and renamed when
 * complete: a directory without that suffix is a finished backup.
 */
export async function createBackup(databaseUrl: string, outRoot: string): Promise<BackupResult> {
  const timeoutMs = toolTimeoutMs();
  const started = Date.now();
  const pgDumpVersion = (await runTool(pgTool('pg_dump'), ['--version'], null, 10_000)).trim();
  const client = await connect(databaseUrl, timeoutMs, 'companyos-backup');
  const root = resolve(outRoot);
  let partial: string | undefined;
  try {
    const { rows: server } = await client.query<{ server_version: string }>('SHOW server_version');
    const serverVersion = server[0].server_version;
    if (majorVersion(pgDumpVersion) !== majorVersion(serverVersion)) {
      throw new Error(
        `${pgDumpVersion} does not match the server's PostgreSQL ${serverVersion}: install the client of major version ${majorVersion(serverVersion)} and point PG_BIN_DIR at it`,
      );
    }
    const createdAt = new Date().toISOString();
    const database = databaseOf(databaseUrl);
    const directory = join(root, backupDirectoryName(database, createdAt));
    if (existsSync(directory)) throw new Error(`${directory} exists already`);
    partial = `${directory}.partial`;
    await mkdir(partial, { recursive: true, mode: 0o700 });
    const dumpPath = join(partial, DUMP_FILE);

    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: snapshot } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    const rowCounts = await countRows(client);
    const migrations = await appliedMigrations(client);
    const { rows: schemas } = await client.query<{ name: string }>(`SELECT n.nspname AS name FROM pg_namespace n WHERE ${SYSTEM_SCHEMAS} ORDER BY 1`);
    // The exporting transaction stays open until pg_dump has taken the snapshot over (and done).
    await runTool(pgTool('pg_dump'), ['--format=custom', `--snapshot=${snapshot[0].id}`, `--file=${dumpPath}`], databaseUrl, timeoutMs);
    await client.query('COMMIT');
    await chmod(dumpPath, 0o600);

    const manifest: BackupManifest = {
      format: 'companyos-backup/1',
      createdAt,
      database,
      dump: { file: DUMP_FILE, bytes: (await stat(dumpPath)).size, sha256: await sha256File(dumpPath), format: 'custom' },
      schemas: schemas.map((row) => row.name),
      rowCounts,
      migrations: { applied: migrations.length, last: migrations.at(-1) ?? null, names: migrations },
      versions: { server: serverVersion, pgDump: pgDumpVersion, app: appVersion(), node: process.version },
      durationMs: Date.now() - started,
    };
    await writeFile(join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await rename(partial, directory);
    partial = undefined;
    return { directory, manifest };
  } finally {
    if (partial) await rm(partial, { recursive: true, force: true });
    await client.end().catch(() => undefined);
  }
}
