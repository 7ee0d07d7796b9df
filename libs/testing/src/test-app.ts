import type { AccessRole } from '@companyos/contracts';
import { loadPlatformConfig, PlatformConfig, signedPrincipalHeaders } from '@companyos/platform';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';

/** The gateway ↔ subgraph secret of every app a test starts. */
export const TEST_SUBGRAPH_SECRET = 'test-subgraph-secret-0123456789abcdef';

/** Headers of a request to a subgraph as the gateway sends it (signed), acting as `actor` with `role` (admin unless given). */
export function subgraphHeaders(actor = 'test-admin', role: AccessRole = 'admin'): Record<string, string> {
  return signedPrincipalHeaders(TEST_SUBGRAPH_SECRET, { id: actor, name: actor, role });
}

/**
 * Platform config for an app under test: its own database and its own queue
 * prefix in the shared Redis, so test files never see each other's jobs.
 */
export function testPlatformConfig(appName: string, env: Record<string, string>): PlatformConfig {
  return loadPlatformConfig(appName, 0, {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    RELAY_INTERVAL_MS: '200',
    SUBGRAPH_SECRET: TEST_SUBGRAPH_SECRET,
    ...env,
  });
}

/** Boots an app module in process (no HTTP listener) with real Postgres and Redis. */
export async function createTestApp(module: DynamicModule): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
