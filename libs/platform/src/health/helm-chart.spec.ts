import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { HealthController } from './health.controller';

// Helm itself is not installable here (no Debian package), so `helm template` cannot run in
// the suite: this checks what can be checked without it. The values parse; the probes name
// paths the platform's HealthController really serves, liveness being the handler that never
// touches a dependency; and every template's actions are balanced (each if/range/with/define
// closed by one end), which is the commonest way a template edit breaks rendering.
const CHART = join(__dirname, '..', '..', '..', '..', 'helm', 'companyos');
const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8'));

/** GET routes of the HealthController: path → handler name. */
function healthRoutes(): Map<string, string> {
  const base = `/${Reflect.getMetadata(PATH_METADATA, HealthController)}`;
  const routes = new Map<string, string>();
  for (const name of Object.getOwnPropertyNames(HealthController.prototype)) {
    const handler = (HealthController.prototype as unknown as Record<string, unknown>)[name];
    if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.GET) continue;
    const path = Reflect.getMetadata(PATH_METADATA, handler) as string;
    routes.set(path === '/' ? base : `${base}/${path}`, name);
  }
  return routes;
}

describe('helm chart', () => {
  it('probes the real health paths: liveness on the dependency-free handler, readiness on the dependency checks', () => {
    const routes = healthRoutes();
    expect(routes.get(values.probes.liveness.path)).toBe('live');
    expect(routes.get(values.probes.startup.path)).toBe('live');
    expect(routes.get(values.probes.readiness.path)).toBe('ready');
  });

  it('runs workers apart from the API of every domain app, autoscaled on CPU, behind NetworkPolicies', () => {
    const domainApps = values.apps.filter((app: { name: string }) => app.name !== values.gatewayApp);
    expect(domainApps.length).toBeGreaterThan(0);
    for (const app of domainApps) expect({ name: app.name, role: app.role, worker: app.worker.enabled }).toEqual({ name: app.name, role: 'api', worker: true });
    expect(values.autoscaling.worker).toMatchObject({ enabled: true, targetCPUUtilizationPercentage: expect.any(Number) });
    expect(values.resources.requests.cpu).toBeTruthy(); // CPU utilisation is measured against it
    expect(values.networkPolicy.enabled).toBe(true);
    // Apps a subgraph lets call it must be apps of the chart.
    const names = new Set(values.apps.map((app: { name: string }) => app.name));
    for (const app of values.apps) for (const caller of app.calledBy ?? []) expect(names).toContain(caller);
  });

  it.each(readdirSync(join(CHART, 'templates')).filter((file) => /\.(yaml|tpl)$/.test(file)))('%s has balanced template actions', (file) => {
    const text = readFileSync(join(CHART, 'templates', file), 'utf8').replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '');
    const actions = [...text.matchAll(/\{\{-?\s*(.*?)\s*-?\}\}/gs)].map((match) => match[1]);
    let depth = 0;
    for (const action of actions) {
      if (/^(if|range|with|define)\b/.test(action)) depth++;
      else if (/^end\b/.test(action)) depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });
});
