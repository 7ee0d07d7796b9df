import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../cli-errors';
import type { GithubRun } from '../github-actions';
import * as alerts from './alerts.commands';
import * as deploy from './deploy.commands';
import * as incidents from './incidents.commands';
import * as gate from './release-gate.commands';
import * as runbooks from './runbooks.commands';
import * as tokens from './tokens.commands';

const inActions: GithubRun = {
  repository: 'acme/shop',
  sha: 'a1b2c3d',
  actor: 'octocat',
  runUrl: 'https://github.com/acme/shop/actions/runs/42',
  runKey: 'acme/shop/42/1',
  commitTimestamp: '2026-05-04T08:00:00Z',
};

describe('incidents: arguments to requests', () => {
  it('list: filters in any case, comma-separated or repeated, page size bounded', () => {
    const request = incidents.listRequest({ status: ['open,investigating'], severity: ['sev1', 'P2', '3'], service: ' checkout ', active: true, first: '5' });
    expect(request.variables).toEqual({ filter: { status: ['OPEN', 'INVESTIGATING'], severity: ['SEV1', 'SEV2', 'SEV3'], service: 'checkout', active: true }, first: 5 });
    expect(incidents.listRequest({}).variables).toEqual({ filter: {}, first: 20 });
    expect(() => incidents.listRequest({ first: '500' })).toThrow('--first must be a whole number from 1 to 200');
    expect(() => incidents.listRequest({ status: ['closed'] })).toThrow('--status must be one of open, investigating, identified, monitoring, resolved, not "closed"');
  });

  it('declare: the seed’s fields, nothing undefined sent', () => {
    const request = incidents.declareRequest({ title: ' Checkout down ', severity: 'sev1', service: ['checkout,payments', 'cart'], customerImpact: true, startedAt: '2026-05-04T10:00:00+02:00' });
    expect(request.variables).toEqual({
      input: { title: 'Checkout down', severity: 'SEV1', affectedServices: ['checkout', 'payments', 'cart'], customerImpact: true, startedAt: '2026-05-04T08:00:00.000Z' },
    });
    expect(request.query).toContain('createIncident(input: $input)');
    expect(() => incidents.declareRequest({ title: 'x' })).toThrow('--severity is required');
    expect(() => incidents.declareRequest({ title: 'x', severity: 'sev1', startedAt: 'yesterday' })).toThrow('--started-at must be an ISO 8601 date-time');
  });

  it('ack, resolve, show: the id as given; a resolution only when given', () => {
    expect(incidents.ackRequest('i-1').variables).toEqual({ id: 'i-1' });
    expect(incidents.resolveRequest('i-1', {}).variables).toEqual({ id: 'i-1', input: null });
    expect(incidents.resolveRequest('i-1', { resolution: 'rolled back' }).variables).toEqual({ id: 'i-1', input: { resolution: 'rolled back' } });
    expect(() => incidents.showRequest('two words')).toThrow('is not an id');
  });
});

describe('incidents: output', () => {
  const incident = {
    id: 'u-1', reference: 'INC-7', title: 'Checkout\u001b[31m down', severity: 'SEV1', status: 'OPEN', commander: null, affectedServices: ['checkout'],
    customerImpact: false, impactDescription: null, source: 'MANUAL', startedAt: '2026-05-04T08:00:00.000Z', acknowledgedAt: null, resolvedAt: null, resolution: null,
  };

  it('a table, control characters made harmless, and how many more there are', () => {
    const text = incidents.formatIncidentList({ totalCount: 3, nodes: [incident] });
    expect(text.split('\n')[0]).toMatch(/^REF\s+ID\s+SEV\s+STATUS\s+SERVICES\s+STARTED\s+TITLE$/);
    expect(text).toContain('INC-7  u-1  SEV1  OPEN    checkout  2026-05-04T08:00:00.000Z  Checkout?[31m down');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('(1 of 3; --first shows more)');
    expect(incidents.formatIncidentList({ totalCount: 0, nodes: [] })).toBe('(none)');
  });

  it('one incident as fields, with its timeline', () => {
    const text = incidents.formatIncident({ ...incident, timeline: [{ at: '2026-05-04T08:00:00.000Z', kind: 'DECLARED', actor: 'token:ci', message: 'declared' }] });
    expect(text).toContain('commander:       -');
    expect(text).toMatch(/timeline:\nAT\s+KIND\s+ACTOR\s+MESSAGE\n2026-05-04T08:00:00.000Z  DECLARED  token:ci  declared/);
  });
});

