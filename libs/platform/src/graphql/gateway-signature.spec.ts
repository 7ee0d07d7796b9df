import {
  ACTOR_HEADER,
  GATEWAY_SIGNATURE_HEADER,
  ROLE_HEADER,
  RequestToSign,
  SIGNATURE_MAX_SKEW_MS,
  signedRequestHeaders,
  subgraphKey,
  verifySignedRequest,
} from './gateway-signature';

describe('gateway signatures', () => {
  const secret = 'a-subgraph-secret-of-32-characters!';
  const now = 1_795_550_000_000;
  const alice = { id: 'u-1', name: 'alice', role: 'responder' as const };
  const body = JSON.stringify({ query: 'mutation { createIncident(input: { title: "x", severity: SEV3 }) { id } }' });
  const toIncidents: RequestToSign = { subgraph: 'incidents', method: 'POST', url: 'http://10.0.0.7:4001/graphql', body, principal: alice };

  /** What the incidents subgraph receives of a request signed as `signed`, with anything changed on the way. */
  const received = (signed: RequestToSign, change: Partial<{ method: string; url: string; body: string; headers: Record<string, string> }> = {}, at = now) => ({
    method: change.method ?? 'POST',
    url: change.url ?? '/graphql',
    body: Buffer.from(change.body ?? signed.body ?? ''),
    headers: { ...signedRequestHeaders(secret, signed, at), ...change.headers },
  });

  it('accepts a fresh signature for this subgraph and names its principal and nonce', () => {
    const check = verifySignedRequest(secret, 'incidents', received(toIncidents), now + 1000);
    expect(check.principal).toEqual(alice);
    expect(check.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('gives every request its own nonce', () => {
    const nonceOf = () => /n=([^,]+)/.exec(signedRequestHeaders(secret, toIncidents, now)[GATEWAY_SIGNATURE_HEADER])![1];
    expect(nonceOf()).not.toEqual(nonceOf());
  });

  it.each([
    ['Łukasz', 'jwt:łukasz'],
    ['田中', 'jwt:田中'],
    ['a, b; c=d\r\nx-companyos-role: admin', 'jwt:1'],
  ])('carries any name (%j) in legal headers, as written', (name, id) => {
    const principal = { id, name, role: 'viewer' as const };
    const headers = signedRequestHeaders(secret, { ...toIncidents, principal }, now);
    for (const value of Object.values(headers)) expect(value).toMatch(/^[\x21-\x7e]+$/);
    expect(verifySignedRequest(secret, 'incidents', received({ ...toIncidents, principal }), now).principal).toEqual(principal);
  });

  it('derives a key per subgraph from the one secret', () => {
    expect(subgraphKey(secret, 'incidents')).toHaveLength(32);
    expect(subgraphKey(secret, 'incidents').equals(subgraphKey(secret, 'alerts'))).toBe(false);
    expect(subgraphKey(secret, 'incidents').equals(subgraphKey('another-secret-of-32-characters!!!', 'incidents'))).toBe(false);
  });

  it.each([
    ['no signature', { headers: { [GATEWAY_SIGNATURE_HEADER]: '' } }, now, /header is missing/],
    ['the old format', { headers: { [GATEWAY_SIGNATURE_HEADER]: `t=${now},v1=${'0'.repeat(64)}` } }, now, /is malformed/],
    ['a changed body', { body: body.replace('SEV3', 'SEV1') }, now, /does not match/],
    ['another path', { url: '/internal/api-tokens/verify' }, now, /does not match/],
    ['another method', { method: 'PUT' }, now, /does not match/],
    ['a changed actor', { headers: { [ACTOR_HEADER]: 'mallory' } }, now, /does not match/],
    ['a raised role', { headers: { [ROLE_HEADER]: 'admin' } }, now, /does not match/],
    ['an unknown role', { headers: { [ROLE_HEADER]: 'root' } }, now, /must be one of viewer, responder, admin/],
    ['an old signature', {}, now + SIGNATURE_MAX_SKEW_MS + 1, /has expired/],
  ])('refuses %s, saying why', (_case, change, at, problem) => {
    expect(verifySignedRequest(secret, 'incidents', received(toIncidents, change), at).problem).toMatch(problem);
  });

  it('refuses a request signed for another subgraph, or with another secret', () => {
    expect(verifySignedRequest(secret, 'incidents', received({ ...toIncidents, subgraph: 'alerts' }), now).problem).toMatch(/signed for another subgraph/);
    const foreign = signedRequestHeaders('another-secret-of-32-characters!!!', toIncidents, now);
    expect(verifySignedRequest(secret, 'incidents', { method: 'POST', url: '/graphql', body: Buffer.from(body), headers: foreign }, now).problem).toMatch(/does not match/);
  });

  it('refuses one from the future', () => {
    expect(verifySignedRequest(secret, 'incidents', received(toIncidents, {}, now + SIGNATURE_MAX_SKEW_MS + 1), now).problem).toMatch(/has expired/);
  });
});
