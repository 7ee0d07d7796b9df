import { decodeCursor, DomainError, inUnitOfWork, isUniqueViolation, isUuid, OutboxRelay, toConnection, UnitOfWork } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { DataSource, In } from 'typeorm';
import { IncidentAttribution } from '../incidents/incident-attribution.service';
import { DeploymentsConfig, InjectDeploymentsConfig } from '../deployments.config';
import { DAY_MS } from '../dora/utc-calendar';
import { RollupsService } from '../rollups/rollups.service';
import { CreateDeploymentInput } from './dto/create-deployment.input';
import { RollbackDeploymentInput } from './dto/deployment-args';
import { DeploymentsFilter, DeploymentStatsFilter } from './dto/deployments-filter.input';
import { deploymentEvent, DeploymentEvents } from './deployment-events';
import { DeploymentOutboxEntity } from './deployment-messaging.entities';
import { DeploymentEntity } from './deployment.entity';
import { mergeStatus } from '../github/github-deployment.rules';
import { mergeLockNames, MergeReport, mergeTarget, normalizeRunUrl, normalizeSha } from './deployment-merge.rules';
import { DeploymentSourceEntity } from './deployment-source.entity';
import { DeploymentSource, DeploymentSourceKind, DeploymentStatus, isTerminalStatus } from './deployment.enums';
import { DeploymentError } from './deployment.errors';
import { toDeployment } from './deployment.mapper';
import { DeploymentStats } from './deployment.model';
import { DEPLOYMENTS_TOTAL } from './deployments.metrics';

const { PENDING, IN_PROGRESS, SUCCEEDED, FAILED, ROLLED_BACK } = DeploymentStatus;

/** deployedBy when no report named anyone. */
export const UNKNOWN_ACTOR = 'unknown';

/**
 * Deployments as CI/CD and people report them: create, mark succeeded or
 * failed, roll back; and reading them. GitHub's events go through
 * GithubDeploymentsIngest, which ends in `record` like everything else.
 */
