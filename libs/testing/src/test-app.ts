import type { AccessRole } from '@companyos/contracts';
import { loadPlatformConfig, PlatformConfig, signedRequestHeaders } from '@companyos/platform';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';

/** The gateway ↔ subgraph secret of every app a test starts. */
export const TEST_SUBGRAPH_SECRET = 'test-subgraph-secret-0123456789abcdef';

/** Who a signed test request acts as, and where it goes (POST /graphql unless given). */
export interface SignedAs {
  actor?: string;
  role?: AccessRole;
  method?: string;
  path?: string;
}

/**
 * A request to `subgraph` (the app's name: `incidents`, `access`…) as the
 * gateway sends it: the JSON body to send as it is, and its signed headers
 * (content-type included), acting as `actor` with `role` (a test admin unless
 * given). Each call signs anew (a signature is good for one request).
 */
export function signedSubgraphRequest(subgraph: string, payload: unknown, as: SignedAs = {}): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify(payload);
  return { headers: { 'content-type': 'application/json', ...subgraphHeaders(subgraph, body, as) }, body };
}

/** The signed headers of a request to `subgraph` carrying exactly `body` (see signedSubgraphRequest). */
export function subgraphHeaders(subgraph: string, body: string | undefined, { actor = 'test-admin', role = 'admin', method = 'POST', path = '/graphql' }: SignedAs = {}): Record<string, string> {
  return signedRequestHeaders(TEST_SUBGRAPH_SECRET, { subgraph, method, url: path, body, principal: { id: actor, name: actor, role } });
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
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'], rawBody: true });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
