import { API_TOKEN_VERIFY_PATH, apiTokenRevocationsKey, ApiTokenVerification } from '@companyos/contracts';
import { redisOptions, verifySignedRequest } from '@companyos/platform';
import { TEST_SUBGRAPH_SECRET, testPlatformConfig } from '@companyos/testing';
import IORedis from 'ioredis';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiTokenVerifier } from '../src/auth/api-token-verifier';
import { AuthRefusal } from '../src/auth/auth-refusal';
import type { GatewayConfig } from '../src/gateway.config';

// The gateway's API-token cache against a revocation that lands while a
// verification is in flight, interleaved by hand: the access app is played
// by a local HTTP server that holds each answer until the test releases it,
// the revocation counter lives in the real Redis.
describe('ApiTokenVerifier: a verification started before a revocation', () => {
  const platform = testPlatformConfig('gateway', { PORT: '4999' });
  const redis = new IORedis(redisOptions(platform.redisUrl, 'worker'));
  let server: Server;
  let verifier: ApiTokenVerifier;
  /** Tokens the access app considers revoked. */
  const revoked = new Set<string>();
  /** Verification calls the access app received, by token, each waiting for `release`. */
  const calls: { token: string; release: () => void }[] = [];
  let signatureProblems: string[] = [];

  const answer = (token: string): ApiTokenVerification =>
    revoked.has(token)
      ? { code: 'TOKEN_REVOKED', message: 'the API token was revoked' }
      : { principal: { id: `id-${token}`, name: `token:${token}`, role: 'viewer', via: 'api-token' }, expiresAt: new Date(Date.now() + 3600_000).toISOString() };

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        // The gateway signs this call for the access app like any subgraph call.
        const check = verifySignedRequest(TEST_SUBGRAPH_SECRET, 'access', { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        if (check.problem) signatureProblems.push(check.problem);
        const { token } = JSON.parse(body.toString()) as { token: string };
        calls.push({
          token,
          release: () => {
            // The access app reads the token when it answers: after a revocation that committed meanwhile, it may still have said "valid".
            const verification = answer(token);
            res.writeHead('code' in verification ? 401 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(verification));
          },
        });
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const access = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    verifier = new ApiTokenVerifier({ subgraphUrls: { access }, apiTokenCacheMs: 60_000 } as unknown as GatewayConfig, platform, redis);
  });

  afterAll(async () => {
    await redis.del(apiTokenRevocationsKey(platform.queuePrefix));
    redis.disconnect();
    await new Promise((done) => server.close(done));
  });

  beforeEach(() => {
    calls.length = 0;
    signatureProblems = [];
  });

  const nextCall = async () => {
    for (let i = 0; i < 200 && !calls.length; i++) await new Promise((done) => setTimeout(done, 10));
    return calls.shift()!;
  };
  const revoke = (token: string) => {
    revoked.add(token);
    return redis.incr(apiTokenRevocationsKey(platform.queuePrefix));
  };

  it('uses the answer for its own request but never caches it', async () => {
    // A starts verifying `cos_a` …
    const a = verifier.verify('cos_a');
    const callA = await nextCall();
    // … the access app has read `cos_a` as valid (it answers below, as it read it) when `cos_a` is revoked;
    // another request then sees the new counter (and drops the cache) before A's answer arrives.
    await revoke('cos_a');
    revoked.delete('cos_a'); // the answer A gets was read before the revocation
    const b = verifier.verify('cos_b');
    (await nextCall()).release();
    await b;
    callA.release();
    expect(await a).toMatchObject({ name: 'token:cos_a' });
    revoked.add('cos_a');
    // The next request with `cos_a` asks the access app again, and is refused.
    const c = verifier.verify('cos_a').catch((error: AuthRefusal) => error);
    (await nextCall()).release();
    expect(await c).toMatchObject({ reason: 'TOKEN_REVOKED' });
    expect(signatureProblems).toEqual([]);
  });

  it('still caches a verification no revocation overtook', async () => {
    const first = verifier.verify('cos_d');
    (await nextCall()).release();
    await first;
    expect(await verifier.verify('cos_d')).toMatchObject({ name: 'token:cos_d' });
    expect(calls).toHaveLength(0);
  });
});
