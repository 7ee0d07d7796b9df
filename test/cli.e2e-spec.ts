import { alertmanagerExample, freePort, Stack, TEST_ALERTMANAGER_TOKEN, waitFor } from '@companyos/testing';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The built `companyos` CLI (dist/apps/cli/src/main.js, the package's bin) run
// as a child process against the real stack, the way a CI job runs it:
// COMPANYOS_URL and COMPANYOS_TOKEN in its environment, GitHub Actions'
// variables for the deployment's defaults, the exit code as the answer.
const CLI = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Each test runs the CLI as a process several times; on a busy machine that takes a while.
jest.setTimeout(300_000);

const unique = (name: string) => `${name}-${randomBytes(3).toString('hex')}`;

describe('the companyos CLI against the stack', () => {
  let stack: Stack;
  let home: string;

  beforeAll(async () => {
    // The gate reads error budgets from the alerts subgraph within SLO_LOOKUP_TIMEOUT_MS (else "unknown", which denies);
    // a busy test machine needs more than the 2 s default.
    stack = await Stack.start({ deploymentsEnv: { SLO_LOOKUP_TIMEOUT_MS: '20000' } });
    home = mkdtempSync(join(tmpdir(), 'companyos-cli-e2e-'));
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  /** Runs the built CLI; only the variables given (not this process's, which may be a GitHub runner's) reach it. */
  function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
    return new Promise((resolve) => {
      execFile(
        CLI,
        args,
        {
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: join(home, 'config'), COMPANYOS_URL: stack.gateway.url, COMPANYOS_TOKEN: stack.adminToken, ...env },
          timeout: 60_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  /** Runs the CLI with --json and expects exit 0 and one JSON document on stdout. */
  async function json<T = any>(args: string[], env: Record<string, string> = {}): Promise<T> {
    const run = await cli([...args, '--json'], env);
    if (run.code !== 0) throw new Error(`companyos ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  }

  async function createSlo(name: string, service: string) {
    const { errors } = await stack.graphql(`mutation ($name: String!, $service: String!) { createSlo(input: { name: $name, service: $service, objective: 99.9, windowDays: 30 }) { id } }`, { name, service });
    expect(errors).toBeUndefined();
  }

  it('records a deployment from a GitHub Actions job (start → succeeded, one deployment) and the release gate allows the next (exit 0)', async () => {
    const repository = unique('acme/shop');
    await createSlo(`${repository.replace('/', '-')}-availability`, repository);
    const actions = {
      GITHUB_REPOSITORY: repository,
      GITHUB_SHA: 'c0ffee0000000000000000000000000000000001',
      GITHUB_ACTOR: 'octocat',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
    };

    const started = await json(['deploy', 'start', '--environment', 'staging'], actions);
    expect(started).toMatchObject({
      serviceName: repository,
      version: actions.GITHUB_SHA,
      environment: 'STAGING',
      status: 'IN_PROGRESS',
      deployedBy: 'octocat',
      commitSha: actions.GITHUB_SHA,
      githubRunUrl: `https://github.com/${repository}/actions/runs/4242`,
    });
    // A later step of the same run finds the same deployment without being told its id.
    const succeeded = await json(['deploy', 'succeeded', '--environment', 'staging'], actions);
    expect(succeeded).toMatchObject({ id: started.id, status: 'SUCCEEDED' });
    expect(succeeded.finishedAt).not.toBeNull();
    expect(await stack.count('SELECT 1 FROM deployments.deployments WHERE service_name = $1', [repository])).toBe(1);

    const gate = await cli(['release-gate', 'check', '--service', repository, '--version', 'v2.0.0', '--environment', 'staging']);
    expect(gate).toMatchObject({ code: 0, stderr: '' });
    expect(gate.stdout).toContain(`release gate: ALLOWED: ${repository} v2.0.0 to STAGING (tier 1)`);
    const decision = await json(['release-gate', 'check', '--service', repository, '--version', 'v2.0.0', '--environment', 'staging']);
    expect(decision).toMatchObject({ allowed: true, violations: [], strategy: { name: 'ROLLING' } });

    // Marking it failed after it succeeded is refused, with the domain's code (exit 1).
    const refused = await cli(['deploy', 'failed', '--id', started.id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('DEPLOYMENT_ALREADY_FINISHED');
  });

  it('denies a release when the SLO budget is exhausted: exit 1, the violations on stdout and stderr; the alert is firing and can be acknowledged', async () => {
    const service = unique('payments');
    const sloName = `${service}-availability`;
    await createSlo(sloName, service);
    // A warning alert of the SLO firing for 3 hours: a 99.9 % / 30 d SLO allows 43 minutes of it.
    const notification = alertmanagerExample('firing');
    const labels = { alertname: 'HighErrorRate', service, severity: 'warning', slo_name: sloName };
    notification.alerts[0] = { ...notification.alerts[0], labels, startsAt: new Date(Date.now() - 3 * 3600_000).toISOString(), fingerprint: randomBytes(8).toString('hex') };
    notification.groupKey = `{}:{service="${service}"}`;
    notification.commonLabels = labels;
    const posted = await fetch(`${stack.gateway.url}/api/companyos/prometheus-webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ALERTMANAGER_TOKEN}` },
      body: JSON.stringify(notification),
    });
    expect(posted.status).toBe(202);

    const check = ['release-gate', 'check', '--service', service, '--version', 'v9.9.9', '--environment', 'staging', '--tier', '2'];
    // The notification reaches the alerts domain through the gateway's queue: wait until the gate sees the budget spent.
    const denied = await waitFor('the gate to deny for the exhausted budget', async () => {
      const run = await cli(check);
      return run.code === 1 && run.stdout.includes('ERROR_BUDGET_EXHAUSTED') && run;
    }, 60_000, 250);
    expect(denied.stdout).toContain(`release gate: DENIED: ${service} v9.9.9 to STAGING (tier 2)`);
    expect(denied.stdout).toMatch(/ERROR_BUDGET_EXHAUSTED\s+yes\s+error budget at/);
    expect(denied.stderr).toContain(`companyos: release gate denied ${service} v9.9.9 to STAGING:\n  ERROR_BUDGET_EXHAUSTED: error budget at`);
    const deniedJson = await cli([...check, '--json']);
    expect(deniedJson.code).toBe(1);
    const decision = JSON.parse(deniedJson.stdout);
    expect(decision.allowed).toBe(false);
    expect(decision.violations.map((v: { rule: string }) => v.rule)).toContain('ERROR_BUDGET_EXHAUSTED');
    expect(decision.inputs.errorBudgetRemaining).toBeLessThan(0);

    const firing = await json<{ id: string; alertName: string; status: string }[]>(['alerts', 'firing', '--service', service]);
    expect(firing.map((alert) => [alert.alertName, alert.status])).toEqual([['HighErrorRate', 'FIRING']]);
    const acked = await json(['alerts', 'ack', firing[0].id]);
    expect(acked).toMatchObject({ id: firing[0].id, status: 'ACKNOWLEDGED', acknowledgedBy: 'token:e2e-admin' });
  });

  it('declares, lists, acknowledges and resolves an incident with --json', async () => {
    const service = unique('search');
    const declared = await json(['incidents', 'declare', '--title', 'Search returns nothing', '--severity', 'sev2', '--service', service, '--customer-impact']);
    expect(declared).toMatchObject({ title: 'Search returns nothing', severity: 'SEV2', status: 'OPEN', affectedServices: [service], customerImpact: true });
    expect(declared.reference).toMatch(/^INC-\d+$/);

    const listed = await json(['incidents', 'list', '--service', service, '--active']);
    expect(listed).toMatchObject({ totalCount: 1, nodes: [{ id: declared.id, severity: 'SEV2' }] });
    expect((await cli(['incidents', 'list', '--service', service])).stdout).toMatch(new RegExp(`^REF\\s+ID\\s+SEV.*\\n${declared.reference}\\s+${declared.id}\\s+SEV2\\s+OPEN`));

    expect(await json(['incidents', 'ack', declared.id])).toMatchObject({ id: declared.id, status: 'INVESTIGATING' });
    const resolved = await json(['incidents', 'resolve', declared.id, '--resolution', 'reindexed']);
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolution: 'reindexed' });
    expect(await json(['incidents', 'list', '--service', service, '--active'])).toMatchObject({ totalCount: 0, nodes: [] });
    const shown = await json(['incidents', 'show', declared.id]);
    expect(shown.timeline.map((entry: { kind: string }) => entry.kind)).toEqual(expect.arrayContaining(['DECLARED', 'RESOLVED']));

    const missing = await cli(['incidents', 'show', '00000000-0000-4000-8000-000000000000', '--json']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('INCIDENT_NOT_FOUND');
  });

  it('creates, lists and revokes API tokens; a viewer may not declare (exit 3) and a revoked token is refused (exit 3)', async () => {
    const name = unique('ci-viewer');
    const created = await json(['tokens', 'create', '--name', name, '--role', 'viewer', '--expires-in-days', '7']);
    expect(created.token).toMatch(/^cos_/);
    expect(created.apiToken).toMatchObject({ name, role: 'VIEWER', revokedAt: null });
    const listed = await json<{ id: string; name: string }[]>(['tokens', 'list']);
    expect(listed.map((token) => token.name)).toContain(name);

    const asViewer = { COMPANYOS_TOKEN: created.token };
    expect((await cli(['incidents', 'list'], asViewer)).code).toBe(0);
    const forbidden = await cli(['incidents', 'declare', '--title', 'x', '--severity', 'sev4'], asViewer);
    expect(forbidden.code).toBe(3);
    expect(forbidden.stderr).toContain('FORBIDDEN');

    expect(await json(['tokens', 'revoke', created.apiToken.id])).toMatchObject({ id: created.apiToken.id, name });
    const revoked = await cli(['incidents', 'list'], asViewer);
    expect(revoked.code).toBe(3);
    expect(revoked.stderr).toContain('the gateway refused the token (401): UNAUTHENTICATED');
    expect((await json<{ name: string }[]>(['tokens', 'list'])).map((token) => token.name)).not.toContain(name);
    expect((await json<{ name: string }[]>(['tokens', 'list', '--all'])).map((token) => token.name)).toContain(name);
  });

  it('logs in (0600 file), and COMPANYOS_URL / COMPANYOS_TOKEN override the saved login', async () => {
    const config = join(home, 'login-config');
    const saved = { XDG_CONFIG_HOME: config, COMPANYOS_URL: '', COMPANYOS_TOKEN: '' };
    const wrong = await cli(['login', '--url', stack.gateway.url, '--token', 'cos_not-a-real-token'], saved);
    expect(wrong.code).toBe(3);
    const login = await json(['login', '--url', `${stack.gateway.url}/graphql`, '--token', stack.adminToken], saved);
    expect(login).toMatchObject({ url: stack.gateway.url, principal: { name: 'token:e2e-admin', role: 'ADMIN' } });
    expect(statSync(join(config, 'companyos', 'config.json')).mode & 0o777).toBe(0o600);

    expect((await cli(['alerts', 'firing'], saved)).code).toBe(0);
    const badToken = await cli(['alerts', 'firing'], { ...saved, COMPANYOS_TOKEN: 'cos_wrong' });
    expect(badToken.code).toBe(3);
  });

  it('exits 3 on a wrong token and 4 when the gateway is unreachable or silent, naming the problem', async () => {
    const wrong = await cli(['incidents', 'list', '--json'], { COMPANYOS_TOKEN: 'cos_wrong' });
    expect(wrong).toMatchObject({ code: 3, stdout: '' });
    expect(wrong.stderr).toMatch(/^companyos: the gateway refused the token \(401\): UNAUTHENTICATED: /);

    const closedPort = await freePort();
    const refused = await cli(['incidents', 'list'], { COMPANYOS_URL: `http://127.0.0.1:${closedPort}` });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toBe(`companyos: cannot reach http://127.0.0.1:${closedPort}/graphql: ECONNREFUSED\n`);

    // A server that accepts the connection and never answers.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const timedOut = await cli(['incidents', 'list', '--timeout', '500'], { COMPANYOS_URL: `http://127.0.0.1:${port}` });
      expect(timedOut.code).toBe(4);
      expect(timedOut.stderr).toContain(`no answer from http://127.0.0.1:${port}/graphql within 500 ms`);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }

    expect((await cli(['deploy', 'start'])).code).toBe(2);
  });

  it('syncs runbooks from a folder', async () => {
    const folder = join(home, unique('runbooks'));
    mkdirSync(join(folder, 'db'), { recursive: true });
    const title = unique('Queue backlog');
    writeFileSync(join(folder, 'db', 'backlog.yaml'), `title: ${title}\nservices: [gateway]\nsteps:\n  - title: Look at the queue\n`);
    writeFileSync(join(folder, 'broken.yaml'), `title: Broken\nsteps:\n  - description: no title\n`);
    const run = await cli(['runbooks', 'sync', folder, '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ created: 1, updated: 0 });
    expect(result.errors).toHaveLength(1);
    expect(run.stderr).toContain('1 runbook file(s) in error');
    rmSync(join(folder, 'broken.yaml'));
    const again = await cli(['runbooks', 'sync', folder]);
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('created 0, updated 0, retired 0, unchanged 1');
  });
});
