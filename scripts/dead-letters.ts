import {
  DEAD_LETTERS_USAGE,
  DeadLetterAdmin,
  DeadLetterUsageError,
  formatListing,
  loadPlatformConfig,
  parseDeadLetterArgs,
  postgresOptions,
  QueueRegistry,
} from '@companyos/platform';
import { DataSource } from 'typeorm';

/**
 * `npm run dead-letters -- list [--queue Q]` and
 * `npm run dead-letters -- replay --queue Q [--since ISO] [--id ID]`: jobs that
 * failed on their last attempt, kept in each consuming domain's
 * `dead_letters` table; replay puts them back on their queue (idempotent).
 * Reads DATABASE_URL, REDIS_URL and QUEUE_PREFIX like the apps. Exit 0 done,
 * 2 bad arguments, 1 anything else.
 */
async function main(argv: string[]): Promise<number> {
  let command: ReturnType<typeof parseDeadLetterArgs>;
  try {
    command = parseDeadLetterArgs(argv);
  } catch (error) {
    if (!(error instanceof DeadLetterUsageError)) throw error;
    process.stderr.write(`dead-letters: ${error.message}\n${DEAD_LETTERS_USAGE}`);
    return 2;
  }
  if (command.command === 'help') {
    process.stdout.write(DEAD_LETTERS_USAGE);
    return 0;
  }

  const config = loadPlatformConfig('dead-letters-cli', 4000);
  const dataSource = await new DataSource({ ...postgresOptions(config.databaseUrl), applicationName: 'companyos-dead-letters-cli' }).initialize();
  const queues = new QueueRegistry(config);
  try {
    const admin = new DeadLetterAdmin(dataSource, queues);
    if (command.command === 'list') {
      const listings = await admin.list(command.queue);
      for (const listing of listings) process.stdout.write(`${formatListing(listing)}\n`);
      process.stderr.write(`${listings.length} dead letter(s)${command.queue ? ` on ${command.queue}` : ''}\n`);
      return 0;
    }
    const replayed = await admin.replay(command.queue, { since: command.since, id: command.id });
    for (const listing of replayed) process.stdout.write(`replayed ${formatListing(listing)}\n`);
    process.stderr.write(replayed.length ? `replayed ${replayed.length} dead letter(s) on ${command.queue}\n` : `nothing to replay on ${command.queue}\n`);
    return 0;
  } finally {
    await queues.onApplicationShutdown();
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`dead-letters failed: ${error.message}\n`);
    process.exit(1);
  },
);
