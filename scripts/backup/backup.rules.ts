import { z } from 'zod';

/** The manifest written beside each dump (`manifest.json`); restore checks the dump and the restored database against it. */
export const backupManifestSchema = z.object({
  format: z.literal('companyos-backup/1'),
  createdAt: z.string(),
  /** Name of the dumped database (never its host, user or password). */
  database: z.string(),
  dump: z.object({ file: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/), format: z.literal('custom') }),
  schemas: z.array(z.string()),
  /** Exact row counts per table (`schema.table`), taken in the snapshot the dump was made from. */
  rowCounts: z.record(z.string(), z.number().int().nonnegative()),
  migrations: z.object({ applied: z.number().int().nonnegative(), last: z.string().nullable(), names: z.array(z.string()) }),
  versions: z.object({ server: z.string(), pgDump: z.string(), app: z.string(), node: z.string() }),
  durationMs: z.number().nonnegative(),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

export const MANIFEST_FILE = 'manifest.json';
export const DUMP_FILE = 'database.dump';

export class BackupUsageError extends Error {}

export const BACKUP_USAGE = `usage: npm run backup [-- --out DIR]
  pg_dump (custom format) of every schema of DATABASE_URL's database, plus manifest.json,
  into a new directory under DIR (default: BACKUP_DIR, else ./backups)
`;

export const RESTORE_USAGE = `usage: npm run restore -- <backup directory> [--database NAME] [--force]
  verifies the dump's checksum, restores it into database NAME on DATABASE_URL's server
  (default: <source database>_restore_<backup time>), then checks the manifest's row counts;
  --force: the target database may exist and hold data (it is dropped and created anew)
`;

export interface BackupArgs {
  command: 'backup' | 'help';
  out?: string;
}

export interface RestoreArgs {
  command: 'restore' | 'help';
  backup?: string;
  database?: string;
  force: boolean;
}

const valueOf = (argv: string[], i: number, flag: string) => {
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new BackupUsageError(`${flag} needs a value`);
  return value;
};

export function parseBackupArgs(argv: string[]): BackupArgs {
  const args: BackupArgs = { command: 'backup' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { command: 'help' };
    if (arg === '--out') args.out = valueOf(argv, i++, arg);
    else if (arg.startsWith('--out=')) args.out = arg.slice('--out='.length);
    else throw new BackupUsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (args.out === '') throw new BackupUsageError('--out needs a value');
  return args;
}

export function parseRestoreArgs(argv: string[]): RestoreArgs {
  const args: RestoreArgs = { command: 'restore', force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { command: 'help', force: false };
    if (arg === '--force') args.force = true;
    else if (arg === '--database') args.database = valueOf(argv, i++, arg);
    else if (arg.startsWith('--database=')) args.database = arg.slice('--database='.length);
    else if (arg.startsWith('--')) throw new BackupUsageError(`unknown option ${JSON.stringify(arg)}`);
    else if (args.backup) throw new BackupUsageError(`one backup at a time (got ${JSON.stringify(args.backup)} and ${JSON.stringify(arg)})`);
    else args.backup = arg;
  }
  if (!args.backup) throw new BackupUsageError('the backup directory (or its manifest.json) is required');
  if (args.database !== undefined) checkDatabaseName(args.database);
  return args;
}

/** A database name restore may create: lower-case letters, digits and `_`, starting with a letter, at most 63 bytes (Postgres' limit). */
export function checkDatabaseName(name: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) {
    throw new BackupUsageError(`database name ${JSON.stringify(name)} must be 1-63 lower-case letters, digits or _, starting with a letter`);
  }
  return name;
}

/** `2026-12-01T16:30:05.123Z` → `20261201t163005`. */
const compactTime = (iso: string) => iso.replace(/[-:]/g, '').replace(/\..*$/, '').toLowerCase();

/** The directory name of a backup of `database` made at `createdAt`. */
export const backupDirectoryName = (database: string, createdAt: string) => `${database}-${compactTime(createdAt)}`;

/** The database a restore creates when none is named: the source's name, `_restore_` and the backup's time, within 63 bytes. */
export function restoreDatabaseName(manifest: Pick<BackupManifest, 'database' | 'createdAt'>): string {
  const suffix = `_restore_${compactTime(manifest.createdAt)}`;
  const base = manifest.database.toLowerCase().replace(/[^a-z0-9_]/g, '_').replace(/^[^a-z]+/, '') || 'companyos';
  return checkDatabaseName(`${base.slice(0, 63 - suffix.length)}${suffix}`);
}

/** Tables whose restored count differs from the manifest's (missing tables count as -1). */
export function countMismatches(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const tables = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...tables]
    .sort()
    .filter((table) => expected[table] !== actual[table])
    .map((table) => `${table}: ${expected[table] ?? 'absent'} in the manifest, ${actual[table] ?? 'absent'} restored`);
}

/** Major version of `pg_dump (PostgreSQL) 15.20 (Debian …)` or of a server_version `15.20 (Debian …)`. */
export function majorVersion(version: string): number {
  const match = /(\d+)(?:\.\d+)?/.exec(version.replace(/^[^\d]*/, ''));
  if (!match) throw new Error(`cannot read a PostgreSQL version from ${JSON.stringify(version)}`);
  return Number(match[1]);
}

/** `text` with every occurrence of `secret` (when non-empty) replaced, so a tool's message never carries a password. */
export const redact = (text: string, secret: string | undefined) => (secret ? text.split(secret).join('***') : text);
