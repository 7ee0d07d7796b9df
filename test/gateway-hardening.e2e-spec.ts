import { Stack } from '@companyos/testing';

// The gateway's defences that need no identity (issue 5, first part): query
// limits, CORS from ALLOWED_ORIGINS, secure headers. The real stack, over HTTP.
describe('Gateway hardening (whole stack)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ gatewayEnv: { ALLOWED_ORIGINS: 'https://dashboard.example.com', GRAPHQL_MAX_DEPTH: '6' } });
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('refuses an over-deep query with 400 naming GRAPHQL_MAX_DEPTH before any subgraph is asked: nothing runs', async () => {
    const deep = `mutation { createDeployment(input: { serviceName: "deep", version: "1", environment: PRODUCTION, deployedBy: "x" }) {
      rollbackOf { rollbackOf { rollbackOf { rollbackOf { rollbackOf { rollbackOf { id } } } } } } } }`;
    const response = await post({ query: deep });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string; limit: string } }[] };
    expect(body.errors.map((e) => [e.extensions.code, e.extensions.limit])).toContainEqual(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_MAX_DEPTH']);
    expect(body.errors[0].message).toMatch(/nests fields 8, over the limit of 6 \(GRAPHQL_MAX_DEPTH\)/);
    const listed = await stack.graphql<{ deployments: { totalCount: number } }>(`{ deployments(filter: { serviceName: "deep" }) { totalCount } }`);
    expect(listed.data!.deployments.totalCount).toBe(0);
  });

  it('refuses an over-costly alias flood with 400', async () => {
    const flood = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: incidents(first: 200) { nodes { id alerts { id } } }`).join(' ')} }`;
    const response = await post({ query: flood });
    expect(response.status).toBe(400);
    const limits = ((await response.json()) as { errors: { extensions: { limit: string } }[] }).errors.map((e) => e.extensions.limit);
    expect(limits).toContain('GRAPHQL_MAX_COST');
  });

  it('lets a dashboard query through', async () => {
    const { data, errors } = await stack.graphql<{ doraMetrics: { summary: { deployments: number }; series: unknown[] } }>(
      `{ doraMetrics(granularity: MONTH) { summary { deployments leadTimeSeconds } series { from deployments } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.doraMetrics.series.length).toBeGreaterThanOrEqual(1);
  });

  it('answers CORS for an allowed origin only, and sends secure headers', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.gateway.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    const allowed = await preflight('https://dashboard.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.com');
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const response = await post({ query: '{ __typename }' });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
