import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EntitySchema } from 'typeorm';
import { postgresOptions } from './postgres-options';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform.config';
import { getConfigToken } from '@nestjs/config';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityClass = Function | EntitySchema;

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
            extra: { max: 20, connectionTimeoutMillis: 5_000 },
          }),
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}

