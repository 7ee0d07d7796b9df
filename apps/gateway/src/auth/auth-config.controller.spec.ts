import { oidcSignIn } from './auth-config.controller';

describe('the sign-in options the dashboard is told', () => {
  const jwt = { secret: null, issuer: null, audience: null, roleClaim: 'roles' };

  it('offers the issuer’s login only with both OIDC_ISSUER and OIDC_CLIENT_ID', () => {
    expect(oidcSignIn({ ...jwt, oidcIssuer: null, oidcAudience: null, oidcClientId: null })).toBeNull();
    // An issuer with an audience but no client id: the API accepts its tokens, the dashboard has no client to log in with.
    expect(oidcSignIn({ ...jwt, oidcIssuer: 'https://sso.example.com', oidcAudience: 'companyos', oidcClientId: null })).toBeNull();
    expect(oidcSignIn({ ...jwt, oidcIssuer: 'https://sso.example.com', oidcAudience: 'companyos-web', oidcClientId: 'companyos-web' })).toEqual({
      issuer: 'https://sso.example.com',
      clientId: 'companyos-web',
      audience: 'companyos-web',
    });
  });
});
