import { DeploymentEvents, IncidentAttributionPayload, IncidentEventPayload, IncidentEvents } from '@companyos/contracts';
import { domainEvent, DomainError, UnitOfWork } from '@companyos/platform';
import { createTestApp, createTestDatabase, dropTestDatabase, testPlatformConfig } from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { DeploymentsAppModule } from '../src/deployments.app.module';
import { CreateDeploymentInput } from '../src/deployments/dto/create-deployment.input';
import { DeploymentEntity } from '../src/deployments/deployment.entity';
import { DeploymentsService } from '../src/deployments/deployments.service';
import { DoraGranularity } from '../src/dora/dora.model';
import { DoraService } from '../src/dora/dora.service';
import { IncidentRecordsService } from '../src/incidents/incident-records.service';
import { RollupsService } from '../src/rollups/rollups.service';

// The deployments domain on real PostgreSQL: what CI/CD reports, the incidents
// it learns of from events, the rollups and DORA metrics built from both.
describe('Deployments (real PostgreSQL)', () => {
  let url: string;
  let app: INestApplication;
  let deployments: DeploymentsService;
  let incidents: IncidentRecordsService;
  let rollups: RollupsService;
  let dora: DoraService;
  let db: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase();
    // ROLE api: no workers, so rollups change only when a test refreshes them.
    app = await createTestApp(DeploymentsAppModule.forRoot(testPlatformConfig('deployments', { PORT: '4002', DATABASE_URL: url, ROLE: 'api' })));
    deployments = app.get(DeploymentsService);
    incidents = app.get(IncidentRecordsService);
    rollups = app.get(RollupsService);
    dora = app.get(DoraService);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (url) await dropTestDatabase(url);
  });

  const DAY = 86_400_000;
  const aService = () => `svc-${randomBytes(4).toString('hex')}`;
  const at = (iso: string) => new Date(iso);
  const create = (input: Partial<CreateDeploymentInput> & { serviceName: string }) =>
    deployments.create({ version: 'v1.0.0', environment: 'PRODUCTION', deployedBy: 'bob@summit.com', ...input } as CreateDeploymentInput);

  /** A production deployment of `service` that finished at `finishedAt` with `status`, committed `leadSeconds` before. */
  async function finished(service: string, finishedAt: Date, status: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED', leadSeconds = 3600) {
    const deployment = await create({ serviceName: service, startedAt: new Date(finishedAt.getTime() - 600_000), commitTimestamp: new Date(finishedAt.getTime() - leadSeconds * 1000) });
    return deployments.run((uow) => deployments.record(uow, deployment, status, finishedAt));
  }

  const incidentEvent = (state: Partial<IncidentEventPayload> & { incidentId: string }, occurredAt: Date, type: string = IncidentEvents.Declared) =>
    domainEvent<IncidentEventPayload>(
      type,
      state.incidentId,
      { version: 1, number: 1, severity: 'SEV1', status: 'OPEN', affectedServices: [], customerImpact: false, source: 'MANUAL', startedAt: occurredAt.toISOString(), resolvedAt: null, ...state },
      occurredAt,
    );

  const expectCode = async (promise: Promise<unknown>, code: string) => {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
  };

  const counter = async (environment: string, status: string) =>
    (await register.getSingleMetric('companyos_deployments_total')!.get()).values.find((v) => v.labels.environment === environment && v.labels.status === status)?.value ?? 0;

  describe('what CI/CD reports', () => {
    it('records the seed body IN_PROGRESS, then SUCCEEDED with finishedAt and lead time', async () => {
      const service = aService();
      const created = await create({ serviceName: service, version: 'v2.5.0', commitSha: 'abc123', commitTimestamp: new Date(Date.now() - 3_600_000) });
      expect(created).toMatchObject({ serviceName: service, version: 'v2.5.0', environment: 'PRODUCTION', status: 'IN_PROGRESS', source: 'API', finishedAt: null });
      const before = await counter('production', 'succeeded');
      const done = await deployments.markSucceeded(created.id);
      expect(done.status).toBe('SUCCEEDED');
      expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(created.startedAt.getTime());
      expect(await counter('production', 'succeeded')).toBe(before + 1);
      const outbox = await db.query(`SELECT type FROM deployments.outbox WHERE aggregate_id = $1`, [created.id]);
      expect(outbox).toEqual([{ type: 'deployment.finished' }]);
    });

    it('treats a repeated succeeded as a no-op, and refuses to fail a deployment that succeeded', async () => {
      const created = await create({ serviceName: aService() });
      const first = await deployments.markSucceeded(created.id);
      const again = await deployments.markSucceeded(created.id);
      expect(again.finishedAt).toEqual(first.finishedAt);
      await expectCode(deployments.markFailed(created.id), 'DEPLOYMENT_ALREADY_FINISHED');
      expect((await deployments.findById(created.id)).status).toBe('SUCCEEDED');
    });

    it('answers DEPLOYMENT_NOT_FOUND for an unknown or malformed id', async () => {
      await expectCode(deployments.markSucceeded(randomUUID()), 'DEPLOYMENT_NOT_FOUND');
      await expectCode(deployments.findById('not-a-uuid'), 'DEPLOYMENT_NOT_FOUND');
    });

    it('returns the first deployment for a repeated idempotency key, also when both race', async () => {
      const service = aService();
      const key = randomUUID();
      const [a, b] = await Promise.all([create({ serviceName: service, idempotencyKey: key }), create({ serviceName: service, idempotencyKey: key })]);
      expect(a.id).toBe(b.id);
      const again = await create({ serviceName: service, idempotencyKey: key, version: 'other' });
      expect(again).toMatchObject({ id: a.id, version: 'v1.0.0' });
      expect(await db.query(`SELECT count(*)::int AS n FROM deployments.deployments WHERE service_name = $1`, [service])).toEqual([{ n: 1 }]);
    });

    it('rolls back to the last version that succeeded before, recording the rollback as a deployment', async () => {
      const service = aService();
      const old = await finished(service, new Date(Date.now() - 2 * DAY));
      await db.query(`UPDATE deployments.deployments SET version = 'v1.4.0', commit_sha = 'old-sha' WHERE id = $1`, [old.id]);
      const bad = await create({ serviceName: service, version: 'v1.5.0' });
      await deployments.markSucceeded(bad.id);

      const rollback = await deployments.rollback(bad.id, {}, 'alice');
      expect(rollback).toMatchObject({ serviceName: service, version: 'v1.4.0', commitSha: 'old-sha', commitAt: null, status: 'SUCCEEDED', rollbackOf: bad.id, deployedBy: 'alice' });
      expect((await deployments.findById(bad.id)).status).toBe('ROLLED_BACK');
      expect((await deployments.rollback(bad.id, {}, 'alice')).id).toBe(rollback.id);
      expect(await deployments.rollbacksSince(service, 'PRODUCTION', new Date(Date.now() - DAY))).toBe(1);
    });

    it('refuses to roll back what has not finished, or without a version to go back to', async () => {
      const service = aService();
      const running = await create({ serviceName: service });
      await expectCode(deployments.rollback(running.id, {}, 'alice'), 'DEPLOYMENT_NOT_ROLLBACKABLE');
      await deployments.markSucceeded(running.id);
      await expectCode(deployments.rollback(running.id, {}, 'alice'), 'INVALID_ROLLBACK_VERSION');
      expect((await deployments.rollback(running.id, { version: 'v0.9.0' }, 'alice')).version).toBe('v0.9.0');
    });

    it('counts deployments by status over a period, by when they started', async () => {
      const service = aService();
      await Promise.all([finished(service, new Date()), finished(service, new Date(), 'FAILED'), create({ serviceName: service })]);
      const stats = await deployments.stats({ serviceName: service });
      expect(stats).toMatchObject({ total: 3, succeeded: 1, failed: 1, inProgress: 1, pending: 0, rolledBack: 0, successRate: 0.5 });
      expect(stats.perDay).toBeCloseTo(3 / 30);
    });
  });

  describe('incidents, from the incidents domain’s events', () => {
    it('attributes an incident to the last successful production deployment of an affected service before it started', async () => {
      const [service, other] = [aService(), aService()];
      const earlier = await finished(service, at('2026-06-01T10:00:00Z'));
      const cause = await finished(other, at('2026-06-01T11:00:00Z'));
      await finished(service, at('2026-06-01T11:30:00Z'), 'FAILED');
      await finished(service, at('2026-06-01T13:00:00Z')); // after the incident started
      const incidentId = randomUUID();
      await incidents.apply(incidentEvent({ incidentId, affectedServices: [service, other], startedAt: '2026-06-01T12:00:00Z' }, at('2026-06-01T12:00:00Z')));
      const [record] = await incidents.byIds([incidentId]);
      expect(record).toMatchObject({ deploymentId: cause.id, attribution: 'AUTOMATIC' });
      expect(record!.deploymentId).not.toBe(earlier.id);
    });

    it('applies each event once and ignores an older one arriving late', async () => {
      const service = aService();
      const incidentId = randomUUID();
      const resolved = incidentEvent({ incidentId, version: 2, affectedServices: [service], status: 'RESOLVED', startedAt: '2026-06-02T10:00:00Z', resolvedAt: '2026-06-02T10:30:00Z' }, at('2026-06-02T10:30:00Z'), IncidentEvents.Resolved);
      const declared = incidentEvent({ incidentId, affectedServices: [service], startedAt: '2026-06-02T10:00:00Z' }, at('2026-06-02T10:00:00Z'));
      await incidents.apply(resolved);
      await incidents.apply(declared);
      await incidents.apply(resolved);
      const [record] = await incidents.byIds([incidentId]);
      expect(record).toMatchObject({ status: 'RESOLVED', resolvedAt: at('2026-06-02T10:30:00Z') });
      expect(await incidents.activeCounts(service)).toEqual({ sev1: 0, sev2: 0 });
    });

    it('ends at the newest version when replicas’ clocks disagree: no phantom active SEV1', async () => {
      const service = aService();
      const incidentId = randomUUID();
      const startedAt = '2026-06-05T12:00:00Z';
      // Declared on replica A, whose clock runs 5 minutes ahead; resolved 2 minutes later on replica B, whose clock is right.
      const declared = incidentEvent({ incidentId, version: 1, affectedServices: [service], startedAt }, at('2026-06-05T12:05:00Z'));
      const acknowledged = incidentEvent({ incidentId, version: 2, affectedServices: [service], status: 'INVESTIGATING', startedAt }, at('2026-06-05T12:06:00Z'), IncidentEvents.Acknowledged);
      const resolved = incidentEvent(
        { incidentId, version: 3, affectedServices: [service], status: 'RESOLVED', startedAt, resolvedAt: '2026-06-05T12:02:00Z' },
        at('2026-06-05T12:02:00Z'),
        IncidentEvents.Resolved,
      );
      await incidents.apply(declared);
      await incidents.apply(acknowledged);
      await incidents.apply(resolved);
      // A late redelivery of an older state, stamped later by the fast clock, changes nothing.
      await incidents.apply({ ...acknowledged, id: randomUUID() });
      expect((await incidents.byIds([incidentId]))[0]).toMatchObject({ status: 'RESOLVED', version: 3, resolvedAt: at('2026-06-05T12:02:00Z') });
      expect(await incidents.activeCounts(service)).toEqual({ sev1: 0, sev2: 0 });
    });

    it('keeps a person’s link whatever later events say, and moves the failure between deployments', async () => {
      const service = aService();
      const auto = await finished(service, at('2026-06-03T09:00:00Z'));
      const linked = await finished(service, at('2026-06-02T09:00:00Z'));
      const incidentId = randomUUID();
      await incidents.apply(incidentEvent({ incidentId, affectedServices: [service], startedAt: '2026-06-03T10:00:00Z' }, at('2026-06-03T10:00:00Z')));
      expect((await incidents.byIds([incidentId]))[0]!.deploymentId).toBe(auto.id);

      await incidents.link(incidentId, linked.id, 'carol');
      await incidents.apply(incidentEvent({ incidentId, version: 2, affectedServices: [service], startedAt: '2026-06-03T09:30:00Z', severity: 'SEV2' }, at('2026-06-03T11:00:00Z'), IncidentEvents.Updated));
      expect((await incidents.byIds([incidentId]))[0]).toMatchObject({ deploymentId: linked.id, attribution: 'MANUAL', linkedBy: 'carol', severity: 'SEV2' });
      expect(await incidents.activeCounts(service)).toEqual({ sev1: 0, sev2: 1 });

      await rollups.refresh();
      const day = (d: string) => {
        const from = at(`${d}T00:00:00Z`);
        return dora.metrics({ serviceName: service, environment: 'PRODUCTION', from, to: new Date(from.getTime() + DAY), granularity: DoraGranularity.DAY });
      };
      expect((await day('2026-06-02')).summary.changeFailureRate).toBe(1);
      expect((await day('2026-06-03')).summary.changeFailureRate).toBe(0);
    });

    it('refuses a link to an incident it has not heard of, or to an unknown deployment', async () => {
      const deployment = await finished(aService(), new Date());
      await expectCode(incidents.link(randomUUID(), deployment.id, 'carol'), 'INCIDENT_NOT_FOUND');
      const incidentId = randomUUID();
      await incidents.apply(incidentEvent({ incidentId }, new Date()));
      await expectCode(incidents.link(incidentId, randomUUID(), 'carol'), 'DEPLOYMENT_NOT_FOUND');
    });

    it('attributes automatically only within INCIDENT_ATTRIBUTION_WINDOW (7 days); a person’s link is not limited', async () => {
      const service = aService();
      const old = await finished(service, at('2026-06-01T11:00:00Z'));
      const incidentId = randomUUID();
      // Started 7 days and 1 hour after the last production success: not blamed on it.
      await incidents.apply(incidentEvent({ incidentId, affectedServices: [service], startedAt: '2026-06-08T12:00:00Z' }, at('2026-06-08T12:00:00Z')));
      expect((await incidents.byIds([incidentId]))[0]).toMatchObject({ deploymentId: null, attribution: null });
      // A success reported late, 8 days before the incident: not blamed either.
      await finished(service, at('2026-05-31T12:00:00Z'));
      expect((await incidents.byIds([incidentId]))[0]!.deploymentId).toBeNull();
      // One within the window is.
      const recent = await finished(service, at('2026-06-02T12:00:00Z'));
      expect((await incidents.byIds([incidentId]))[0]).toMatchObject({ deploymentId: recent.id, attribution: 'AUTOMATIC' });
      // A person may link any deployment, however old.
      await incidents.link(incidentId, old.id, 'alice');
      expect((await incidents.byIds([incidentId]))[0]).toMatchObject({ deploymentId: old.id, attribution: 'MANUAL' });

      // Each change of cause was published for other domains (the knowledge domain's postmortem draft), in order.
      const published: { payload: IncidentAttributionPayload }[] = await db.query(
        `SELECT payload FROM deployments.outbox WHERE type = $1 AND payload->>'incidentId' = $2 ORDER BY seq`,
        [DeploymentEvents.IncidentAttributed, incidentId],
      );
      expect(published.map(({ payload }) => [payload.deployment?.deploymentId ?? null, payload.attribution, payload.linkedBy])).toEqual([
        [recent.id, 'AUTOMATIC', null],
        [old.id, 'MANUAL', 'alice'],
      ]);
      expect(published[0].payload.deployment).toMatchObject({ serviceName: service, environment: 'PRODUCTION', status: 'SUCCEEDED' });
      expect(Date.parse(published[1].payload.attributedAt)).toBeGreaterThan(Date.parse(published[0].payload.attributedAt));
    });

    it('re-attributes an incident when a deployment that finished before it is reported late', async () => {
      const service = aService();
      const incidentId = randomUUID();
      await incidents.apply(incidentEvent({ incidentId, affectedServices: [service], startedAt: '2026-06-04T12:00:00Z' }, at('2026-06-04T12:00:00Z')));
      expect((await incidents.byIds([incidentId]))[0]!.deploymentId).toBeNull();
      const late = await finished(service, at('2026-06-04T11:00:00Z'));
      expect((await incidents.byIds([incidentId]))[0]).toMatchObject({ deploymentId: late.id, attribution: 'AUTOMATIC' });
    });
  });

  describe('rollups and DORA metrics', () => {
    it('gives a service’s four keys for a worked week, and the same numbers after a full rebuild', async () => {
      const service = aService();
      // Week of Monday 6 July 2026: four successes (lead times 1 h, 2 h, 3 h, 1 d), one failure, one success that
      // causes an incident lasting 30 min, and one pending deployment that counts nowhere.
      const monday = at('2026-07-06T00:00:00Z').getTime();
      const leads = [3600, 7200, 10_800, 86_400];
      for (const [i, lead] of leads.entries()) await finished(service, new Date(monday + i * DAY + 10 * 3_600_000), 'SUCCEEDED', lead);
      await finished(service, new Date(monday + 4 * DAY + 10 * 3_600_000), 'FAILED');
      const cause = await finished(service, new Date(monday + 4 * DAY + 11 * 3_600_000), 'SUCCEEDED', 1800);
      await create({ serviceName: service, status: 'PENDING' });
      const incidentId = randomUUID();
      await incidents.apply(incidentEvent({ incidentId, affectedServices: [service], startedAt: new Date(monday + 4 * DAY + 12 * 3_600_000).toISOString() }, new Date(monday + 4 * DAY + 12 * 3_600_000)));
      await incidents.apply(incidentEvent({ incidentId, version: 2, affectedServices: [service], status: 'RESOLVED', startedAt: new Date(monday + 4 * DAY + 12 * 3_600_000).toISOString(), resolvedAt: new Date(monday + 4 * DAY + 12.5 * 3_600_000).toISOString() }, new Date(monday + 4 * DAY + 12.5 * 3_600_000), IncidentEvents.Resolved));
      expect((await incidents.byIds([incidentId]))[0]!.deploymentId).toBe(cause.id);

      await rollups.refresh();
      const week = { serviceName: service, environment: 'PRODUCTION' as const, from: new Date(monday), to: new Date(monday + 7 * DAY), granularity: DoraGranularity.DAY };
      const metrics = await dora.metrics(week);
      // Five successes (the failure counts in the change failure rate only, over all six that finished).
      expect(metrics.summary).toMatchObject({ deployments: 5, deploymentsPerDay: 5 / 7, deploymentDaysPerWeek: 5, changeFailureRate: 2 / 6 });
      // Lead times 1 h, 2 h, 3 h, 1 d and 30 min: the median is 2 h (within 1 %).
      expect(metrics.summary.leadTimeSeconds! / 7200).toBeCloseTo(1, 1);
      expect(metrics.summary.timeToRestoreSeconds! / 1800).toBeCloseTo(1, 1);
      expect(metrics.series.map((day) => day.deployments)).toEqual([1, 1, 1, 1, 1, 0, 0]);
      expect(metrics.previous.deployments).toBe(0);

      const snapshot = () =>
        Promise.all([
          db.query(`SELECT * FROM deployments.daily_rollups ORDER BY service_name, environment, day`),
          db.query(`SELECT * FROM deployments.monthly_rollups ORDER BY service_name, environment, month`),
        ]);
      const before = await snapshot();
      const rebuilt = await rollups.rebuild();
      expect(rebuilt.rows).toBe(before[0].length);
      expect(await snapshot()).toEqual(before);
      expect(await dora.metrics(week)).toEqual(metrics);
    });

    it('reads whole months from the monthly rollups and gets what the days add up to', async () => {
      const service = aService();
      // 15 September to 10 December 2026: part of September, whole October and November, part of December.
      const stamps = ['2026-09-20T10:00:00Z', '2026-10-01T00:00:00Z', '2026-10-15T10:00:00Z', '2026-10-31T23:59:59Z', '2026-11-10T10:00:00Z', '2026-12-05T10:00:00Z'];
      for (const [i, stamp] of stamps.entries()) await finished(service, at(stamp), i % 3 === 2 ? 'FAILED' : 'SUCCEEDED', 600 * (i + 1));
      await rollups.refresh();
      const period = { serviceName: service, environment: 'PRODUCTION' as const, from: at('2026-09-15T00:00:00Z'), to: at('2026-12-10T00:00:00Z') };
      const byMonth = await dora.metrics({ ...period, granularity: DoraGranularity.MONTH });
      const byDay = await dora.metrics({ ...period, granularity: DoraGranularity.DAY });
      // Successes only: 20 Sep; 1 and 15 Oct (31 Oct failed); 10 Nov; 5 Dec failed.
      expect(byMonth.series.map((month) => month.deployments)).toEqual([1, 2, 1, 0]);
      expect(byMonth.summary).toEqual(byDay.summary);
      expect(byMonth.summary).toMatchObject({ deployments: 4, changeFailureRate: 2 / 6 });
      const months = await db.query(`SELECT to_char(month, 'YYYY-MM-DD') AS month, finished FROM deployments.monthly_rollups WHERE service_name = $1 ORDER BY month`, [service]);
      expect(months).toEqual([
        { month: '2026-09-01', finished: 1 },
        { month: '2026-10-01', finished: 3 },
        { month: '2026-11-01', finished: 1 },
        { month: '2026-12-01', finished: 1 },
      ]);
    });

    it('adds every service’s deployments into the all-services rollup, each service keeping its own', async () => {
      const [a, b] = [aService(), aService()];
      const day = at('2026-08-03T00:00:00Z').getTime();
      await finished(a, new Date(day + 10 * 3_600_000));
      await finished(b, new Date(day + 10 * 3_600_000));
      const period = { environment: 'PRODUCTION' as const, from: new Date(day), to: new Date(day + DAY), granularity: DoraGranularity.DAY };
      await rollups.refresh();
      const all = await dora.metrics({ ...period, serviceName: null });
      expect(all.summary).toMatchObject({ deployments: 2, deploymentDaysPerWeek: 7 });
      expect((await dora.metrics({ ...period, serviceName: a })).summary.deployments).toBe(1);
    });

    it('marks a day dirty when its deployment changes, and nothing is left dirty after a refresh', async () => {
      const service = aService();
      const deployment = await finished(service, at('2026-08-10T10:00:00Z'));
      expect(await db.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM deployments.rollup_dirty_days WHERE day = '2026-08-10'`)).toEqual([{ day: '2026-08-10' }]);
      await rollups.refresh();
      expect(await db.query(`SELECT count(*)::int AS n FROM deployments.rollup_dirty_days`)).toEqual([{ n: 0 }]);
      await deployments.rollback(deployment.id, { version: 'v0' }, 'alice');
      const period = { serviceName: service, environment: 'PRODUCTION' as const, from: at('2026-08-10T00:00:00Z'), to: at('2026-08-11T00:00:00Z'), granularity: DoraGranularity.DAY };
      await rollups.refresh();
      expect((await dora.metrics(period)).summary.changeFailureRate).toBe(1);
    });

    it('rolls up a change whose day was marked dirty while a refresh ran (two connections, interleaved by hand)', async () => {
      const service = aService();
      const day = at('2026-08-17T00:00:00Z');
      const period = { serviceName: service, environment: 'PRODUCTION' as const, from: day, to: new Date(day.getTime() + DAY), granularity: DoraGranularity.DAY };
      const deployment = await finished(service, at('2026-08-17T10:00:00Z'));
      // The day is dirty (committed) and not yet refreshed when the change below begins.
      const writer = db.createQueryRunner();
      await writer.connect();
      try {
        await writer.startTransaction();
        const uow: UnitOfWork = { manager: writer.manager, events: [], afterCommit: [] };
        await writer.query(`UPDATE deployments.deployments SET status = 'FAILED' WHERE id = $1`, [deployment.id]);
        await rollups.markDirty(uow, [at('2026-08-17T10:00:00Z')]);
        // A refresh on another connection while the change is not committed: it must not clear the day's mark.
        await rollups.refresh();
        await writer.commitTransaction();
      } finally {
        if (writer.isTransactionActive) await writer.rollbackTransaction();
        await writer.release();
      }
      await rollups.refresh();
      expect((await dora.metrics(period)).summary).toMatchObject({ changeFailureRate: 1, deployments: 0 });
    });

    it('refuses a period that is not whole UTC days, backwards or too long', async () => {
      const base = { serviceName: null, environment: 'PRODUCTION' as const, granularity: DoraGranularity.MONTH };
      await expectCode(dora.metrics({ ...base, from: at('2026-01-01T12:00:00Z'), to: at('2026-02-01T00:00:00Z') }), 'INVALID_PERIOD');
      await expectCode(dora.metrics({ ...base, from: at('2026-02-01T00:00:00Z'), to: at('2026-01-01T00:00:00Z') }), 'INVALID_PERIOD');
      await expectCode(dora.metrics({ ...base, from: at('2020-01-01T00:00:00Z'), to: at('2026-01-01T00:00:00Z') }), 'INVALID_PERIOD');
    });
  });

  it('leaves nothing behind when a unit of work fails', async () => {
    const service = aService();
    await expect(
      deployments.run(async (uow: UnitOfWork) => {
        const deployment = uow.manager.create(DeploymentEntity, { serviceName: service, version: 'v1', environment: 'PRODUCTION', deployedBy: 'x', startedAt: new Date(), source: 'API' });
        await deployments.record(uow, deployment, 'SUCCEEDED', new Date());
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.query(`SELECT count(*)::int AS n FROM deployments.deployments WHERE service_name = $1`, [service])).toEqual([{ n: 0 }]);
  });
});