describe('deploy: GitHub Actions defaults', () => {
  it('start in Actions needs no option: repository, sha, actor, run URL, commit time and a per-run key', () => {
    expect(deploy.deploymentInput({}, inActions)).toEqual({
      serviceName: 'acme/shop',
      version: 'a1b2c3d',
      environment: 'PRODUCTION',
      deployedBy: 'octocat',
      commitSha: 'a1b2c3d',
      commitTimestamp: '2026-05-04T08:00:00Z',
      githubRunUrl: 'https://github.com/acme/shop/actions/runs/42',
      idempotencyKey: 'github-actions:acme/shop/42/1:acme/shop:production',
    });
  });

  it('options win over the environment; outside Actions the required ones are named', () => {
    const input = deploy.deploymentInput({ service: 'api', version: 'v2.4.0', environment: 'stage', deployedBy: 'ana', idempotencyKey: 'k1' }, inActions);
    expect(input).toMatchObject({ serviceName: 'api', version: 'v2.4.0', environment: 'STAGING', deployedBy: 'ana', idempotencyKey: 'k1', commitSha: 'a1b2c3d' });
    expect(() => deploy.deploymentInput({}, {})).toThrow('--service is required (or run inside GitHub Actions, which sets GITHUB_REPOSITORY)');
    expect(() => deploy.deploymentInput({ service: 'api', version: 'v1' }, {})).toThrow('--deployed-by is required');
    expect(deploy.deploymentInput({ service: 'api', version: 'v1', deployedBy: 'ana' }, {})).toEqual({ serviceName: 'api', version: 'v1', environment: 'PRODUCTION', deployedBy: 'ana' });
    expect(() => deploy.deploymentInput({ service: 'api', version: 'v1', deployedBy: 'ana', environment: 'qa' }, {})).toThrow('--environment must be one of development, staging, production');
    expect(() => deploy.deploymentInput({ service: 'api', version: 'v1', deployedBy: 'ana', runUrl: 'javascript:alert(1)' }, {})).toThrow('--run-url must be an http(s) URL');
  });

  it('keeps the key within the gateway’s 200 characters', () => {
    const key = deploy.runIdempotencyKey({ runKey: `${'o'.repeat(150)}/1/1` }, 's'.repeat(100), 'PRODUCTION')!;
    expect(key).toMatch(/^github-actions:sha256:[0-9a-f]{64}$/);
  });

  it('succeeded / failed: finds this run’s deployment by its key, then marks it', async () => {
    const calls: { query: string; variables?: Record<string, unknown> }[] = [];
    const gql = async <T>(request: { query: string; variables?: Record<string, unknown> }): Promise<T> => {
      calls.push(request);
      const deployment = { id: 'd-1', serviceName: 'acme/shop', version: 'a1b2c3d', environment: 'PRODUCTION', status: 'SUCCEEDED', deployedBy: 'octocat', commitSha: null, githubRunUrl: null, startedAt: 'x', finishedAt: 'y', leadTimeSeconds: 61.4 };
      return (request.query.includes('createDeployment') ? { createDeployment: { ...deployment, status: 'IN_PROGRESS' } } : { deployment }) as T;
    };
    const outcome = await deploy.finish(gql, 'succeeded', {}, inActions);
    expect(calls.map((call) => call.variables)).toEqual([{ input: expect.objectContaining({ idempotencyKey: 'github-actions:acme/shop/42/1:acme/shop:production' }) }, { id: 'd-1' }]);
    expect(calls[1].query).toContain('markDeploymentSucceeded');
    expect(outcome.text).toContain('lead time:   61 s');
    await expect(deploy.finish(gql, 'failed', { service: 'api', version: 'v1', deployedBy: 'ana' }, {})).rejects.toThrow('--id is required');
    await deploy.finish(gql, 'failed', { id: 'd-9' }, {});
    expect(calls[2]).toMatchObject({ variables: { id: 'd-9' } });
    expect(calls[2].query).toContain('markDeploymentFailed');
  });
});

describe('release-gate check', () => {
  const decision = (allowed: boolean): gate.GateDecisionJson => ({
    service: 'api', environment: 'PRODUCTION', version: 'v2', tier: 1, allowed, evaluatedAt: '2026-05-04T10:00:00.000Z', inputs: {},
    strategy: { name: 'PROGRESSIVE_CANARY', steps: [{ weight: 1, pauseSeconds: 60, analysis: [] }, { weight: 100, pauseSeconds: 0, analysis: [] }] },
    violations: allowed ? [] : [
      { rule: 'ERROR_BUDGET_EXHAUSTED', message: 'error budget at -20 %, below the 30 %', blocking: true },
      { rule: 'FRIDAY_TIER1_DEPLOYMENT', message: 'Friday', blocking: false },
    ],
  });

  it('maps the options (environment and tier checked here, GitHub defaults for service and version)', () => {
    expect(gate.checkRequest({ service: 'api', version: 'v2', environment: 'prod', tier: '2' }).variables).toEqual({ input: { service: 'api', version: 'v2', environment: 'PRODUCTION', tier: 2 } });
    expect(gate.checkRequest({}, inActions).variables).toEqual({ input: { service: 'acme/shop', version: 'a1b2c3d', environment: 'PRODUCTION' } });
    expect(() => gate.checkRequest({ service: 'api', version: 'v2', tier: '4' })).toThrow('--tier must be a whole number from 1 to 3');
    expect(() => gate.checkRequest({ version: 'v2' })).toThrow('--service is required');
  });

  it('allowed exits 0; denied exits 1 and names the blocking violations on stderr', async () => {
    const allowed = await gate.check(async <T>() => ({ releaseGate: decision(true) }) as T, { service: 'api', version: 'v2' }, {});
    expect(allowed.exitCode).toBeUndefined();
    expect(allowed.text).toContain('release gate: ALLOWED: api v2 to PRODUCTION (tier 1)');
    expect(allowed.text).toContain('strategy:     PROGRESSIVE_CANARY (1% → 100%)');
    const denied = await gate.check(async <T>() => ({ releaseGate: decision(false) }) as T, { service: 'api', version: 'v2' }, {});
    expect(denied.exitCode).toBe(ExitCode.Failed);
    expect(denied.notice).toBe('release gate denied api v2 to PRODUCTION:\n  ERROR_BUDGET_EXHAUSTED: error budget at -20 %, below the 30 %');
    expect(denied.text).toMatch(/violations:\nRULE\s+BLOCKING\s+MESSAGE\nERROR_BUDGET_EXHAUSTED\s+yes\s+error budget/);
    expect(denied.text).toMatch(/FRIDAY_TIER1_DEPLOYMENT\s+no \(warning\)\s+Friday/);
  });
});

