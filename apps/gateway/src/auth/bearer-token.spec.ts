import { verifyBearerToken } from './bearer-token';

describe('verifyBearerToken', () => {
  const token = 'alertmanager-token-0123456789';

  it('accepts the token in a Bearer header, whatever the scheme case', () => {
    expect(verifyBearerToken(token, `Bearer ${token}`)).toBe(true);
    expect(verifyBearerToken(token, `bearer ${token}`)).toBe(true);
  });

  it('refuses a missing header, another scheme, another token, or a prefix of it', () => {
    expect(verifyBearerToken(token, undefined)).toBe(false);
    expect(verifyBearerToken(token, `Basic ${token}`)).toBe(false);
    expect(verifyBearerToken(token, 'Bearer another-token-0123456789')).toBe(false);
    expect(verifyBearerToken(token, `Bearer ${token.slice(0, -1)}`)).toBe(false);
    expect(verifyBearerToken(token, 'Bearer ')).toBe(false);
  });
});
