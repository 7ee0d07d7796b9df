import { gatewaySignatureProblem, signGatewayRequest, SIGNATURE_MAX_SKEW_MS } from './gateway-signature';

describe('gateway signatures', () => {
  const secret = 'a-subgraph-secret-of-32-characters!';
  const now = 1_795_550_000_000;

  it('accepts a fresh signature for the same actor', () => {
    expect(gatewaySignatureProblem(secret, signGatewayRequest(secret, 'alice', now), 'alice', now + 1000)).toBeNull();
  });

  it.each([
    [undefined, 'alice', now, /header is missing/],
    ['v1=abc', 'alice', now, /is malformed/],
    [signGatewayRequest('another-secret-of-32-characters!!!', 'alice', now), 'alice', now, /does not match/],
    [signGatewayRequest(secret, 'alice', now), 'mallory', now, /does not match \(wrong secret, or the actor was changed\)/],
    [signGatewayRequest(secret, 'alice', now), 'alice', now + SIGNATURE_MAX_SKEW_MS + 1, /has expired/],
    [signGatewayRequest(secret, 'alice', now + SIGNATURE_MAX_SKEW_MS + 1), 'alice', now, /has expired/],
  ])('refuses %s for %s, saying why', (header, actor, at, problem) => {
    expect(gatewaySignatureProblem(secret, header, actor, at)).toMatch(problem);
  });
});
