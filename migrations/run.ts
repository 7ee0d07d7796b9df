import { createMigrationDataSource, DEFAULT_DATABASE_URL } from './data-source';
import { ensureDatabase } from './database';

/** `npm run migrate`: creates the database if needed and applies pending migrations. */
async function main() {
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (await ensureDatabase(url)) console.log(`created database ${new URL(url).pathname.slice(1)}`);
  const dataSource = await createMigrationDataSource(url).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'schema is up to date');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(`migration failed: ${error.message}`);
  process.exit(1);
});
