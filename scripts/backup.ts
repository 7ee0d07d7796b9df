import { BACKUP_USAGE, BackupUsageError, parseBackupArgs } from './backup/backup.rules';
import { createBackup } from './backup/backup';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/companyos';

/**
 * `npm run backup [-- --out DIR]`: pg_dump (custom format) of DATABASE_URL's
 * database with a manifest (row counts, SHA-256, migrations, versions) in a new
 * directory under DIR (BACKUP_DIR, else ./backups). Prints the directory on
 * stdout. Exit 0 done, 2 bad arguments, 1 anything else.
 */
async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseBackupArgs>;
  try {
    args = parseBackupArgs(argv);
  } catch (error) {
    if (!(error instanceof BackupUsageError)) throw error;
    process.stderr.write(`backup: ${error.message}\n${BACKUP_USAGE}`);
    return 2;
  }
  if (args.command === 'help') {
    process.stdout.write(BACKUP_USAGE);
    return 0;
  }
  const { directory, manifest } = await createBackup(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, args.out ?? process.env.BACKUP_DIR ?? 'backups');
  const rows = Object.values(manifest.rowCounts).reduce((sum, n) => sum + n, 0);
  process.stderr.write(
    `backed up database ${manifest.database}: ${Object.keys(manifest.rowCounts).length} tables, ${rows} rows, ` +
      `${manifest.dump.bytes} bytes (sha256 ${manifest.dump.sha256.slice(0, 12)}…), ${manifest.migrations.applied} migrations, in ${manifest.durationMs} ms\n`,
  );
  process.stdout.write(`${directory}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`backup failed: ${error.message}\n`);
    process.exit(1);
  },
);
