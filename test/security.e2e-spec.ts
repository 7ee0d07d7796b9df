import { createApiTokenWithCli, Stack, subgraphHeaders, TEST_ALERTMANAGER_TOKEN, waitFor } from '@companyos/testing';
import { SignJWT } from 'jose';

const JWT_SECRET = 'e2e-jwt-secret-of-at-least-32-characters';

// The security matrix of issue 5 on the real stack, over HTTP: every way in
// without the right identity is refused with the right status and code, is
// recorded in the audit log, and changes nothing; the query limits, the
// subgraphs' side door, CORS, headers and rate limits hold.
describe('Security at the edge (whole stack)', () => {
  let stack: Stack;
  let viewer: string;
  let responder: string;

  beforeAll(async () => {
    stack = await Stack.start({
      // GRAPHQL_MAX_TOKENS above its default, so a 10,000-alias document reaches the alias limit (a 1 MB one still meets this one).
      gatewayEnv: { ALLOWED_ORIGINS: 'https://dashboard.example.com', GRAPHQL_MAX_DEPTH: '6', GRAPHQL_MAX_TOKENS: '50000', RATE_LIMIT_MAX: '200', RATE_LIMIT_WINDOW_MS: '3600000', JWT_SECRET },
    });
    viewer = (await stack.tokenFor('viewer')).token;
    responder = (await stack.tokenFor('responder')).token;
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** Requests come from many client IPs (the test is a trusted loopback proxy), so only the test that means to meets the per-IP limit. */
  let nextIp = 1;
  const fromNewIp = () => ({ 'x-forwarded-for': `10.0.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}` });

  const post = (body: unknown, token: string | null, headers: Record<string, string> = {}) =>
    stack.api('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...fromNewIp(), ...headers }, body: JSON.stringify(body) }, token);

  const createIncident = (title: string) => ({
    query: `mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id title } }`,
    variables: { input: { title, severity: 'SEV3', affectedServices: ['matrix'] } },
  });

  /** Rows that any refused request might have written. */
  const footprint = async () => ({
    incidents: await stack.count('SELECT 1 FROM incidents.incidents'),
    deployments: await stack.count('SELECT 1 FROM deployments.deployments'),
    slos: await stack.count('SELECT 1 FROM alerts.slos'),
    tokens: await stack.count('SELECT 1 FROM access.api_tokens'),
  });

  const person = (role: unknown, expiresIn = '10m', secret = JWT_SECRET, name = 'alice@example.com', subject = 'alice') =>
    new SignJWT({ preferred_username: name, roles: role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(new TextEncoder().encode(secret));

  const errorOf = async (response: Response) => ((await response.json()) as { errors: { message: string; extensions: { code: string; reason?: string; limit?: string } }[] }).errors[0];

  describe('the matrix: each refused with the right code, nothing changed', () => {
    let before: Awaited<ReturnType<typeof footprint>>;
    beforeAll(async () => {
      before = await footprint();
    });
    afterAll(async () => {
      expect(await footprint()).toEqual(before);
    });

    it('a NUL character (PostgreSQL cannot store one) in a variable, a string literal or a webhook body: 400 naming where', async () => {
      const inVariable = await post(createIncident('disk\u0000full'), responder);
      expect(inVariable.status).toBe(400);
      expect(await errorOf(inVariable)).toMatchObject({ message: 'variable $input.title holds a NUL character (U+0000), which cannot be stored', extensions: { code: 'BAD_USER_INPUT' } });
      const literal = { query: 'mutation { createIncident(input: { title: "disk\\u0000full", severity: SEV3 }) { id } }' };
      const inLiteral = await post(literal, responder);
      expect(inLiteral.status).toBe(400);
      expect(await errorOf(inLiteral)).toMatchObject({ message: expect.stringContaining('argument input.title holds a NUL character'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
      const alert = { version: '4', groupKey: 'g-nul', status: 'firing', receiver: 'companyos', alerts: [{ status: 'firing', labels: { alertname: 'Nul', service: 'matrix' }, annotations: { summary: 'a\u0000b' }, startsAt: new Date().toISOString() }] };
      const webhook = await fetch(`${stack.gateway.url}/api/companyos/prometheus-webhook`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_ALERTMANAGER_TOKEN}`, 'content-type': 'application/json', ...fromNewIp() },
        body: JSON.stringify(alert),
      });
      expect(webhook.status).toBe(400);
      expect(JSON.stringify(await webhook.json())).toContain('NUL character (U+0000) at alerts.0.annotations.summary');
      expect(await stack.count(`SELECT 1 FROM ingest.deliveries WHERE payload->>'groupKey' = 'g-nul'`)).toBe(0);
    });

    it('no token: 401 UNAUTHENTICATED on the graph and on REST', async () => {
      const response = await post(createIncident('no token'), null);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await errorOf(response)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'CREDENTIALS_MISSING' } });
      const rest = await stack.api('/api/companyos/deployments', { headers: fromNewIp() }, null);
      expect(rest.status).toBe(401);
      expect(await rest.json()).toMatchObject({ error: 'UNAUTHENTICATED', reason: 'CREDENTIALS_MISSING' });
    });

    it('bad token: an unknown API token, a JWT signed with another secret, a malformed header', async () => {
      const unknown = await post(createIncident('bad token'), 'cos_not-a-token-anyone-issued');
      expect(unknown.status).toBe(401);
      expect(await errorOf(unknown)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_UNKNOWN' } });
      const forged = await post(createIncident('forged jwt'), await person('admin', '10m', 'another-secret-that-is-32-characters!!'));
      expect(forged.status).toBe(401);
      expect(await errorOf(forged)).toMatchObject({ extensions: { reason: 'TOKEN_INVALID' } });
      const basic = await post(createIncident('basic'), null, { authorization: 'Basic YWRtaW46YWRtaW4=' });
      expect(basic.status).toBe(401);
      expect(await errorOf(basic)).toMatchObject({ extensions: { reason: 'CREDENTIALS_MALFORMED' } });
    });

    it('expired token: an API token past its expiry, a JWT past its exp', async () => {
      const { id, token } = await stack.tokenFor('admin', 'soon-expired');
      before.tokens += 1;
      await stack.db.query(`UPDATE access.api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
      const expired = await post(createIncident('expired token'), token);
      expect(expired.status).toBe(401);
      expect(await errorOf(expired)).toMatchObject({ extensions: { reason: 'TOKEN_EXPIRED' } });
      const oldJwt = await person('admin', '-1m');
      const expiredJwt = await post(createIncident('expired jwt'), oldJwt);
      expect(expiredJwt.status).toBe(401);
      expect(await errorOf(expiredJwt)).toMatchObject({ extensions: { reason: 'TOKEN_EXPIRED' } });
    });

    it('revoked token: refused from the moment it is revoked', async () => {
      const { id, token } = await stack.tokenFor('responder', 'to-revoke');
      before.tokens += 1;
      expect((await post({ query: '{ whoami { name role } }' }, token)).status).toBe(200);
      const revoked = await stack.graphql(`mutation ($id: ID!) { revokeApiToken(id: $id) { revokedAt revokedBy } }`, { id });
      expect(revoked.data.revokeApiToken).toMatchObject({ revokedBy: 'token:e2e-admin' });
      const response = await post(createIncident('revoked token'), token);
      expect(response.status).toBe(401);
      expect(await errorOf(response)).toMatchObject({ extensions: { reason: 'TOKEN_REVOKED' } });
    });

    it('viewer mutating: 403 FORBIDDEN naming the field and the role, on the graph and on REST', async () => {
      const response = await post(createIncident('viewer'), viewer);
      expect(response.status).toBe(403);
      const error = await errorOf(response);
      expect(error.extensions.code).toBe('FORBIDDEN');
      expect(error.message).toBe('Mutation.createIncident requires the responder role; token:e2e-viewer has the viewer role');
      const rest = await stack.api(
        '/api/companyos/deployments',
        { method: 'POST', headers: { 'content-type': 'application/json', ...fromNewIp() }, body: JSON.stringify({ serviceName: 'viewer', version: '1', environment: 'production', deployedBy: 'v' }) },
        viewer,
      );
      expect(rest.status).toBe(403);
      expect(await rest.json()).toMatchObject({ error: 'FORBIDDEN' });
      // A person's JWT without a role claim is a viewer too.
      expect((await post(createIncident('jwt viewer'), await person(undefined))).status).toBe(403);
    });

    it('responder on admin mutations (SLOs, tokens, release-gate overrides) and admin queries: 403', async () => {
      const attempts = [
        { query: `mutation { createSlo(input: { name: "m", service: "matrix", objective: 99.9, windowDays: 30 }) { id } }` },
        { query: `mutation { createApiToken(input: { name: "escalate", role: ADMIN }) { token } }` },
        { query: `mutation { overrideReleaseGate(input: { service: "matrix", environment: PRODUCTION, version: "1", reason: "because" }) { service } }` },
        { query: `{ auditLog(first: 5) { totalCount } }` },
        // The admin field hides behind an allowed one: the whole operation is refused before anything runs.
        { query: `mutation { createIncident(input: { title: "mixed", severity: SEV3 }) { id } createApiToken(input: { name: "x", role: ADMIN }) { token } }` },
      ];
      for (const attempt of attempts) {
        const response = await post(attempt, responder);
        expect(response.status).toBe(403);
        expect((await errorOf(response)).message).toMatch(/requires the admin role; token:e2e-responder has the responder role/);
      }
    });

    it('direct calls to a subgraph: a captured request replayed, one signed for another subgraph, a changed body: 401, nothing written', async () => {
      const create = (serviceName: string) => ({ query: `mutation { createDeployment(input: { serviceName: "${serviceName}", version: "1", environment: PRODUCTION, deployedBy: "x" }) { id } }` });
      const send = (url: string, body: string, headers: Record<string, string>) => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const asResponder = (subgraph: string, body: string) => subgraphHeaders(subgraph, body, { actor: 'replayer', role: 'responder' });
      // What the gateway would send, captured on the wire: the deployments subgraph acts on it once.
      const body = JSON.stringify(create('captured'));
      const captured = asResponder('deployments', body);
      expect(((await (await send(stack.deployments.url, body, captured)).json()) as { data: unknown }).data).toEqual({ createDeployment: { id: expect.any(String) } });
      before.deployments += 1;
      const replay = await send(stack.deployments.url, body, captured);
      expect(replay.status).toBe(401);
      expect((await errorOf(replay)).message).toMatch(/already received/);
      const other = JSON.stringify(create('signed-for-incidents'));
      const forIncidents = await send(stack.deployments.url, other, asResponder('incidents', other));
      expect(forIncidents.status).toBe(401);
      expect((await errorOf(forIncidents)).message).toMatch(/signed for another subgraph/);
      const fresh = JSON.stringify(create('harmless'));
      const changed = await send(stack.deployments.url, fresh.replace('harmless', 'changed'), asResponder('deployments', fresh));
      expect(changed.status).toBe(401);
      // The API-token check of the access app signs the same way.
      const verify = JSON.stringify({ token: stack.adminToken });
      const toAccess = subgraphHeaders('deployments', verify, { actor: 'service:gateway', role: 'viewer', path: '/internal/api-tokens/verify' });
      expect((await fetch(`${stack.access.url}/internal/api-tokens/verify`, { method: 'POST', headers: { 'content-type': 'application/json', ...toAccess }, body: verify })).status).toBe(401);
      expect(await stack.count(`SELECT 1 FROM deployments.deployments WHERE service_name IN ('captured', 'signed-for-incidents', 'harmless', 'changed')`)).toBe(1);
    });

    it('direct calls to a subgraph: 401 without the gateway\'s signature, FORBIDDEN for a signed viewer mutating, _entities checked too', async () => {
      const mutation = { query: `mutation { createDeployment(input: { serviceName: "side-door", version: "1", environment: PRODUCTION, deployedBy: "x" }) { id } }` };
      const direct = (url: string, body: unknown, headers: Record<string, string>) =>
        fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const signed = (subgraph: string, body: unknown, role: 'viewer' | 'admin' = 'viewer') => subgraphHeaders(subgraph, JSON.stringify(body), { actor: 'alice', role });
      const forged: Record<string, string>[] = [
        {},
        { 'x-companyos-gateway-signature': `t=${Date.now()},n=${'a'.repeat(22)},v2=${'0'.repeat(64)}` },
        { ...signed('deployments', mutation), 'x-companyos-role': 'admin' },
      ];
      for (const headers of forged) {
        const response = await direct(stack.deployments.url, mutation, headers);
        expect(response.status).toBe(401);
        expect(await errorOf(response)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      }
      const entities = { query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Service { name } } }`, variables: { r: [{ __typename: 'Service', name: 'matrix' }] } };
      for (const subgraph of [stack.incidents, stack.alerts, stack.access]) expect((await direct(subgraph.url, entities, {})).status).toBe(401);
      const signedViewer = await direct(stack.deployments.url, mutation, signed('deployments', mutation));
      expect(await errorOf(signedViewer)).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      const entitiesAsViewer = (await (await direct(stack.alerts.url, entities, signed('alerts', entities))).json()) as { data: unknown };
      expect(entitiesAsViewer.data).toEqual({ _entities: [{ name: 'matrix' }] });
    });

    it('over-deep query: 400 naming GRAPHQL_MAX_DEPTH, before any subgraph is asked', async () => {
      const deep = `mutation { createDeployment(input: { serviceName: "deep", version: "1", environment: PRODUCTION, deployedBy: "x" }) {
        rollbackOf { rollbackOf { rollbackOf { rollbackOf { rollbackOf { rollbackOf { id } } } } } } } }`;
      const response = await post({ query: deep }, stack.adminToken);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string; limit: string } }[] };
      expect(body.errors.map((e) => [e.extensions.code, e.extensions.limit])).toContainEqual(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_MAX_DEPTH']);
      expect(body.errors[0].message).toMatch(/nests fields at least 7 deep, over the limit of 6 \(GRAPHQL_MAX_DEPTH\)/);
    });

    it('a 60-level doubling fragment chain from a viewer: 400 naming the limit at once, and /health answers meanwhile', async () => {
      // Expanded, 2^59 copies of `__typename`: walking every spread again would hold the event loop for ever.
      const fragments = Array.from({ length: 59 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
      const chain = `query Chain { ...F0 }\n${fragments}\nfragment F59 on Query { __typename }`;
      const [refused, health] = await Promise.all([post({ query: chain }, viewer), fetch(`${stack.gateway.url}/health`)]);
      expect(health.status).toBe(200);
      expect(refused.status).toBe(400);
      const error = await errorOf(refused);
      expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_ROOT_FIELDS' });
      expect(error.message).toMatch(/operation Chain asks for at least 32 top-level fields, over the limit of 20/);
    });

    it('a 10,000-alias document and a 1 MB document of tokens: 400 naming the limit', async () => {
      const aliases = await post({ query: `{ incident(id: "1") { ${Array.from({ length: 10_000 }, (_, i) => `a${i}: id`).join(' ')} } }` }, viewer);
      expect(aliases.status).toBe(400);
      expect((await errorOf(aliases)).extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_ALIASES' });
      const tokens = `{ ${'a '.repeat(499_990)}}`;
      expect(tokens.length).toBeGreaterThanOrEqual(999_980);
      const huge = await post({ query: tokens }, viewer);
      expect(huge.status).toBe(400);
      const error = await errorOf(huge);
      expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_TOKENS' });
      expect(error.message).toBe('the document has more than 50000 tokens, over the limit of 50000 (GRAPHQL_MAX_TOKENS)');
    });

    it('over-costly query: an alias flood gets 400 naming GRAPHQL_MAX_COST', async () => {
      const flood = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: incidents(first: 200) { nodes { id alerts { id } } }`).join(' ')} }`;
      const response = await post({ query: flood }, viewer);
      expect(response.status).toBe(400);
      const limits = ((await response.json()) as { errors: { extensions: { limit: string } }[] }).errors.map((e) => e.extensions.limit);
      expect(limits).toContain('GRAPHQL_MAX_COST');
    });

    it('burst over RATE_LIMIT_MAX from one principal (any IP): 429 with Retry-After; another principal is not affected', async () => {
      const answers = await Promise.all(Array.from({ length: 230 }, () => post({ query: '{ __typename }' }, viewer)));
      const statuses = answers.map((a) => a.status);
      expect(statuses).toContain(429);
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(200);
      const refused = answers.find((a) => a.status === 429)!;
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await errorOf(refused)).toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS' } });
      expect((await post({ query: '{ __typename }' }, responder)).status).toBe(200);
    });
  });

  it('lets each role do its work: a dashboard query, a responder declaring an incident, a person with a JWT', async () => {
    const dashboard = await post({ query: `{ doraMetrics(granularity: MONTH) { summary { deployments leadTimeSeconds } series { from deployments } } }` }, responder);
    expect(dashboard.status).toBe(200);
    const declared = (await (await post(createIncident('declared by a responder'), responder)).json()) as { data: { createIncident: { id: string } } };
    expect(declared.data.createIncident.id).toBeDefined();
    const jwtResponse = await post({ query: '{ whoami { id name role } }' }, await person(['viewer', 'responder']));
    expect(((await jwtResponse.json()) as { data: unknown }).data).toEqual({ whoami: { id: 'jwt:alice', name: 'alice@example.com', role: 'RESPONDER' } });
    const timeline = await stack.count(`SELECT 1 FROM incidents.timeline_entries WHERE incident_id = $1 AND actor = 'token:e2e-responder'`, [declared.data.createIncident.id]);
    expect(timeline).toBeGreaterThanOrEqual(1);
  });

  it('people with any name act under it: JWT users named Łukasz and 田中 appear in the incident timeline as written', async () => {
    const lukasz = await person('responder', '10m', JWT_SECRET, 'Łukasz', 'lukasz');
    const tanaka = await person('responder', '10m', JWT_SECRET, '田中', 'tanaka');
    const declared = (await (await post(createIncident('declared by Łukasz'), lukasz)).json()) as { data: { createIncident: { id: string } }; errors?: unknown };
    expect(declared.errors).toBeUndefined();
    const id = declared.data.createIncident.id;
    const noted = await post({ query: `mutation ($id: ID!) { addIncidentNote(id: $id, note: "見ています") { id } }`, variables: { id } }, tanaka);
    expect(((await noted.json()) as { errors?: unknown }).errors).toBeUndefined();
    const { data } = await stack.graphql<{ incident: { timeline: { actor: string; kind: string }[] } }>(`query ($id: ID!) { incident(id: $id) { timeline { actor kind } } }`, { id });
    const actors = data!.incident.timeline.map((entry) => entry.actor);
    expect(actors).toEqual(expect.arrayContaining(['Łukasz', '田中']));
    expect(await stack.count(`SELECT 1 FROM incidents.timeline_entries WHERE incident_id = $1 AND actor IN ('Łukasz', '田中')`, [id])).toBeGreaterThanOrEqual(2);
  });

  it('a field raising a DomainError keeps its code through the gateway (Service.dora with a period that ends before it starts)', async () => {
    // A principal of its own: the viewer token spent its allowance in the rate-limit test.
    const reader = await person('viewer', '10m', JWT_SECRET, 'dora-reader', 'dora-reader');
    const response = await post({ query: `{ service(name: "matrix") { name dora(from: "2026-03-01T00:00:00Z", to: "2026-02-01T00:00:00Z") { summary { deployments } } } }` }, reader);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toContain('INVALID_PERIOD');
  });

  it('keeps every mutation and every refusal in the audit log, which only admins read and nobody can change', async () => {
    type Entry = { operation: string; outcome: string; code: string | null; principalName: string | null; targetIds: string[] };
    let entries: Entry[] = [];
    await waitFor('the audit records to reach the access app', async () => {
      const { data } = await stack.graphql<{ auditLog: { nodes: Entry[] } }>(`{ auditLog(first: 100) { nodes { operation outcome code principalName targetIds } } }`);
      entries = data?.auditLog.nodes ?? [];
      return entries.some((e) => e.code === 'TOO_MANY_REQUESTS') && entries.some((e) => e.outcome === 'ALLOWED');
    }).catch((error: Error) => {
      throw new Error(`${error.message}; the log holds ${JSON.stringify(entries.map((e) => [e.operation, e.outcome, e.code]))}`);
    });
    const codes = (outcome: string) => new Set(entries.filter((e) => e.outcome === outcome).map((e) => e.code));
    expect([...codes('DENIED')]).toEqual(expect.arrayContaining(['UNAUTHENTICATED', 'FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED', 'TOO_MANY_REQUESTS']));
    expect(entries).toContainEqual(expect.objectContaining({ outcome: 'ALLOWED', principalName: 'token:e2e-responder', operation: expect.stringContaining('mutation') }));
    expect(entries).toContainEqual(expect.objectContaining({ outcome: 'DENIED', code: 'FORBIDDEN', principalName: 'token:e2e-viewer', operation: 'mutation anonymous' }));
    const created = entries.find((e) => e.outcome === 'ALLOWED' && e.principalName === 'token:e2e-responder');
    expect(created?.targetIds).toHaveLength(1);
    await expect(stack.db.query(`UPDATE access.audit_events SET outcome = 'ALLOWED'`)).rejects.toThrow(/append-only/);
    await expect(stack.db.query(`DELETE FROM access.audit_events`)).rejects.toThrow(/append-only/);
  });

  it('mints the first admin token from the command line, and it works', async () => {
    const token = await createApiTokenWithCli(stack.dbUrl, 'first-admin', 'admin', ['--expires-in-days', '7']);
    expect(token).toMatch(/^cos_/);
    const { data } = await stack.graphql(`{ whoami { name role } }`, {}, token);
    expect(data).toEqual({ whoami: { name: 'token:first-admin', role: 'ADMIN' } });
  });

  it('answers CORS for an allowed origin only, and sends secure headers', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.gateway.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
    const allowed = await preflight('https://dashboard.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.com');
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const response = await post({ query: '{ __typename }' }, stack.adminToken);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  // Last: it spends this window's allowance of one client IP.
  it('answers a burst from one IP over RATE_LIMIT_MAX with 429 before any credential is checked, leaving webhooks and health out of it', async () => {
    const ip = { 'x-forwarded-for': '192.0.2.77' };
    const answers = await Promise.all(Array.from({ length: 230 }, () => post({ query: '{ __typename }' }, 'cos_guessing', ip)));
    expect(answers.map((a) => a.status)).toContain(429);
    expect((await stack.api('/api/companyos/deployments', { headers: ip })).status).toBe(429);
    expect((await fetch(`${stack.gateway.url}/health`, { headers: ip })).status).toBe(200);
    const webhook = await fetch(`${stack.gateway.url}/api/companyos/prometheus-webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...ip }, body: '{}' });
    expect(webhook.status).toBe(401); // not rate-limited: refused for its missing token, as always
  });

  // Last: it stops the access app.
  it('refuses an API token it cannot check (access app down) with 503, never lets it through; JWTs still work', async () => {
    const unseen = await createApiTokenWithCli(stack.dbUrl, 'unseen', 'admin');
    await stack.access.stop();
    const refused = await post({ query: '{ __typename }' }, unseen);
    expect(refused.status).toBe(503);
    expect(await errorOf(refused)).toMatchObject({ extensions: { code: 'UNAVAILABLE', reason: 'AUTH_UNAVAILABLE' } });
    expect((await post({ query: '{ __typename }' }, await person('viewer'))).status).toBe(200);
  });
});

