import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * Connection settings shared by the apps and the migration tooling, so both
 * see the same names and defaults. UUIDs come from PostgreSQL's built-in
 * gen_random_uuid(); no extension is installed at run time.
 */
export const postgresOptions = (url: string) =>
  ({
    type: 'postgres',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
  }) satisfies DataSourceOptions;
