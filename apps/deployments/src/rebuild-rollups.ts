import { DatabaseModule, loadPlatformConfig, PlatformModule } from '@companyos/platform';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { deploymentsConfig } from './deployments.config';
import { DEPLOYMENTS_ENTITIES } from './deployments.entities';
import { RollupsModule } from './rollups/rollups.module';
import { RollupsService } from './rollups/rollups.service';

/**
 * `npm run rollups:rebuild`: recomputes every daily DORA rollup from the
 * deployments and incidents tables with the code the incremental refresh
 * uses, in one transaction. Reads DATABASE_URL like the app, without the app's
 * DATABASE_STATEMENT_TIMEOUT_MS / DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS.
 */
async function main() {
  // A deliberate, long, one-off job: PostgreSQL's per-statement and idle-in-transaction limits of the apps do not apply to it.
  const loaded = loadPlatformConfig('deployments-rebuild', 4002);
  const config = { ...loaded, database: { ...loaded.database, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 } };

  @Module({ imports: [PlatformModule.forRoot(config, [deploymentsConfig]), DatabaseModule.forRoot(DEPLOYMENTS_ENTITIES), RollupsModule] })
  class RebuildModule {}

  const app = await NestFactory.createApplicationContext(RebuildModule, { logger: ['error', 'warn'] });
  try {
    const started = process.hrtime.bigint();
    const { days, rows } = await app.get(RollupsService).rebuild();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`rebuilt ${rows} rollup rows over ${days} days in ${seconds.toFixed(1)} s`);
  } finally {
    await app.close();
  }
}

main().catch((error: Error) => {
  console.error(`rollup rebuild failed: ${error.message}`);
  process.exit(1);
});
