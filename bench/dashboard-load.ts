/**
 * How long the operations dashboard takes to load with 10,000 incidents and
 * 100,000 alerts in the database (issue 16): the built platform (every app as
 * a process) and headless Chromium loading `/` signed in, timed from
 * navigation start to the first meaningful render (the active incidents,
 * DORA tiles and firing alerts drawn from the graph's answer), plus each
 * GraphQL operation the page runs, as the browser saw it. One cold load, then
 * BENCH_LOADS warm ones (reloads: assets cached, the gateway's plans warm).
 * Figures are printed and written to bench/results/dashboard-load.json; a
 * screenshot of the loaded page to bench/results/dashboard.png (and to
 * docs/dashboard.png with BENCH_DOCS_SCREENSHOT=1, the README's picture).
 *
 *   npm run build && npm run bench:dashboard
 *
 * Its own database (companyos_bench_dashboard, re-created at the start; the
 * stack copies it and drops the copy at the end).
 */
import 'reflect-metadata';
import { launchBrowser, Stack, TEMPLATE_ENV } from '@companyos/testing';
import { copyFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createBenchDatabase, intEnv, latencySummary, printTable, REPO_ROOT, resultsPath, round, writeResults } from './bench-kit';

const DATABASE = 'companyos_bench_dashboard';
const INCIDENTS = intEnv('BENCH_INCIDENTS', 10_000);
const ALERTS = intEnv('BENCH_ALERTS', 100_000);
const LOADS = intEnv('BENCH_LOADS', 5);
const RESULTS = resultsPath('');

const SERVICES = ['checkout', 'payments', 'search', 'catalog', 'auth', 'notifications', 'inventory', 'shipping', 'recommendations', 'billing', 'gateway-edge', 'media'];
const PROBLEMS = ['elevated 5xx rate', 'p99 latency above SLO', 'database connection pool exhausted', 'queue backlog growing', 'pods crash-looping', 'certificate expiring', 'cache hit rate dropped', 'error budget burning fast'];
const ALERT_NAMES = ['HighErrorRate', 'HighLatencyP99', 'PodCrashLooping', 'DiskFilling', 'QueueBacklog', 'CertificateExpiry', 'ErrorBudgetBurn', 'NodeNotReady'];

async function seed(stack: Stack) {
  const services = SERVICES;
  await stack.db.query(
    `INSERT INTO incidents.incidents (title, severity, status, affected_services, customer_impact, source, started_at, acknowledged_at, resolved_at, commander)
     SELECT initcap(($2::text[])[1 + g % array_length($2::text[], 1)]) || ': ' || ($3::text[])[1 + (g / 7) % array_length($3::text[], 1)],
            (ARRAY['SEV1', 'SEV2', 'SEV3', 'SEV3', 'SEV4', 'SEV2', 'SEV3', 'SEV4'])[1 + g % 8]::incidents.incident_severity,
            (CASE WHEN g <= $1 / 50 THEN (ARRAY['OPEN', 'INVESTIGATING', 'IDENTIFIED', 'MONITORING'])[1 + g % 4] ELSE 'RESOLVED' END)::incidents.incident_status,
            ARRAY[($2::text[])[1 + g % array_length($2::text[], 1)]],
            g % 4 = 0,
            (ARRAY['MANUAL', 'ALERT'])[1 + g % 2]::incidents.incident_source,
            now() - g * interval '20 minutes',
            CASE WHEN g % 4 <> 1 THEN now() - g * interval '20 minutes' + interval '4 minutes' END,
            CASE WHEN g > $1 / 50 THEN now() - g * interval '20 minutes' + (30 + g % 90) * interval '1 minute' END,
            CASE WHEN g % 3 <> 0 THEN (ARRAY['ana.lopez', 'sam.okafor', 'li.wei', 'maria.rossi'])[1 + g % 4] END
       FROM generate_series(1, $1::int) g`,
    [INCIDENTS, services, PROBLEMS],
  );
  await stack.db.query(
    `INSERT INTO alerts.alerts (fingerprint, alert_name, severity, status, service, labels, annotations, starts_at, group_key, first_received_at, last_received_at, resolved_at, receive_count)
     SELECT md5('bench' || g), ($3::text[])[1 + g % array_length($3::text[], 1)],
            (ARRAY['CRITICAL', 'WARNING', 'INFO'])[1 + g % 3]::alerts.alert_severity,
            (CASE WHEN g % 500 = 0 THEN 'FIRING' ELSE 'RESOLVED' END)::alerts.alert_status,
            ($2::text[])[1 + g % array_length($2::text[], 1)],
            jsonb_build_object('alertname', ($3::text[])[1 + g % array_length($3::text[], 1)], 'service', ($2::text[])[1 + g % array_length($2::text[], 1)]),
            jsonb_build_object('summary', ($2::text[])[1 + g % array_length($2::text[], 1)] || ' ' || lower(($3::text[])[1 + g % array_length($3::text[], 1)])),
            now() - g * interval '30 seconds', 'group-' || (g % 700), now() - g * interval '30 seconds', now() - g * interval '20 seconds',
            CASE WHEN g % 500 <> 0 THEN now() - g * interval '30 seconds' + interval '10 minutes' END, 1 + g % 5
       FROM generate_series(1, $1::int) g`,
    [ALERTS, services, ALERT_NAMES],
  );
  await stack.db.query('ANALYZE incidents.incidents');
  await stack.db.query('ANALYZE alerts.alerts');
  // Deployments and SLOs through the graph, as CI and people create them (the DORA tiles and the SLO list).
  for (let i = 0; i < 40; i++) {
    const serviceName = services[i % 6];
    const days = 58 - i * 1.4;
    const { errors } = await stack.graphql(
      `mutation ($input: CreateDeploymentInput!) { createDeployment(input: $input) { id } }`,
      {
        input: {
          serviceName,
          version: `2.${Math.floor(i / 6)}.${i % 6}`,
          environment: 'PRODUCTION',
          deployedBy: ['ana.lopez', 'sam.okafor', 'li.wei', 'ci-bot'][i % 4],
          status: i % 9 === 4 ? 'FAILED' : 'SUCCEEDED',
          startedAt: new Date(Date.now() - days * 86_400_000).toISOString(),
          commitTimestamp: new Date(Date.now() - days * 86_400_000 - (2 + (i % 5)) * 3_600_000).toISOString(),
        },
      },
    );
    if (errors) throw new Error(`createDeployment: ${JSON.stringify(errors)}`);
  }
  for (const [i, service] of services.slice(0, 5).entries()) {
    const { errors } = await stack.graphql(
      `mutation ($input: CreateSloInput!) { createSlo(input: $input) { id } }`,
      { input: { name: `${service}-availability`, service, objective: [99.9, 99.5, 99.95, 99, 99.9][i], windowDays: 30 } },
    );
    if (errors) throw new Error(`createSlo: ${JSON.stringify(errors)}`);
  }
}

