import SwaggerParser from '@apidevtools/swagger-parser';
import { alertmanagerExample, Stack, TEST_ALERTMANAGER_TOKEN, waitFor } from '@companyos/testing';
import { randomBytes } from 'node:crypto';

// Issue 16, items 4 and 6: the seed's GET /api/companyos/dashboard (one composed operation, as the caller),
// GET /api/companyos/health (every app's readiness) and the REST facade's OpenAPI document, on the real stack.
describe('Dashboard, platform health and the OpenAPI document (whole stack)', () => {
  let stack: Stack;
  const service = `dash-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    stack = await Stack.start();
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const json = async (path: string, token: string | null = stack.adminToken) => {
    const response = await stack.api(path, {}, token);
    return { status: response.status, body: (await response.json()) as any, headers: response.headers };
  };

  it('answers the dashboard: active incidents, firing alerts, recent deployments, DORA with its change, SLOs at risk', async () => {
    const responder = await stack.tokenFor('responder', 'dash-responder');
    const declared = await stack.api(
      '/api/companyos/incidents',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: `${service} checkout errors`, severity: 'sev2', affectedServices: [service] }) },
      responder.token,
    );
    expect(declared.status).toBe(201);
    const incident = (await declared.json()) as { id: string };

    const deployed = await stack.api('/api/companyos/deployments', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceName: service, version: 'v1.2.3', environment: 'production', deployedBy: 'ci', status: 'succeeded' }),
    });
    expect(deployed.status).toBe(201);
    const deployment = (await deployed.json()) as { id: string };

    // An SLO whose alert has fired for five hours: 99.9 % over 30 days allows 43 minutes, so its budget is overspent.
    const sloName = `${service}-availability`;
    const slo = await stack.graphql(`mutation ($name: String!, $service: String!) { createSlo(input: { name: $name, service: $service, objective: 99.9, windowDays: 30 }) { id } }`, {
      name: sloName,
      service,
    });
    expect(slo.errors).toBeUndefined();
    const healthy = await stack.graphql(`mutation ($name: String!, $service: String!) { createSlo(input: { name: $name, service: $service, objective: 99, windowDays: 30 }) { id } }`, {
      name: `${service}-latency`,
      service,
    });
    expect(healthy.errors).toBeUndefined();
    const notification = alertmanagerExample('firing');
    const alert = notification.alerts[0];
    alert.labels = { ...alert.labels, service, severity: 'warning', slo_name: sloName, customer_facing: 'false' };
    alert.startsAt = new Date(Date.now() - 5 * 3600_000).toISOString();
    alert.fingerprint = randomBytes(8).toString('hex');
    notification.groupKey = `{}:{service="${service}"}`;
    const posted = await fetch(`${stack.gateway.url}/api/companyos/prometheus-webhook`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ALERTMANAGER_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(notification),
    });
    expect(posted.status).toBe(202);

    const viewer = await stack.tokenFor('viewer', 'dash-viewer');
    const dashboard = await waitFor(
      'the alert on the dashboard',
      async () => {
        const { status, body } = await json('/api/companyos/dashboard', viewer.token);
        expect(status).toBe(200);
        return body.alerts.nodes.some((node: any) => node.service === service) && body;
      },
      30_000,
      250,
    );
    expect(Object.keys(dashboard).sort()).toEqual(['alerts', 'deployments', 'dora', 'incidents', 'slos']);
    expect(dashboard.incidents.nodes).toContainEqual(expect.objectContaining({ id: incident.id, severity: 'SEV2', status: 'OPEN', affectedServices: [service] }));
    expect(dashboard.incidents.totalCount).toBeGreaterThanOrEqual(1);
    expect(dashboard.alerts.nodes.find((node: any) => node.service === service)).toMatchObject({ alertName: 'HighErrorRate', severity: 'WARNING', status: 'FIRING' });
    expect(dashboard.deployments.nodes[0]).toMatchObject({ id: deployment.id, serviceName: service, environment: 'PRODUCTION', status: 'SUCCEEDED' });
    expect(dashboard.dora.environment).toBe('PRODUCTION');
    expect(dashboard.dora.summary).toEqual(expect.objectContaining({ deploymentsPerDay: expect.any(Number), from: expect.any(String), to: expect.any(String) }));
    expect(dashboard.dora.change.deploymentsPerDay).toHaveProperty('improved');
    expect(dashboard.slos.map((s: any) => s.name)).toContain(sloName);
    expect(dashboard.slos.map((s: any) => s.name)).not.toContain(`${service}-latency`);
    expect(dashboard.slos.find((s: any) => s.name === sloName).errorBudget.remaining).toBeLessThan(0);

    // Resolved, the incident leaves the dashboard.
    const resolved = await stack.api(`/api/companyos/incidents/${incident.id}/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, responder.token);
    expect(resolved.status).toBe(200);
    const after = await json('/api/companyos/dashboard', viewer.token);
    expect(after.body.incidents.nodes.map((node: any) => node.id)).not.toContain(incident.id);
  });

  it('refuses the dashboard without a credential (401), like every other REST path', async () => {
    const { status, body } = await json('/api/companyos/dashboard', null);
    expect(status).toBe(401);
    expect(body.error).toBe('UNAUTHENTICATED');
  });

  it('answers every app\'s readiness without a credential, and names the one that is down (503)', async () => {
    const { status, body, headers } = await json('/api/companyos/health', null);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body.status).toBe('ok');
    expect(Object.keys(body.apps).sort()).toEqual(['access', 'alerts', 'builds', 'deployments', 'gateway', 'incidents', 'knowledge', 'runbooks']);
    for (const app of Object.values<any>(body.apps)) expect(app).toMatchObject({ status: 'ready', latencyMs: expect.any(Number) });

    await stack.withStopped(['knowledge'], async () => {
      const degraded = await waitFor('knowledge unavailable', async () => {
        const answer = await json('/api/companyos/health', null);
        return answer.status === 503 && answer;
      }, 15_000, 250);
      expect(degraded.body.status).toBe('degraded');
      expect(degraded.body.apps.knowledge).toMatchObject({ status: 'unavailable', reason: 'unreachable' });
      expect(degraded.body.apps.incidents.status).toBe('ready');
      // Nothing of the subgraph's address is in the answer.
      expect(JSON.stringify(degraded.body)).not.toContain(String(stack.knowledge.port));
    });
  });

  it('serves an OpenAPI 3 document of the REST facade and the webhooks that a validator accepts', async () => {
    const { status, body } = await json('/api/companyos/openapi.json', null);
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(body))).resolves.toBeDefined();
    const paths = Object.keys(body.paths);
    for (const path of [
      '/api/companyos/dashboard',
      '/api/companyos/health',
      '/api/companyos/incidents',
      '/api/companyos/incidents/{id}/resolve',
      '/api/companyos/deployments',
      '/api/companyos/alerts/firing',
      '/api/companyos/github-webhook',
      '/api/companyos/prometheus-webhook',
    ]) {
      expect(paths).toContain(path);
    }
    expect(paths.some((path) => path.startsWith('/health') || path === '/metrics' || path === '/graphql')).toBe(false);
    expect(body.paths['/api/companyos/dashboard'].get.security).toEqual([{ bearer: [] }]);
    expect(body.paths['/api/companyos/health'].get.security).toBeUndefined();
    expect(body.paths['/api/companyos/github-webhook'].post.security).toEqual([{ 'github-signature': [] }]);
    expect(body.paths['/api/companyos/deployments'].post.requestBody.content['application/json'].schema.required).toContain('serviceName');
    expect(Object.keys(body.components.securitySchemes).sort()).toEqual(['alertmanager', 'bearer', 'github-signature']);
  });
});
