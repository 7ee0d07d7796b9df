import { AccessRole, API_TOKEN_VERIFY_PATH, ApiTokenRefusals, apiTokenRevocationsChannel, hashApiToken } from '@companyos/contracts';
import { PLATFORM_CONFIG, PlatformConfig, REDIS_CLIENT } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, signedSubgraphRequest, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import type IORedis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccessAppModule } from '../src/access.app.module';
import { ApiTokensService } from '../src/api-tokens/api-tokens.service';

// API tokens on real PostgreSQL (and Redis, for revocation announcements): the service's rules, the access subgraph's
// GraphQL surface as the gateway calls it (signed, with a role), and the
// internal verification endpoint.
describe('API tokens (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;
  let tokens: ApiTokensService;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    app = await createTestApp(AccessAppModule.forRoot(testPlatformConfig('access', { PORT: '4007', DATABASE_URL: url, ROLE: 'all' })));
    tokens = app.get(ApiTokensService);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  // ---- factories and probes -----------------------------------------------

  const aName = (what = 'token') => `${what}-${randomBytes(4).toString('hex')}`;
  const aToken = (overrides: Partial<{ name: string; role: AccessRole; expiresInDays: number }> = {}, now?: Date) =>
    tokens.create({ name: aName(), role: 'viewer', createdBy: 'test', ...overrides }, now);
  const rowOf = async (id: string) => (await db.query('SELECT * FROM access.api_tokens WHERE id = $1', [id]))[0];
  const countRows = async () => Number((await db.query('SELECT count(*) AS n FROM access.api_tokens'))[0].n);
  const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600_000);

  const graphql = (query: string, variables: Record<string, unknown> = {}, actor = 'ada@example.com', role: AccessRole = 'admin') =>
    (({ headers, body }) => request(app.getHttpServer()).post('/graphql').set(headers).send(body).expect(200))(
      signedSubgraphRequest('access', { query, variables }, { actor, role }),
    );

  const data = async (query: string, variables?: Record<string, unknown>, actor?: string, role?: AccessRole) => {
    const response = await graphql(query, variables, actor, role);
    expect(response.body.errors).toBeUndefined();
    return response.body.data;
  };

  const failure = async (query: string, variables?: Record<string, unknown>, actor?: string, role?: AccessRole) => {
    const response = await graphql(query, variables, actor, role);
    expect(response.body.errors).toHaveLength(1);
    return response.body.errors[0] as { message: string; extensions: { code: string } };
  };

  /** The gateway's call: a JSON body signed for the access app (or sent with the headers given). */
  const verifyOverHttp = (payload: unknown, headers?: Record<string, string>) => {
    const signed = signedSubgraphRequest('access', payload, { actor: 'service:gateway', role: 'viewer', path: API_TOKEN_VERIFY_PATH });
    return request(app.getHttpServer()).post(API_TOKEN_VERIFY_PATH).set(headers ?? signed.headers).set('content-type', 'application/json').send(signed.body);
  };

  const TOKEN_FIELDS = 'id name role tokenPrefix createdBy createdAt expiresAt revokedAt revokedBy lastUsedAt';
  const CREATE = `mutation ($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { ${TOKEN_FIELDS} } } }`;
  const LIST = `query ($includeRevoked: Boolean) { apiTokens(includeRevoked: $includeRevoked) { ${TOKEN_FIELDS} } }`;
  const REVOKE = `mutation ($id: ID!) { revokeApiToken(id: $id) { ${TOKEN_FIELDS} } }`;
  const AUDIT_LOG = `{ auditLog(first: 5) { totalCount nodes { id } } }`;

  // ---- the service ----------------------------------------------------------

  it('issues cos_ tokens, storing only their hash and first 12 characters', async () => {
    const before = Date.now();
    const { token, apiToken } = await aToken({ role: 'responder' });
    expect(token).toMatch(/^cos_[A-Za-z0-9_-]{43}$/);
    const row = await rowOf(apiToken.id);
    expect(row).toMatchObject({ role: 'responder', token_hash: hashApiToken(token), token_prefix: token.slice(0, 12), created_by: 'test' });
    expect(row.revoked_at).toBeNull();
    expect(row.last_used_at).toBeNull();
    // The plaintext is nowhere in the table.
    const [{ found }] = await db.query(`SELECT count(*)::int AS found FROM access.api_tokens t WHERE position($1 in t::text) > 0`, [token]);
    expect(found).toBe(0);
    // 90 days unless told.
    const lifetime = row.expires_at.getTime() - row.created_at.getTime();
    expect(lifetime).toBe(90 * 24 * 3600_000);
    expect(row.created_at.getTime()).toBeGreaterThanOrEqual(before - 5);
  });

  it('verifies a good token as its principal and records the use at most once a minute', async () => {
    const { token, apiToken } = await aToken({ role: 'admin', name: aName('ci') });
    const now = new Date();
    expect(await tokens.verify(token, now)).toEqual({
      principal: { id: apiToken.id, name: `token:${apiToken.name}`, role: 'admin', via: 'api-token' },
      expiresAt: apiToken.expiresAt.toISOString(),
    });
    expect((await rowOf(apiToken.id)).last_used_at).toEqual(now);
    // 30 s later: still the same recorded use.
    await tokens.verify(token, new Date(now.getTime() + 30_000));
    expect((await rowOf(apiToken.id)).last_used_at).toEqual(now);
    // A minute later: the new use.
    const later = new Date(now.getTime() + 60_000);
    await tokens.verify(token, later);
    expect((await rowOf(apiToken.id)).last_used_at).toEqual(later);
  });

  it('refuses unknown, expired and revoked tokens, saying only that', async () => {
    const unknown = { code: ApiTokenRefusals.Unknown, message: 'the API token is not valid' };
    expect(await tokens.verify(`cos_${randomBytes(32).toString('base64url')}`)).toEqual(unknown);
    expect(await tokens.verify('not a token')).toEqual(unknown);

    // Created 10 days ago to live 1 day.
    const expired = await aToken({ expiresInDays: 1 }, daysAgo(10));
    expect(await tokens.verify(expired.token)).toEqual({ code: ApiTokenRefusals.Expired, message: expect.stringMatching(/expired/) });

    const revoked = await aToken();
    await tokens.revoke(revoked.apiToken.id, 'ada@example.com');
    const refusal = await tokens.verify(revoked.token);
    expect(refusal).toEqual({ code: ApiTokenRefusals.Revoked, message: expect.stringMatching(/revoked/) });
    expect(JSON.stringify(refusal)).not.toContain(revoked.apiToken.name);
    expect((await rowOf(revoked.apiToken.id)).last_used_at).toBeNull();
  });

  it('revokes once: revoking again leaves who and when as they were; an unknown id is API_TOKEN_NOT_FOUND', async () => {
    const { apiToken } = await aToken();
    // Listen the way a gateway does: one message per revocation that changed something.
    const listener = app.get<IORedis>(REDIS_CLIENT).duplicate();
    try {
      const announced: string[] = [];
      listener.on('message', (channel: string) => announced.push(channel));
      const channel = apiTokenRevocationsChannel(app.get<PlatformConfig>(getConfigToken(PLATFORM_CONFIG)).queuePrefix);
      await new Promise((ready) => listener.once('ready', ready));
      await listener.subscribe(channel);
      const first = await tokens.revoke(apiToken.id, 'ada@example.com', new Date('2026-11-01T10:00:00Z'));
      expect(first).toMatchObject({ revokedBy: 'ada@example.com', revokedAt: new Date('2026-11-01T10:00:00Z') });
      const again = await tokens.revoke(apiToken.id, 'bob@example.com');
      expect(again).toMatchObject({ revokedBy: 'ada@example.com', revokedAt: new Date('2026-11-01T10:00:00Z') });
      // The gateways were told once (they drop cached verifications on each message); a PING answered after
      // both revocations means any second message would have arrived by now.
      await listener.ping();
      expect(announced).toEqual([channel]);
    } finally {
      listener.disconnect();
    }
    await expect(tokens.revoke(randomUUID(), 'ada@example.com')).rejects.toMatchObject({ code: 'API_TOKEN_NOT_FOUND' });
    await expect(tokens.revoke('nope', 'ada@example.com')).rejects.toMatchObject({ code: 'API_TOKEN_NOT_FOUND' });
  });

  it('lists tokens newest first, revoked ones only when asked', async () => {
    const older = await aToken({}, daysAgo(2));
    const newer = await aToken({}, daysAgo(1));
    const revoked = await aToken();
    await tokens.revoke(revoked.apiToken.id, 'ada@example.com');
    const active = (await tokens.list()).map((token) => token.id);
    expect(active).toEqual(expect.arrayContaining([older.apiToken.id, newer.apiToken.id]));
    expect(active).not.toContain(revoked.apiToken.id);
    expect(active.indexOf(newer.apiToken.id)).toBeLessThan(active.indexOf(older.apiToken.id));
    expect((await tokens.list({ includeRevoked: true })).map((token) => token.id)).toContain(revoked.apiToken.id);
  });

  // ---- GraphQL ------------------------------------------------------------

  it('lets an admin create, list and revoke tokens over GraphQL, as themselves', async () => {
    const name = aName('grafana');
    const { createApiToken } = await data(CREATE, { input: { name, role: 'VIEWER', expiresInDays: 30 } });
    expect(createApiToken.token).toMatch(/^cos_/);
    expect(createApiToken.apiToken).toMatchObject({ name, role: 'VIEWER', createdBy: 'ada@example.com', revokedAt: null, lastUsedAt: null });
    expect(createApiToken.apiToken.tokenPrefix).toBe(createApiToken.token.slice(0, 12));
    expect(new Date(createApiToken.apiToken.expiresAt).getTime() - new Date(createApiToken.apiToken.createdAt).getTime()).toBe(30 * 24 * 3600_000);
    const id = createApiToken.apiToken.id;
    expect(await tokens.verify(createApiToken.token)).toMatchObject({ principal: { id, name: `token:${name}`, role: 'viewer' } });

    const listed = (await data(LIST)).apiTokens.find((token: { id: string }) => token.id === id);
    expect(listed).toEqual({ ...createApiToken.apiToken, lastUsedAt: expect.any(String) });
    expect(Object.keys(listed)).not.toContain('tokenHash');

    const { revokeApiToken } = await data(REVOKE, { id }, 'root@example.com');
    expect(revokeApiToken).toMatchObject({ id, revokedBy: 'root@example.com' });
    expect(revokeApiToken.revokedAt).not.toBeNull();
    expect((await data(LIST)).apiTokens.map((token: { id: string }) => token.id)).not.toContain(id);
    expect((await data(LIST, { includeRevoked: true })).apiTokens.map((token: { id: string }) => token.id)).toContain(id);
    expect(await tokens.verify(createApiToken.token)).toMatchObject({ code: ApiTokenRefusals.Revoked });
  });

  it('takes 90 days when expiresInDays is not given, and refuses invalid input naming the field', async () => {
    const { createApiToken } = await data(CREATE, { input: { name: aName(), role: 'RESPONDER' } });
    expect(new Date(createApiToken.apiToken.expiresAt).getTime() - new Date(createApiToken.apiToken.createdAt).getTime()).toBe(90 * 24 * 3600_000);
    const rows = await countRows();
    for (const input of [
      { name: aName(), role: 'ADMIN', expiresInDays: 731 },
      { name: aName(), role: 'ADMIN', expiresInDays: 0 },
      { name: '', role: 'ADMIN' },
      { name: 'x'.repeat(101), role: 'ADMIN' },
      { name: 'line\nbreak', role: 'ADMIN' },
    ]) {
      const error = await failure(CREATE, { input });
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/expiresInDays|name/);
    }
    expect(await countRows()).toBe(rows);
  });

  it('answers API_TOKEN_NOT_FOUND for an unknown token id', async () => {
    expect((await failure(REVOKE, { id: randomUUID() })).extensions.code).toBe('API_TOKEN_NOT_FOUND');
  });

  it.each<AccessRole>(['viewer', 'responder'])('refuses a %s apiTokens, auditLog and createApiToken with FORBIDDEN, writing nothing', async (role) => {
    const rows = await countRows();
    const created = await failure(CREATE, { input: { name: aName(), role: 'ADMIN' } }, 'mallory@example.com', role);
    expect(created.extensions.code).toBe('FORBIDDEN');
    expect(created.message).toMatch(/requires the admin role/);
    expect((await failure(LIST, {}, 'mallory@example.com', role)).extensions.code).toBe('FORBIDDEN');
    expect((await failure(AUDIT_LOG, {}, 'mallory@example.com', role)).extensions.code).toBe('FORBIDDEN');
    const { apiToken } = await aToken();
    expect((await failure(REVOKE, { id: apiToken.id }, 'mallory@example.com', role)).extensions.code).toBe('FORBIDDEN');
    expect(await countRows()).toBe(rows + 1);
    expect((await rowOf(apiToken.id)).revoked_at).toBeNull();
  });

  it('tells any signed principal who it is', async () => {
    expect((await data('{ whoami { id name role } }', {}, 'viv@example.com', 'viewer')).whoami).toEqual({
      id: 'viv@example.com',
      name: 'viv@example.com',
      role: 'VIEWER',
    });
  });

  it('answers 401 to an unsigned GraphQL request', async () => {
    const response = await request(app.getHttpServer()).post('/graphql').send({ query: '{ whoami { id } }' }).expect(401);
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  // ---- the verification endpoint -------------------------------------------

  it('verifies tokens for the gateway: 200 with the principal, 401 with the refusal', async () => {
    const { token, apiToken } = await aToken({ role: 'responder' });
    expect((await verifyOverHttp({ token }).expect(200)).body).toEqual({
      principal: { id: apiToken.id, name: `token:${apiToken.name}`, role: 'responder', via: 'api-token' },
      expiresAt: apiToken.expiresAt.toISOString(),
    });
    expect((await verifyOverHttp({ token: 'cos_nope', extra: 'ignored' }).expect(401)).body).toEqual({
      code: ApiTokenRefusals.Unknown,
      message: 'the API token is not valid',
    });
    await tokens.revoke(apiToken.id, 'ada@example.com');
    expect((await verifyOverHttp({ token }).expect(401)).body.code).toBe(ApiTokenRefusals.Revoked);
  });

  it('answers 400 when the token is not a string', async () => {
    for (const body of [{}, { token: 42 }, { token: null }, ['cos_x']]) {
      expect((await verifyOverHttp(body).expect(400)).body.message).toMatch(/token/);
    }
  });

  it('answers 401 to an unsigned or badly signed verification request, without looking at the token', async () => {
    const { token, apiToken } = await aToken();
    const unsigned = await verifyOverHttp({ token }, {}).expect(401);
    expect(unsigned.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(unsigned.body)).not.toContain('principal');
    const forged = { ...signedSubgraphRequest('access', { token }, { actor: 'service:gateway', role: 'viewer', path: API_TOKEN_VERIFY_PATH }).headers, 'x-companyos-role': 'admin' };
    await verifyOverHttp({ token }, forged).expect(401);
    expect((await rowOf(apiToken.id)).last_used_at).toBeNull();
  });
});
