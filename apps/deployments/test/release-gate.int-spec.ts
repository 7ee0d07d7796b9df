import { IncidentEventPayload, IncidentEvents } from '@companyos/contracts';
import { domainEvent } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DeploymentsAppModule } from '../src/deployments.app.module';
import { CreateDeploymentInput } from '../src/deployments/dto/create-deployment.input';
import { DeploymentsService } from '../src/deployments/deployments.service';
import { IncidentRecordsService } from '../src/incidents/incident-records.service';
import { ReleaseGateService } from '../src/release-gate/release-gate.service';

// The release gate's inputs gathered by the deployments app on real PostgreSQL.
// No alerts subgraph is configured here, so error budget and burn rates are
// unknown and must deny (the stack's end-to-end test reads them from a real one).
describe('ReleaseGateService (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;
  let gate: ReleaseGateService;
  let deployments: DeploymentsService;
  let incidents: IncidentRecordsService;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    process.env.RELEASE_WINDOW_TIME_ZONE = 'Europe/Berlin';
    app = await createTestApp(DeploymentsAppModule.forRoot(testPlatformConfig('deployments', { PORT: '4002', DATABASE_URL: url, ROLE: 'api' })));
    gate = app.get(ReleaseGateService);
    deployments = app.get(DeploymentsService);
    incidents = app.get(IncidentRecordsService);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    delete process.env.RELEASE_WINDOW_TIME_ZONE;
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  const aService = () => `svc-${randomBytes(4).toString('hex')}`;
  /** Tuesday 10:00 in Berlin (08:00 UTC): inside the window. */
  const tuesdayMorning = new Date('2026-11-24T09:00:00Z');
  const rules = (decision: { violations: { rule: string; blocking: boolean }[] }) => decision.violations.filter((v) => v.blocking).map((v) => v.rule);

  it('denies when the error budget and burn rates cannot be read, saying why, without inventing them', async () => {
    const decision = await gate.evaluate({ service: aService(), environment: 'PRODUCTION', version: 'v1' }, tuesdayMorning);
    expect(decision.allowed).toBe(false);
    expect(rules(decision)).toEqual(['ERROR_BUDGET_UNKNOWN', 'FAST_BURN_UNKNOWN', 'SLOW_BURN_UNKNOWN']);
    expect(decision.inputs).toMatchObject({ errorBudgetRemaining: null, fastBurnRate: null, slowBurnRate: null, timeZone: 'Europe/Berlin' });
    expect(decision.inputs.sloUnknownBecause).toMatch(/ALERTS_SUBGRAPH_URL is not set/);
    expect(decision.strategy.name).toBe('PROGRESSIVE_CANARY');
  });

  it('states why the tests of the commit released are unknown (no commit known; then no builds subgraph), warning without denying on it', async () => {
    const service = aService();
    const noCommit = await gate.evaluate({ service, environment: 'STAGING', version: 'v1' }, tuesdayMorning);
    expect(noCommit.inputs).toMatchObject({ commitSha: null, failingTests: null, flakyTests: null, failingTestExamples: [] });
    expect(noCommit.inputs.testsUnknownBecause).toMatch(/the commit being released is not known/);
    expect(noCommit.violations).toContainEqual(expect.objectContaining({ rule: 'TESTS_UNKNOWN', blocking: false }));
    // The commit of the deployment reported for this service and version is the one read.
    const commitSha = randomBytes(20).toString('hex');
    await deployments.create({ serviceName: service, version: 'v2', environment: 'STAGING', deployedBy: 'bob', commitSha } as CreateDeploymentInput);
    const known = await gate.evaluate({ service, environment: 'STAGING', version: 'v2' }, tuesdayMorning);
    expect(known.inputs).toMatchObject({ commitSha, failingTests: null });
    expect(known.inputs.testsUnknownBecause).toMatch(/BUILDS_SUBGRAPH_URL is not set/);
  });

  it('counts the service’s open SEV1 incidents from the incidents domain’s events', async () => {
    const service = aService();
    const incidentId = randomUUID();
    const state = { incidentId, version: 1, number: 7, severity: 'SEV1', status: 'OPEN', affectedServices: [service], customerImpact: true, source: 'ALERT', startedAt: tuesdayMorning.toISOString(), resolvedAt: null };
    await incidents.apply(domainEvent<IncidentEventPayload>(IncidentEvents.Declared, incidentId, state, tuesdayMorning));
    const decision = await gate.evaluate({ service, environment: 'STAGING', version: 'v1' }, tuesdayMorning);
    expect(rules(decision)).toContain('ACTIVE_SEV1_INCIDENT');
    expect(decision.inputs.activeSev1Incidents).toBe(1);
  });

  it('counts rollbacks of the last 24 hours', async () => {
    const service = aService();
    for (const version of ['v1', 'v2']) {
      const d = await deployments.create({ serviceName: service, version, environment: 'PRODUCTION', deployedBy: 'bob' } as CreateDeploymentInput);
      await deployments.markSucceeded(d.id);
      await deployments.rollback(d.id, { version: 'v0' }, 'bob');
    }
    const decision = await gate.evaluate({ service, environment: 'PRODUCTION', version: 'v3' });
    expect(decision.inputs.rollbacksLast24h).toBe(2);
    expect(rules(decision)).toContain('ROLLBACK_IN_LAST_24H');
  });

  it('reads the deployment window in the configured time zone', async () => {
    const fridayAfternoonBerlin = new Date('2026-11-27T12:30:00Z'); // 13:30 in Berlin
    const decision = await gate.evaluate({ service: aService(), environment: 'PRODUCTION', version: 'v1' }, fridayAfternoonBerlin);
    expect(rules(decision)).toContain('OUTSIDE_DEPLOYMENT_WINDOW');
    expect(decision.violations.find((v) => v.rule === 'OUTSIDE_DEPLOYMENT_WINDOW')!.message).toMatch(/FRI 13:30 Europe\/Berlin/);
  });

  it('records an emergency override with who, why and the rules it overrode, and allows', async () => {
    const service = aService();
    const decision = await gate.override({ service, environment: 'PRODUCTION', version: 'v9', reason: ' hotfix for INC-7 ' }, 'alice', tuesdayMorning);
    expect(decision).toMatchObject({ allowed: true, override: { by: 'alice', reason: 'hotfix for INC-7', overriddenRules: ['ERROR_BUDGET_UNKNOWN', 'FAST_BURN_UNKNOWN', 'SLOW_BURN_UNKNOWN'] } });
    const [recorded] = await db.query(`SELECT * FROM deployments.release_gate_overrides WHERE service_name = $1`, [service]);
    expect(recorded).toMatchObject({ version: 'v9', environment: 'PRODUCTION', overridden_by: 'alice', reason: 'hotfix for INC-7', overridden_rules: ['ERROR_BUDGET_UNKNOWN', 'FAST_BURN_UNKNOWN', 'SLOW_BURN_UNKNOWN'] });
    expect(recorded.decision).toMatchObject({ allowed: true, service });
    expect(await gate.evaluate({ service, environment: 'PRODUCTION', version: 'v9' }, tuesdayMorning)).toMatchObject({ allowed: false, override: null });
  });
});
