import { Stack, subgraphHeaders } from '@companyos/testing';

// The gateway's defences that need no identity (issue 5, first part): query
// limits, subgraphs answering only the gateway, CORS from ALLOWED_ORIGINS,
// secure headers. The real stack, over HTTP.
describe('Gateway hardening (whole stack)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ gatewayEnv: { ALLOWED_ORIGINS: 'https://dashboard.example.com', GRAPHQL_MAX_DEPTH: '6', RATE_LIMIT_MAX: '40', RATE_LIMIT_WINDOW_MS: '3600000' } });
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

  it('keeps subgraphs from being a side door: unsigned or forged requests get 401, nothing runs', async () => {
    const mutation = { query: `mutation { createDeployment(input: { serviceName: "side-door", version: "1", environment: PRODUCTION, deployedBy: "x" }) { id } }` };
    const direct = (headers: Record<string, string>) =>
      fetch(`${stack.deployments.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(mutation) });
    const forged: Record<string, string>[] = [
      {},
      { 'x-companyos-gateway-signature': `t=${Date.now()},v1=${'0'.repeat(64)}` },
      { ...subgraphHeaders(), 'x-companyos-actor': 'mallory' },
    ];
    for (const headers of forged) {
      const response = await direct(headers);
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    for (const subgraph of [stack.incidents, stack.alerts]) {
      expect((await fetch(`${subgraph.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).status).toBe(401);
    }
    const listed = await stack.graphql<{ deployments: { totalCount: number } }>(`{ deployments(filter: { serviceName: "side-door" }) { totalCount } }`);
    expect(listed.data!.deployments.totalCount).toBe(0);
    // Health and metrics stay open to probes and Prometheus.
    expect((await fetch(`${stack.deployments.url}/health`)).status).toBe(200);
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

  // Last: it spends the rest of this window's allowance.
  it('answers a burst over RATE_LIMIT_MAX with 429 and Retry-After, leaving webhooks and health out of it', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => post({ query: '{ __typename }' })));
    const statuses = answers.map((a) => a.status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(40);
    const refused = answers.find((a) => a.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toBe('TOO_MANY_REQUESTS');
    const rest = await fetch(`${stack.gateway.url}/api/companyos/deployments`);
    expect(rest.status).toBe(429);
    expect((await fetch(`${stack.gateway.url}/health`)).status).toBe(200);
    const webhook = await fetch(`${stack.gateway.url}/api/companyos/prometheus-webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(webhook.status).toBe(401); // not rate-limited: refused for its missing token, as always
  });
});