interface Operation {
  name: string;
  ms: number;
  bytes: number;
}

async function main() {
  mkdirSync(RESULTS, { recursive: true });
  await createBenchDatabase(DATABASE);
  process.env[TEMPLATE_ENV] = DATABASE;
  console.log(`starting the platform, seeding ${INCIDENTS} incidents and ${ALERTS} alerts…`);
  const stack = await Stack.start();
  const browser = await launchBrowser();
  try {
    await seed(stack);
    const token = (await stack.tokenFor('responder', 'bench-dashboard')).token;
    const context = await browser.newContext({ viewport: { width: 1440, height: 1100 } });
    await context.addInitScript((value: string) => (globalThis as any).sessionStorage.setItem('companyos.token', value), token);
    const page = await context.newPage();
    const loads: { renderMs: number; operations: Operation[] }[] = [];
    for (let i = 0; i <= LOADS; i++) {
      const operations: Operation[] = [];
      const onFinished = async (request: import('playwright-core').Request) => {
        if (!request.url().endsWith('/graphql')) return;
        const body = JSON.parse(request.postData() ?? '{}') as { query?: string };
        const name = /(query|mutation)\s+(\w+)/.exec(body.query ?? '')?.[2] ?? 'anonymous';
        const timing = request.timing();
        const response = await request.response();
        operations.push({ name, ms: round(timing.responseEnd - timing.requestStart, 1), bytes: (await response?.body())?.length ?? 0 });
      };
      page.on('requestfinished', onFinished);
      if (i === 0) await page.goto(stack.gateway.url + '/');
      else await page.reload();
      await page.locator('[data-incident]').first().waitFor({ timeout: 120_000 });
      await page.locator('[data-tile]').first().waitFor();
      await page.locator('[data-alert]').first().waitFor();
      const renderMs = await page.evaluate(() => performance.now());
      await page.waitForTimeout(300);
      page.off('requestfinished', onFinished);
      loads.push({ renderMs: round(renderMs, 1), operations });
      console.log(`${i === 0 ? 'cold' : `warm ${i}`}: first meaningful render ${round(renderMs, 0)} ms; ${operations.map((o) => `${o.name} ${o.ms} ms`).join(', ')}`);
    }
    await page.screenshot({ path: join(RESULTS, 'dashboard.png') });
    if (process.env.BENCH_DOCS_SCREENSHOT === '1') {
      mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
      copyFileSync(join(RESULTS, 'dashboard.png'), join(REPO_ROOT, 'docs', 'dashboard.png'));
    }
    const warm = loads.slice(1);
    const opNames = [...new Set(loads.flatMap((l) => l.operations.map((o) => o.name)))];
    const result = {
      bench: 'dashboard-load',
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, loadAverage: os.loadavg().map((l) => round(l)) },
      data: { incidents: INCIDENTS, alerts: ALERTS, activeIncidents: Math.floor(INCIDENTS / 50), firingAlerts: Math.floor(ALERTS / 500) },
      coldRenderMs: loads[0].renderMs,
      warmRenderMs: latencySummary(warm.map((l) => l.renderMs)),
      operations: Object.fromEntries(
        opNames.map((name) => [name, { cold: loads[0].operations.find((o) => o.name === name) ?? null, warmMs: latencySummary(warm.flatMap((l) => l.operations.filter((o) => o.name === name).map((o) => o.ms))) }]),
      ),
    };
    printTable([
      ['incidents / alerts', `${INCIDENTS} / ${ALERTS}`],
      ['cold first meaningful render', `${result.coldRenderMs} ms`],
      ['warm first meaningful render p50', `${result.warmRenderMs.p50} ms`],
      ...opNames.map((name) => [`${name} (warm p50)`, `${result.operations[name].warmMs.p50} ms`] as [string, string]),
    ]);
    writeResults(resultsPath('dashboard-load.json'), result);
    await context.close();
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