@Injectable()
export class DeploymentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly rollups: RollupsService,
    private readonly attribution: IncidentAttribution,
    @InjectMetric(DEPLOYMENTS_TOTAL) private readonly deploymentsTotal: Counter<string>,
    @InjectDeploymentsConfig() private readonly config: DeploymentsConfig,
  ) {}

  async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return (await inUnitOfWork(this.dataSource, DeploymentOutboxEntity, this.relay, work)).result;
  }

  /**
   * A deployment reported by CI/CD or a person. With an idempotency key, a
   * repeat returns the first one unchanged. The same change already reported
   * by GitHub (its deployment or its workflow run: same commit within
   * DEPLOYMENT_MERGE_WINDOW, or the same run in `githubRunUrl`) is that
   * deployment, with this call as one more source (see deployment-merge.rules.ts).
   */
  async create(input: CreateDeploymentInput): Promise<DeploymentEntity> {
    const key = input.idempotencyKey ? `api:${input.idempotencyKey}` : null;
    try {
      return await this.run(async (uow) => {
        const repeated = key && (await this.findReported(uow, key));
        if (repeated) return repeated;
        const now = new Date();
        const startedAt = input.startedAt ?? now;
        const report: MergeReport = {
          kind: DeploymentSourceKind.API,
          serviceName: input.serviceName.trim(),
          environment: input.environment,
          commitSha: input.commitSha ?? null,
          runUrl: input.githubRunUrl ?? null,
          startedAt,
        };
        const source = { kind: DeploymentSourceKind.API, key, reference: input.idempotencyKey ?? null, url: input.githubRunUrl ?? input.releaseUrl ?? null };
        const same = await this.findSameChange(uow, report);
        if (same) {
          // The API names the version as people know it (`v2.4.0`); GitHub knows only the sha.
          Object.assign(same, {
            version: input.version.trim(),
            deployedBy: same.deployedBy === UNKNOWN_ACTOR ? input.deployedBy.trim() : same.deployedBy,
            commitSha: same.commitSha ?? input.commitSha ?? null,
            commitAt: same.commitAt ?? input.commitTimestamp ?? null,
            githubRunUrl: same.githubRunUrl ?? input.githubRunUrl ?? null,
            releaseUrl: same.releaseUrl ?? input.releaseUrl ?? null,
            startedAt: startedAt < same.startedAt ? startedAt : same.startedAt,
          });
          await this.addSource(uow, same.id, source);
          const merged = mergeStatus(same.status, input.status ?? IN_PROGRESS, same.statusAt, now);
          return this.record(uow, same, merged.status, merged.at);
        }
        const deployment = uow.manager.create(DeploymentEntity, {
          serviceName: report.serviceName,
          version: input.version.trim(),
          environment: input.environment,
          deployedBy: input.deployedBy.trim(),
          commitSha: input.commitSha ?? null,
          commitAt: input.commitTimestamp ?? null,
          githubRunUrl: input.githubRunUrl ?? null,
          releaseUrl: input.releaseUrl ?? null,
          startedAt,
          source: DeploymentSource.API,
          rollbackOf: null,
        });
        const saved = await this.record(uow, deployment, input.status ?? IN_PROGRESS, now);
        await this.addSource(uow, saved.id, source);
        return saved;
      });
    } catch (error) {
      // A concurrent create with the same idempotency key won: return its deployment.
      if (key && isUniqueViolation(error)) {
        const found = await this.findReported(this.dataSource.manager, key, false);
        if (found) return found;
      }
      throw error;
    }
  }

  /** The deployment a report with this key (`github-run:<id>`, `api:<key>`) made or joined, locked for update when asked. */
  async findReported(uowOrManager: UnitOfWork | UnitOfWork['manager'], key: string, lock = true): Promise<DeploymentEntity | null> {
    const manager = 'manager' in uowOrManager ? uowOrManager.manager : uowOrManager;
    const query = manager
      .createQueryBuilder(DeploymentEntity, 'd')
      .innerJoin(DeploymentSourceEntity, 's', 's.deployment_id = d.id')
      .where('s.key = :key', { key });
    if (lock) query.setLock('pessimistic_write', undefined, ['d']);
    return query.getOne();
  }

  /**
   * The deployment this report of a change joins, locked, or null (see
   * deployment-merge.rules.ts). Takes the change's advisory locks first, so
   * two reports of one change arriving at the same moment are applied one
   * after the other and the second finds the first.
   */
  async findSameChange(uow: UnitOfWork, report: MergeReport): Promise<DeploymentEntity | null> {
    const locks = mergeLockNames(report).sort();
    if (!locks.length) return null;
    for (const name of locks) await uow.manager.query(`SELECT pg_advisory_xact_lock(hashtext('deployments.same-change'), hashtext($1))`, [name]);
    const windowMs = this.config.deploymentMergeWindowMs;
    const sha = normalizeSha(report.commitSha);
    const runUrl = normalizeRunUrl(report.runUrl);
    const rows: { id: string; service_name: string; environment: string; commit_sha: string | null; github_run_url: string | null; started_at: Date; kinds: DeploymentSourceKind[] }[] =
      await uow.manager.query(
        `SELECT d.id, d.service_name, d.environment, d.commit_sha, d.github_run_url, d.started_at,
                coalesce((SELECT array_agg(DISTINCT s.kind::text) FROM deployments.deployment_sources s WHERE s.deployment_id = d.id), '{}') AS kinds
           FROM deployments.deployments d
          WHERE d.service_name = $1 AND d.environment = $2
            AND ((lower(d.commit_sha) = $3 AND d.started_at BETWEEN $4 AND $5)
                 OR lower(d.github_run_url) = $6 OR left(lower(d.github_run_url), length($6) + 1) = $6 || '/')
          LIMIT 100`,
        [report.serviceName, report.environment, sha, new Date(report.startedAt.getTime() - windowMs), new Date(report.startedAt.getTime() + windowMs), runUrl],
      );
    const target = mergeTarget(
      report,
      rows.map((row) => ({
        id: row.id,
        serviceName: row.service_name,
        environment: row.environment,
        commitSha: row.commit_sha,
        runUrl: row.github_run_url,
        startedAt: row.started_at,
        kinds: row.kinds,
      })),
      windowMs,
    );
    return target ? uow.manager.findOne(DeploymentEntity, { where: { id: target.id }, lock: { mode: 'pessimistic_write' } }) : null;
  }

  /** Records one more report of a deployment (a repeat of a keyed one changes nothing). */
  async addSource(uow: UnitOfWork, deploymentId: string, source: Pick<DeploymentSourceEntity, 'kind' | 'key' | 'reference' | 'url'>): Promise<void> {
    await uow.manager.createQueryBuilder().insert().into(DeploymentSourceEntity).values({ deploymentId, ...source }).execute();
  }

  /** The reports of each deployment, oldest first. */
  async sourcesOf(deploymentIds: readonly string[]): Promise<DeploymentSourceEntity[][]> {
    const valid = deploymentIds.filter(isUuid);
    const rows = valid.length
      ? await this.dataSource.manager.find(DeploymentSourceEntity, { where: { deploymentId: In(valid) }, order: { reportedAt: 'ASC', id: 'ASC' } })
      : [];
    const byDeployment = new Map<string, DeploymentSourceEntity[]>();
    for (const row of rows) byDeployment.set(row.deploymentId, [...(byDeployment.get(row.deploymentId) ?? []), row]);
    return deploymentIds.map((id) => byDeployment.get(id) ?? []);
  }

  markSucceeded(id: string) {
    return this.finish(id, SUCCEEDED);
  }

  markFailed(id: string) {
    return this.finish(id, FAILED);
  }

  /**
   * Rolls a finished deployment back: it becomes ROLLED_BACK, and the
   * rollback is recorded as a new, SUCCEEDED deployment of the version rolled
   * back to (given, or the last one that succeeded before it), with
   * `rollbackOf` pointing at it and no commit time (a rollback's "lead time"
   * would be the age of the old commit). Rolling back again returns that
   * rollback.
   */
  rollback(id: string, input: RollbackDeploymentInput, actor: string): Promise<DeploymentEntity> {
    return this.run(async (uow) => {
      const target = await this.lockOrFail(uow, id);
      if (target.status === ROLLED_BACK) {
        const earlier = await uow.manager.findOne(DeploymentEntity, { where: { rollbackOf: target.id }, order: { startedAt: 'ASC' } });
        if (earlier) return earlier;
      }
      if (target.status !== SUCCEEDED && target.status !== FAILED && target.status !== ROLLED_BACK) {
        throw new DomainError(DeploymentError.NotRollbackable, `deployment ${id} is ${target.status}: only a finished deployment can be rolled back`);
      }
      const previous = await uow.manager
        .createQueryBuilder(DeploymentEntity, 'd')
        .where({ serviceName: target.serviceName, environment: target.environment, status: SUCCEEDED })
        .andWhere('d.finished_at < :startedAt', { startedAt: target.startedAt })
        .orderBy('d.finished_at', 'DESC')
        .getOne();
      const version = input.version ?? previous?.version;
      if (!version) {
        throw new DomainError(
          DeploymentError.NoRollbackVersion,
          `no earlier successful deployment of ${target.serviceName} to ${target.environment}: say which version was rolled back to`,
        );
      }
      const now = new Date();
      await this.record(uow, target, ROLLED_BACK, now);
      const rollback = uow.manager.create(DeploymentEntity, {
        serviceName: target.serviceName,
        version,
        environment: target.environment,
        deployedBy: input.deployedBy ?? actor,
        commitSha: input.version ? null : (previous?.commitSha ?? null),
        commitAt: null,
        githubRunUrl: null,
        releaseUrl: null,
        startedAt: now,
        source: DeploymentSource.API,
        rollbackOf: target.id,
      });
      const saved = await this.record(uow, rollback, SUCCEEDED, now);
      await this.addSource(uow, saved.id, { kind: DeploymentSourceKind.API, key: null, reference: null, url: null });
      return saved;
    });
  }

  /**
   * Saves a deployment (new or locked by the caller) in `status`, reached at
   * `at`, with everything that follows: finishedAt on SUCCEEDED or FAILED, the
   * event, the metric, the rollup days, and the incidents a production
   * success now explains. The one way a deployment's status changes.
   */
  async record(uow: UnitOfWork, deployment: DeploymentEntity, status: DeploymentStatus, at: Date): Promise<DeploymentEntity> {
    const before = { status: deployment.status as DeploymentStatus | undefined, finishedAt: deployment.finishedAt ?? null };
    deployment.status = status;
    deployment.statusAt = at;
    if (status === SUCCEEDED || status === FAILED) deployment.finishedAt = at;
    if (status === PENDING || status === IN_PROGRESS) deployment.finishedAt = null;
    const saved = await uow.manager.save(deployment);
    if (before.status === status && before.finishedAt?.getTime() === saved.finishedAt?.getTime()) return saved;

    if (before.status !== status) uow.afterCommit.push(() => this.deploymentsTotal.inc({ environment: saved.environment.toLowerCase(), status: status.toLowerCase() }));
    if (status === SUCCEEDED || status === FAILED) uow.events.push(deploymentEvent(DeploymentEvents.Finished, saved));
    if (status === ROLLED_BACK) uow.events.push(deploymentEvent(DeploymentEvents.RolledBack, saved));
    await this.rollups.markDirty(uow, [before.finishedAt, saved.finishedAt]);
    await this.attribution.deploymentSucceeded(uow, saved);
    return saved;
  }

  private finish(id: string, status: typeof SUCCEEDED | typeof FAILED): Promise<DeploymentEntity> {
    return this.run(async (uow) => {
      const deployment = await this.lockOrFail(uow, id);
      if (deployment.status === status) return deployment;
      if (isTerminalStatus(deployment.status)) {
        throw new DomainError(DeploymentError.AlreadyFinished, `deployment ${id} already finished as ${deployment.status}; it cannot become ${status}`);
      }
      return this.record(uow, deployment, status, new Date());
    });
  }

  private async lockOrFail(uow: UnitOfWork, id: string): Promise<DeploymentEntity> {
    const deployment = isUuid(id) ? await uow.manager.findOne(DeploymentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!deployment) throw new DomainError(DeploymentError.NotFound, `deployment ${id} does not exist`);
    return deployment;
  }

  async findById(id: string): Promise<DeploymentEntity> {
    const deployment = isUuid(id) ? await this.dataSource.manager.findOneBy(DeploymentEntity, { id }) : null;
    if (!deployment) throw new DomainError(DeploymentError.NotFound, `deployment ${id} does not exist`);
    return deployment;
  }

  async byIds(ids: readonly string[]): Promise<(DeploymentEntity | null)[]> {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await this.dataSource.manager.findBy(DeploymentEntity, { id: In(valid) }) : [];
    return ids.map((id) => rows.find((row) => row.id === id) ?? null);
  }

  async list(filter: DeploymentsFilter = {}, first = 50, after?: string) {
    const query = this.dataSource.manager.createQueryBuilder(DeploymentEntity, 'd');
    if (filter.serviceName) query.andWhere('d.service_name = :serviceName', { serviceName: filter.serviceName });
    if (filter.environment?.length) query.andWhere('d.environment IN (:...environment)', { environment: filter.environment });
    if (filter.status?.length) query.andWhere('d.status IN (:...status)', { status: filter.status });
    if (filter.startedAfter) query.andWhere('d.started_at >= :startedAfter', { startedAfter: filter.startedAfter });
    if (filter.startedBefore) query.andWhere('d.started_at < :startedBefore', { startedBefore: filter.startedBefore });
    // Counted only if the operation selects totalCount (before the cursor narrows the query).
    const countQuery = query.clone();
    if (after) query.andWhere('d.seq < :cursor', { cursor: decodeCursor(after) });
    const rows = await query.orderBy('d.seq', 'DESC').take(first + 1).getMany();
    return toConnection(rows, first, () => countQuery.getCount(), (row) => Number(row.seq), toDeployment);
  }

  /**
   * The deployments each build run produced (for a DataLoader): those whose
   * run URL names the run (a deployment_status log/target URL, a deploy
   * workflow run, the REST githubRunUrl; a job or attempt page under it
   * counts), and those of the same commit in the same repository (or, for
   * deployments reported without a repository, of the service named like
   * it). Newest first, at most 50 per run.
   */
  async byBuildRuns(runs: readonly { repository: string; commitSha: string; url: string | null }[]): Promise<DeploymentEntity[][]> {
    return Promise.all(
      runs.map(async (run) => {
        const runUrl = normalizeRunUrl(run.url);
        const shortName = run.repository.split('/').pop() ?? run.repository;
        return this.dataSource.manager
          .createQueryBuilder(DeploymentEntity, 'd')
          .where(
            `(lower(d.commit_sha) = :sha AND (d.repository = :repository OR (d.repository IS NULL AND d.service_name IN (:repository, :shortName))))
             OR (CAST(:runUrl AS text) IS NOT NULL AND (lower(d.github_run_url) = :runUrl OR lower(d.github_run_url) LIKE :runUrlPrefix))`,
            { sha: normalizeSha(run.commitSha), repository: run.repository, shortName, runUrl, runUrlPrefix: runUrl ? `${runUrl.replace(/[\\%_]/g, '\\$&')}/%` : null },
          )
          .orderBy('d.started_at', 'DESC')
          .take(50)
          .getMany();
      }),
    );
  }

  /** The commit of the latest deployment reported for this service and version (any environment), or null. */
  async commitOf(serviceName: string, version: string): Promise<string | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(DeploymentEntity, 'd')
      .select('d.commit_sha', 'commitSha')
      .where('d.service_name = :serviceName AND d.version = :version AND d.commit_sha IS NOT NULL', { serviceName, version })
      .orderBy('d.started_at', 'DESC')
      .limit(1)
      .getRawOne<{ commitSha: string }>();
    return row?.commitSha ?? null;
  }

  /** The latest deployments of each service (any environment), newest first. */
  async recentByServices(names: readonly string[], limit: number): Promise<DeploymentEntity[][]> {
    const rows: DeploymentEntity[] = await this.dataSource.manager
      .createQueryBuilder(DeploymentEntity, 'd')
      .where(
        `d.id IN (SELECT r.id FROM unnest(CAST(:names AS text[])) AS s(name)
                    CROSS JOIN LATERAL (SELECT id FROM deployments.deployments WHERE service_name = s.name ORDER BY started_at DESC LIMIT :limit) r)`,
        { names: [...names], limit },
      )
      .orderBy('d.started_at', 'DESC')
      .getMany();
    return names.map((name) => rows.filter((row) => row.serviceName === name));
  }

  /** Deployments by status over a period, by when they started. */
  async stats(filter: DeploymentStatsFilter = {}): Promise<DeploymentStats> {
    const to = filter.to ?? new Date();
    const from = filter.from ?? new Date(to.getTime() - 30 * DAY_MS);
    if (!(to > from)) throw new DomainError(DeploymentError.InvalidPeriod, `from (${from.toISOString()}) must be before to (${to.toISOString()})`);
    const query = this.dataSource.manager
      .createQueryBuilder(DeploymentEntity, 'd')
      .select('d.status', 'status')
      .addSelect('count(*)::int', 'count')
      .where('d.started_at >= :from AND d.started_at < :to', { from, to })
      .groupBy('d.status');
    if (filter.serviceName) query.andWhere('d.service_name = :serviceName', { serviceName: filter.serviceName });
    if (filter.environment) query.andWhere('d.environment = :environment', { environment: filter.environment });
    const counts = Object.fromEntries((await query.getRawMany<{ status: DeploymentStatus; count: number }>()).map((row) => [row.status, row.count]));
    const [pending, inProgress, succeeded, failed, rolledBack] = [PENDING, IN_PROGRESS, SUCCEEDED, FAILED, ROLLED_BACK].map((s) => counts[s] ?? 0);
    const total = pending + inProgress + succeeded + failed + rolledBack;
    const finished = succeeded + failed + rolledBack;
    return {
      total,
      pending,
      inProgress,
      succeeded,
      failed,
      rolledBack,
      successRate: finished ? succeeded / finished : null,
      perDay: total / ((to.getTime() - from.getTime()) / DAY_MS),
      from,
      to,
    };
  }

  /** How many deployments of a service were rolled back (rollbacks recorded) since `since`. */
  async rollbacksSince(serviceName: string, environment: string, since: Date): Promise<number> {
    return this.dataSource.manager
      .createQueryBuilder(DeploymentEntity, 'd')
      .where('d.service_name = :serviceName AND d.environment = :environment AND d.rollback_of IS NOT NULL AND d.started_at >= :since', {
        serviceName,
        environment,
        since,
      })
      .getCount();
  }
}
