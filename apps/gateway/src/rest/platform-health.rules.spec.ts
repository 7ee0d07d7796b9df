import { failingDependencies, overallStatus, readinessUrl } from './platform-health.rules';

describe('platform health rules', () => {
  const ready = { status: 'ready' as const, latencyMs: 3 };
  const down = { status: 'unavailable' as const, latencyMs: 3000, reason: 'no answer within 3000 ms' };

  it('is ok when every app is ready, down when none is, degraded between', () => {
    expect(overallStatus({ gateway: ready, incidents: ready })).toBe('ok');
    expect(overallStatus({ gateway: ready, incidents: down })).toBe('degraded');
    expect(overallStatus({ gateway: down, incidents: down })).toBe('down');
  });

  it('finds the readiness endpoint beside the GraphQL endpoint, under a path prefix too', () => {
    expect(readinessUrl('http://127.0.0.1:4001/graphql')).toBe('http://127.0.0.1:4001/health/ready');
    expect(readinessUrl('https://lb.internal/incidents/graphql')).toBe('https://lb.internal/incidents/health/ready');
  });

  it('keeps only the names of failing dependencies, never their messages', () => {
    expect(failingDependencies({ status: 'unavailable', failures: { postgres: 'connect ECONNREFUSED 10.0.0.5:5432' } })).toEqual(['postgres']);
    expect(failingDependencies({ failures: ['x'] })).toBeUndefined();
    expect(failingDependencies('not json')).toBeUndefined();
    expect(failingDependencies({ failures: { '<script>': 'x', redis: 'y' } })).toEqual(['redis']);
  });
});
