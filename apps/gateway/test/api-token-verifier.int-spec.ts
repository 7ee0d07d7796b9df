import { API_TOKEN_VERIFY_PATH, apiTokenRevocationsChannel, ApiTokenVerification } from '@companyos/contracts';
import { redisOptions, verifySignedRequest } from '@companyos/platform';
import { PrivateRedis, TEST_SUBGRAPH_SECRET, testPlatformConfig } from '@companyos/testing';
import IORedis from 'ioredis';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiTokenVerifier } from '../src/auth/api-token-verifier';
import { AuthRefusal } from '../src/auth/auth-refusal';
import type { GatewayConfig } from '../src/gateway.config';

// The gateway's API-token cache against a revocation that lands while a
// verification is in flight, interleaved by hand, and against losing Redis:
// the access app is played by a local HTTP server that holds each answer
// until the test releases it; revocations are announced on the real Redis.
describe('ApiTokenVerifier: a verification started before a revocation', () => {
  const platform = testPlatformConfig('gateway', { PORT: '4999' });
  const redis = new IORedis(redisOptions(platform.redisUrl, 'worker'));
  let server: Server;
  let verifier: ApiTokenVerifier;
  let access: string;
  /** Tokens the access app considers revoked. */
  const revoked = new Set<string>();
  /** Verification calls the access app received, by token, each waiting for `release`. */
  const calls: { token: string; release: () => void }[] = [];
  let signatureProblems: string[] = [];
  /** Calls the access app received; when `answerAtOnce`, it answers them without waiting for the test. */
  let received = 0;
  let answerAtOnce = false;

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
        received++;
        const release = () => {
          // The access app reads the token when it answers: after a revocation that committed meanwhile, it may still have said "valid".
          const verification = answer(token);
          res.writeHead('code' in verification ? 401 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(verification));
        };
        if (answerAtOnce) release();
        else calls.push({ token, release });
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    access = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    verifier = await listeningVerifier(platform);
  });

  afterAll(async () => {
    verifier.onApplicationShutdown();
    redis.disconnect();
    await new Promise((done) => server.close(done));
  });

  beforeEach(() => {
    calls.length = 0;
    signatureProblems = [];
  });

  /** A verifier as the gateway makes it, once it is subscribed to revocations (it caches nothing before). */
  const listeningVerifier = async (config: typeof platform) => {
    const made = new ApiTokenVerifier({ subgraphUrls: { access }, apiTokenCacheMs: 60_000 } as unknown as GatewayConfig, config);
    made.onModuleInit();
    await until(() => made.listening);
    return made;
  };
  const until = async (condition: () => boolean) => {
    for (let i = 0; i < 500 && !condition(); i++) await new Promise((done) => setTimeout(done, 10));
    expect(condition()).toBe(true);
  };
  /** Verifies `token` with the access app answering at once; resolves how many calls it took (0 when cached). */
  const verifyCounting = async (by: ApiTokenVerifier, token: string) => {
    answerAtOnce = true;
    const before = received;
    try {
      await by.verify(token);
      return received - before;
    } finally {
      answerAtOnce = false;
    }
  };

  const nextCall = async () => {
    for (let i = 0; i < 200 && !calls.length; i++) await new Promise((done) => setTimeout(done, 10));
    return calls.shift()!;
  };
  const revoke = (token: string) => {
    revoked.add(token);
    return redis.publish(apiTokenRevocationsChannel(platform.queuePrefix), 'revoked');
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

  it('takes nothing from the cache while Redis is away, and drops it when the subscription is back', async () => {
    const privateRedis = await PrivateRedis.start();
    const alone = await listeningVerifier(testPlatformConfig('gateway', { PORT: '4999', REDIS_URL: privateRedis.url }));
    try {
      expect(await verifyCounting(alone, 'cos_e')).toBe(1);
      expect(await verifyCounting(alone, 'cos_e')).toBe(0);

      await privateRedis.stop();
      await until(() => !alone.listening);
      // Revocations cannot reach this gateway now: every request asks the access app.
      expect(await verifyCounting(alone, 'cos_e')).toBe(1);
      expect(await verifyCounting(alone, 'cos_e')).toBe(1);

      await privateRedis.start();
      await until(() => alone.listening);
      // What was verified while not listening is not trusted; from now on the cache works again.
      expect(await verifyCounting(alone, 'cos_e')).toBe(1);
      expect(await verifyCounting(alone, 'cos_e')).toBe(0);
      expect(signatureProblems).toEqual([]);
    } finally {
      alone.onApplicationShutdown();
      await privateRedis.stop();
    }
  });
});