describe('alerts, tokens', () => {
  it('alerts firing narrows by service and severity; bad severities are usage errors before any call', () => {
    const keep = alerts.firingFilter({ service: 'checkout', severity: ['critical'] });
    const alert = (service: string, severity: string) => ({ service, severity }) as alerts.AlertJson;
    expect([alert('checkout', 'CRITICAL'), alert('checkout', 'WARNING'), alert('cart', 'CRITICAL')].filter(keep)).toEqual([alert('checkout', 'CRITICAL')]);
    expect(() => alerts.firingFilter({ severity: ['page'] })).toThrow('--severity must be one of critical, warning, info');
    expect(alerts.ackRequest('a-1').variables).toEqual({ id: 'a-1' });
  });

  it('tokens: role in any case, expiry bounded; list includes revoked only with --all', () => {
    expect(tokens.createRequest({ name: 'ci deploy', role: 'responder' }).variables).toEqual({ input: { name: 'ci deploy', role: 'RESPONDER', expiresInDays: 90 } });
    expect(() => tokens.createRequest({ name: 'x', role: 'root' })).toThrow('--role must be one of viewer, responder, admin');
    expect(() => tokens.createRequest({ name: 'x', role: 'admin', expiresInDays: '1000' })).toThrow('--expires-in-days must be a whole number from 1 to 730');
    expect(tokens.listRequest({}).variables).toEqual({ all: false });
    expect(tokens.listRequest({ all: true }).variables).toEqual({ all: true });
    expect(tokens.revokeRequest('t-1').variables).toEqual({ id: 't-1' });
  });
});

describe('runbooks sync', () => {
  it('posts the files of a folder keyed by their relative path (a document’s own path: wins), skipping hidden ones', () => {
    const root = mkdtempSync(join(tmpdir(), 'companyos-runbooks-'));
    mkdirSync(join(root, 'db'));
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'db', 'redis.yaml'), '# keep\ntitle: Redis down\nsteps:\n  - title: ping\n');
    writeFileSync(join(root, 'own.yml'), 'path: custom/own.yaml\ntitle: Own\nsteps: [{title: a}]\n');
    writeFileSync(join(root, '.git', 'x.yaml'), 'title: hidden\n');
    writeFileSync(join(root, 'notes.txt'), 'not a runbook');
    const body = runbooks.runbooksBody([root]);
    const documents = body.split('\n---\n');
    expect(documents).toHaveLength(2);
    expect(documents[0]).toContain('path: db/redis.yaml');
    expect(documents[1]).toContain('path: custom/own.yaml');
    expect(documents[1]).not.toContain('own.yml');
    expect(body).not.toContain('hidden');
    expect(runbooks.runbooksBody([join(root, 'db', 'redis.yaml')])).toContain('path: redis.yaml');
    expect(() => runbooks.runbooksBody([join(root, 'missing')])).toThrow('no such file or folder');
  });

  it('without paths asks the gateway to sync its own folder; errors fail the command after the rest synced', async () => {
    expect(runbooks.syncRequest(undefined).variables).toEqual({});
    const outcome = await runbooks.sync(async <T>() => ({ syncRunbooks: { created: 1, updated: 0, retired: 0, unchanged: 4, errors: [{ file: 'broken.yaml', line: 4, message: 'steps.1.title: is required' }] } }) as T, []);
    expect(outcome.exitCode).toBe(ExitCode.Failed);
    expect(outcome.text).toMatch(/^created 1, updated 0, retired 0, unchanged 4\n\nerrors:\nFILE\s+LINE\s+MESSAGE\nbroken.yaml\s+4\s+steps.1.title: is required$/);
  });
});
