// A real OpenID Connect issuer for the dashboard's sign-in test: panva's oidc-provider (ESM, so it runs in its own
// process, started by test/oidc-sign-in.e2e-spec.ts) with one public client (no secret, PKCE S256 required), its
// development login and consent pages (any password), RS256 keys published at its jwks_uri, and ID tokens that carry
// the person's `roles` (the gateway's JWT_ROLE_CLAIM). Its access tokens are JWTs too (resource indicators), for the
// API audience API_AUDIENCE, with the same `roles`. Settings come from the environment:
//   ISSUER_PORT, CLIENT_ID, API_AUDIENCE, REDIRECT_URIS (comma-separated),
//   USERS (JSON: { "<login>": { "roles": [...], "ttl": <ID token seconds> } })
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.ISSUER_PORT);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.CLIENT_ID;
const redirectUris = process.env.REDIRECT_URIS.split(',');
const users = JSON.parse(process.env.USERS);
const apiAudience = process.env.API_AUDIENCE;
const origins = new Set(redirectUris.map((uri) => new URL(uri).origin));

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [{ client_id: clientId, token_endpoint_auth_method: 'none', redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
  jwks: { keys: [jwk] },
  pkce: { methods: ['S256'], required: () => true },
  features: {
    devInteractions: { enabled: true },
    // Every authorization is for the CompanyOS API unless another resource is asked for: its access tokens are JWTs
    // with `aud` API_AUDIENCE, signed with the same keys.
    resourceIndicators: {
      enabled: true,
      defaultResource: () => apiAudience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== apiAudience) throw new Error(`unknown resource ${resource}`);
        return { scope: 'api', audience: apiAudience, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  extraTokenClaims: (_ctx, token) => (token.kind === 'AccessToken' ? { roles: users[token.accountId]?.roles ?? [] } : undefined),
  // The dashboard's page calls discovery and the token endpoint from the browser: only from the client's own origin.
  clientBasedCORS: (_ctx, origin) => origins.has(origin),
  findAccount: (_ctx, id) =>
    users[id] && {
      accountId: id,
      claims: () => ({ sub: id, preferred_username: id, email: `${id}@example.com`, roles: users[id].roles }),
    },
  claims: { openid: ['sub'], profile: ['preferred_username', 'roles'], email: ['email'] },
  // The profile claims (roles among them) go into the ID token itself, not only to the userinfo endpoint.
  conformIdTokenClaims: false,
  ttl: {
    IdToken: (ctx) => users[ctx.oidc.account?.accountId]?.ttl ?? 3600,
    AccessToken: 3600,
    AuthorizationCode: 60,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
  cookies: { keys: ['oidc-sign-in-test-cookie-key'] },
});
provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error', error));
provider.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
