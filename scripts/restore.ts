import { BackupUsageError, parseRestoreArgs, RESTORE_USAGE } from './backup/backup.rules';
import { restoreBackup, RestoreRefused } from './backup/restore';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/companyos';

/**
 * `npm run restore -- <backup> [--database NAME] [--force]`: checks the dump's
 * SHA-256, restores it into a new database on DATABASE_URL's server and checks
 * the manifest's row counts there. Prints the database's name on stdout.
 * Exit 0 done, 2 bad arguments, 3 refused (checksum, non-empty database,
 * not a backup), 1 anything else.
 */
async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseRestoreArgs>;
  try {
    args = parseRestoreArgs(argv);
  } catch (error) {
    if (!(error instanceof BackupUsageError)) throw error;
    process.stderr.write(`restore: ${error.message}\n${RESTORE_USAGE}`);
    return 2;
  }
  if (args.command === 'help') {
    process.stdout.write(RESTORE_USAGE);
    return 0;
  }
  try {
    const result = await restoreBackup(args.backup!, process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, { database: args.database, force: args.force });
    process.stderr.write(`restored into database ${result.database}: ${result.tables} tables, ${result.rows} rows, every count as in the manifest\n`);
    process.stdout.write(`${result.database}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof RestoreRefused)) throw error;
    process.stderr.write(`restore refused: ${error.message}\n`);
    return 3;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`restore failed: ${error.message}\n`);
    process.exit(1);
  },
);
