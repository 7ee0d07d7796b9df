import { gatewayConfig } from './gateway.config';

describe('gateway configuration: who may sign people’s JWTs', () => {
  const saved = process.env;
  const required = { GITHUB_WEBHOOK_SECRET: 'a-github-secret', ALERTMANAGER_WEBHOOK_TOKEN: 'an-alertmanager-token' };
  const load = (env: Record<string, string>) => {
    process.env = { ...required, ...env };
    try {
      return gatewayConfig();
    } finally {
      process.env = saved;
    }
  };

  it('refuses OIDC_ISSUER without an audience, naming OIDC_AUDIENCE', () => {
    expect(() => load({ OIDC_ISSUER: 'https://login.example.com/realms/eng' })).toThrow(/OIDC_AUDIENCE: is required when OIDC_ISSUER is set/);
  });

  it('takes OIDC_AUDIENCE, else OIDC_CLIENT_ID, as the audience', () => {
    const issuer = 'https://login.example.com/realms/eng';
    expect(load({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'companyos-web' }).jwt.oidcAudience).toBe('companyos-web');
    expect(load({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'companyos-web', OIDC_AUDIENCE: 'companyos' }).jwt.oidcAudience).toBe('companyos');
  });

  it('reads JWT_ISSUER and JWT_AUDIENCE for HS256 tokens, none by default', () => {
    expect(load({}).jwt).toMatchObject({ issuer: null, audience: null });
    expect(load({ JWT_ISSUER: 'https://sso.example.com', JWT_AUDIENCE: 'companyos' }).jwt).toMatchObject({ issuer: 'https://sso.example.com', audience: 'companyos' });
  });

  it('reads GRAPHQL_MAX_TOKENS (5000 unless set)', () => {
    expect(load({}).maxTokens).toBe(5000);
    expect(load({ GRAPHQL_MAX_TOKENS: '800' }).maxTokens).toBe(800);
    expect(() => load({ GRAPHQL_MAX_TOKENS: '0' })).toThrow(/GRAPHQL_MAX_TOKENS/);
  });
});

describe('gateway configuration: the GraphQL explorer', () => {
  const saved = process.env;
  const required = { GITHUB_WEBHOOK_SECRET: 'a-github-secret', ALERTMANAGER_WEBHOOK_TOKEN: 'an-alertmanager-token' };
  const load = (env: Record<string, string>) => {
    process.env = { ...required, ...env };
    try {
      return gatewayConfig();
    } finally {
      process.env = saved;
    }
  };

  it('is on outside production and off in production unless GRAPHQL_EXPLORER=true', () => {
    expect(load({}).explorer).toBe(true);
    expect(load({ NODE_ENV: 'test' }).explorer).toBe(true);
    expect(load({ NODE_ENV: 'production' }).explorer).toBe(false);
    expect(load({ NODE_ENV: 'production', GRAPHQL_EXPLORER: 'true' }).explorer).toBe(true);
    expect(load({ GRAPHQL_EXPLORER: 'false' }).explorer).toBe(false);
  });

  it('refuses a GRAPHQL_EXPLORER that is not true or false, naming it', () => {
    expect(() => load({ GRAPHQL_EXPLORER: 'yes' })).toThrow(/GRAPHQL_EXPLORER: must be true or false/);
  });

  it('turns introspection on with the explorer in production (its docs need it), unless GRAPHQL_INTROSPECTION=false', () => {
    expect(load({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(load({ NODE_ENV: 'production', GRAPHQL_EXPLORER: 'true' }).introspection).toBe(true);
    expect(load({ NODE_ENV: 'production', GRAPHQL_EXPLORER: 'true', GRAPHQL_INTROSPECTION: 'false' }).introspection).toBe(false);
  });
});
