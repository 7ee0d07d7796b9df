import { ACTOR_HEADER, ROLE_HEADER, SIGNATURE_MAX_SKEW_MS, signedPrincipalHeaders, verifySignedPrincipal } from './gateway-signature';

describe('gateway signatures', () => {
  const secret = 'a-subgraph-secret-of-32-characters!';
  const now = 1_795_550_000_000;
  const alice = { id: 'u-1', name: 'alice', role: 'responder' as const };

  it('accepts a fresh signature and names its principal', () => {
    expect(verifySignedPrincipal(secret, signedPrincipalHeaders(secret, alice, now), now + 1000)).toEqual({ principal: alice });
  });

  it.each([
    ['no signature', {}, now, /header is missing/],
    ['a malformed one', { ...signedPrincipalHeaders(secret, alice, now), 'x-companyos-gateway-signature': 'v1=abc' }, now, /is malformed/],
    ['another secret', signedPrincipalHeaders('another-secret-of-32-characters!!!', alice, now), now, /does not match/],
    ['a changed actor', { ...signedPrincipalHeaders(secret, alice, now), [ACTOR_HEADER]: 'mallory' }, now, /does not match \(wrong secret, or the principal was changed\)/],
    ['a raised role', { ...signedPrincipalHeaders(secret, alice, now), [ROLE_HEADER]: 'admin' }, now, /does not match/],
    ['an unknown role', { ...signedPrincipalHeaders(secret, alice, now), [ROLE_HEADER]: 'root' }, now, /must be one of viewer, responder, admin/],
    ['an old signature', signedPrincipalHeaders(secret, alice, now), now + SIGNATURE_MAX_SKEW_MS + 1, /has expired/],
    ['one from the future', signedPrincipalHeaders(secret, alice, now + SIGNATURE_MAX_SKEW_MS + 1), now, /has expired/],
  ])('refuses %s, saying why', (_case, headers, at, problem) => {
    expect(verifySignedPrincipal(secret, headers, at).problem).toMatch(problem);
  });
});
