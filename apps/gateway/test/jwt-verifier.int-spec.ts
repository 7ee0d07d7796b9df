import { distScript, freePort } from '@companyos/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { execFile } from 'node:child_process';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthRefusal } from '../src/auth/auth-refusal';
import { JwtVerifier } from '../src/auth/jwt-verifier';
import type { GatewayConfig } from '../src/gateway.config';

// People's JWTs from an OIDC issuer: a real HTTP issuer on a spare port
// serving its discovery document and key set, as an identity provider does.
describe('JWTs from an OIDC issuer (a local issuer over HTTP)', () => {
  let server: Server;
  let issuer: string;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    keys = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/realms/eng/.well-known/openid-configuration') return res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys` }));
      if (req.url === '/realms/eng/keys') return res.end(JSON.stringify({ keys: [jwk] }));
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/eng`;
    verifier = new JwtVerifier({ jwt: { secret: null, oidcIssuer: issuer, oidcAudience: 'companyos', roleClaim: 'groups' } } as GatewayConfig);
  });

  afterAll(() => new Promise((done) => server.close(done)));

  const token = (claims: Record<string, unknown>, { iss = issuer, aud = 'companyos', exp = '5m', key = keys.privateKey } = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(iss).setAudience(aud).setSubject('u-42').setExpirationTime(exp).sign(key);

  const refusalOf = (jwt: Promise<string>) =>
    jwt.then((t) => verifier.verify(t)).then(
      () => null,
      (error: AuthRefusal) => error.reason,
    );

  it('accepts the issuer\'s token: name from preferred_username, role from the configured claim', async () => {
    expect(await verifier.verify(await token({ preferred_username: 'bob', groups: ['viewer', 'responder'] }))).toEqual({
      id: 'jwt:u-42',
      name: 'bob',
      role: 'responder',
      via: 'jwt',
    });
  });

  it('refuses another audience, another issuer, an expired token and a foreign key', async () => {
    const other = await generateKeyPair('RS256');
    expect(await refusalOf(token({}, { aud: 'another-app' }))).toBe('TOKEN_INVALID');
    expect(await refusalOf(token({}, { iss: 'https://evil.example.com' }))).toBe('TOKEN_INVALID');
    expect(await refusalOf(token({}, { exp: '-1m' }))).toBe('TOKEN_EXPIRED');
    expect(await refusalOf(token({}, { key: other.privateKey }))).toBe('TOKEN_INVALID');
  });

  it('refuses HS256 tokens when JWT_SECRET is not set, and garbage', async () => {
    const hs = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await refusalOf(hs)).toBe('JWT_NOT_ACCEPTED');
    expect(await refusalOf(Promise.resolve('not-a-jwt'))).toBe('TOKEN_MALFORMED');
  });
});

describe('HS256 JWTs with JWT_ISSUER and JWT_AUDIENCE', () => {
  const secret = 'a-jwt-secret-of-at-least-32-characters!';
  const verifier = new JwtVerifier({ jwt: { secret, issuer: 'https://sso.example.com', audience: 'companyos', oidcIssuer: null, oidcAudience: null, roleClaim: 'roles' } } as GatewayConfig);
  const token = ({ iss, aud }: { iss?: string; aud?: string }) => {
    const jwt = new SignJWT({ preferred_username: 'carol' }).setProtectedHeader({ alg: 'HS256' }).setSubject('carol').setExpirationTime('5m');
    if (iss) jwt.setIssuer(iss);
    if (aud) jwt.setAudience(aud);
    return jwt.sign(new TextEncoder().encode(secret));
  };
  const refusalOf = async (jwt: Promise<string>) => verifier.verify(await jwt).then(() => null, (error: AuthRefusal) => [error.reason, error.message]);

  it('accepts a token from that issuer for that audience', async () => {
    expect(await verifier.verify(await token({ iss: 'https://sso.example.com', aud: 'companyos' }))).toMatchObject({ id: 'jwt:carol', name: 'carol' });
  });

  it('refuses another issuer, another audience, or none', async () => {
    expect(await refusalOf(token({ iss: 'https://evil.example.com', aud: 'companyos' }))).toEqual(['TOKEN_INVALID', expect.stringMatching(/"iss"/)]);
    expect(await refusalOf(token({ iss: 'https://sso.example.com', aud: 'grafana' }))).toEqual(['TOKEN_INVALID', expect.stringMatching(/"aud"/)]);
    expect(await refusalOf(token({}))).toEqual(['TOKEN_INVALID', expect.any(String)]);
  });
});

describe('the built gateway with OIDC_ISSUER and no audience', () => {
  it('refuses to start, naming OIDC_AUDIENCE', async () => {
    const port = String(await freePort());
    const { code, output } = await new Promise<{ code: number | null; output: string }>((done) => {
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', GITHUB_WEBHOOK_SECRET: 'a-github-secret', ALERTMANAGER_WEBHOOK_TOKEN: 'an-alertmanager-token', SUBGRAPH_SECRET: 'x'.repeat(32), OIDC_ISSUER: 'https://login.example.com/realms/eng', PORT: port };
      delete env.OIDC_CLIENT_ID;
      delete env.OIDC_AUDIENCE;
      const child = execFile(process.execPath, [distScript('gateway', 'main.js')], { env, timeout: 30_000 }, (_error, stdout, stderr) => done({ code: child.exitCode, output: `${stdout}${stderr}` }));
    });
    expect(code).not.toBe(0);
    // The JSON log line (stdout) or Node's own report (stderr) names it.
    expect(output).toMatch(/OIDC_AUDIENCE: is required when OIDC_ISSUER is set/);
  }, 40_000);
});
