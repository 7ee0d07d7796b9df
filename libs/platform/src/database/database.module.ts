import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EntitySchema } from 'typeorm';
import { postgresOptions } from './postgres-options';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform.config';
import { getConfigToken } from '@nestjs/config';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityClass = Function | EntitySchema;

/**
 * PostgreSQL's own limits on each of the app's connections (DATABASE_STATEMENT_TIMEOUT_MS,
 * DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS; 0 leaves the server's default): a lock wait or a
 * runaway query cannot hold a connection (and the request or job behind it) for ever. A
 * long job sets its own (`SET LOCAL statement_timeout` in its transaction, or a config of its own).
 */
export const sessionTimeouts = (config: Pick<PlatformConfig, 'database'>) => ({
  statement_timeout: config.database.statementTimeoutMs,
  idle_in_transaction_session_timeout: config.database.idleInTransactionTimeoutMs,
});

/**
 * The app's connection to PostgreSQL. Each domain lists only the entities of
 * its own schema; the schema itself comes from migrations, never from
 * `synchronize`.
 */
@Module({})
export class DatabaseModule {
  static forRoot(entities: EntityClass[]): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [getConfigToken(PLATFORM_CONFIG)],
          useFactory: (config: PlatformConfig) => ({
            ...postgresOptions(config.databaseUrl),
            entities,
            applicationName: `companyos-${config.appName}`,
            extra: { max: config.database.poolSize, connectionTimeoutMillis: 5_000, ...sessionTimeouts(config) },
          }),
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}

