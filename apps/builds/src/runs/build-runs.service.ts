import { decodeCursor, DomainError, inUnitOfWork, OutboxRelay, toConnection, UnitOfWork } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { BuildRunsFilter } from './dto/build-runs-filter.input';
import { ArtifactEntity } from './artifact.entity';
import { BuildOutboxEntity } from './build-messaging.entities';
import { BuildRunEntity } from './build-run.entity';
import { toBuildRun } from './build-run.mapper';
import { mergeProgress, Progress } from './build-run.rules';
import { BuildError } from './build.errors';
import { StageEntity } from './stage.entity';
import { TaskEntity } from './task.entity';

/** What one delivery or report says about a run. */
export interface RunObservation extends Progress {
  source: 'github' | 'api';
  repository: string;
  externalId: string;
  attempt: number;
  workflow: string | null;
  runNumber: number | null;
  event: string | null;
  branch: string | null;
  commitSha: string;
  defaultBranch: string | null;
  actor: string | null;
  url: string | null;
  /** Size of the change, when the CI reported it (GitHub's run webhooks do not). */
  changedFiles: number | null;
  changedLines: number | null;
}

/** What one delivery or report says about a step. */
export interface TaskObservation extends Progress {
  number: number;
  name: string;
}

/** What one delivery or report says about a job, with its steps. */
export interface StageObservation extends Progress {
  externalId: string;
  name: string;
  groupName: string;
  runnerName: string | null;
  runnerLabels: string[];
  url: string | null;
  tasks: TaskObservation[];
}

export interface ArtifactObservation {
  name: string;
  sizeBytes: number | null;
  url: string | null;
  checksum: string | null;
}

const DESCRIPTIVE = ['workflow', 'runNumber', 'event', 'branch', 'defaultBranch', 'actor', 'url', 'changedFiles', 'changedLines'] as const;

/**
 * Build runs, their stages, tasks and artifacts: recording observations
 * (merged by the rules, so repeats and reordering are harmless) and reading
 * them. Each record locks the row it merges into, so two deliveries about
 * the same run or job apply one after the other.
 */
@Injectable()
export class BuildRunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return (await inUnitOfWork(this.dataSource, BuildOutboxEntity, this.relay, work)).result;
  }

  /** Creates the run or merges the observation into it; returns the run as merged. */
  async recordRun(uow: UnitOfWork, observation: RunObservation): Promise<BuildRunEntity> {
    const key = { source: observation.source, repository: observation.repository, externalId: observation.externalId, attempt: observation.attempt };
    await uow.manager.createQueryBuilder().insert().into(BuildRunEntity).values({ ...observation, ...mergeProgress(null, observation) }).orIgnore().execute();
    const run = await this.lockRun(uow.manager, key);
    Object.assign(run, mergeProgress(run, observation));
    for (const field of DESCRIPTIVE) (run as unknown as Record<string, unknown>)[field] = observation[field] ?? run[field];
    return uow.manager.save(run);
  }

  /** Creates the stage of a run or merges the observation into it, then its tasks, by number. */
  async recordStage(uow: UnitOfWork, run: BuildRunEntity, observation: StageObservation): Promise<StageEntity> {
    const { tasks, ...fields } = observation;
    await uow.manager
      .createQueryBuilder()
      .insert()
      .into(StageEntity)
      .values({ ...fields, ...mergeProgress(null, observation), runId: run.id })
      .orIgnore()
      .execute();
    const stage = await uow.manager.findOneOrFail(StageEntity, {
      where: { runId: run.id, externalId: observation.externalId },
      lock: { mode: 'pessimistic_write' },
    });
    Object.assign(stage, mergeProgress(stage, observation), {
      name: observation.name,
      groupName: observation.groupName,
      runnerName: observation.runnerName ?? stage.runnerName,
      runnerLabels: observation.runnerLabels.length ? observation.runnerLabels : stage.runnerLabels,
      url: observation.url ?? stage.url,
    });
    await uow.manager.save(stage);
    await this.recordTasks(uow.manager, stage, tasks);
    return stage;
  }

  /** Merges steps into the stage's tasks by number (the stage row is locked by the caller). */
  private async recordTasks(manager: EntityManager, stage: StageEntity, observations: TaskObservation[]): Promise<void> {
    if (!observations.length) return;
    const unique = [...new Map(observations.map((task) => [task.number, task])).values()];
    const existing = new Map(
      (await manager.findBy(TaskEntity, { stageId: stage.id, number: In(unique.map((task) => task.number)) })).map((task) => [task.number, task]),
    );
    const rows = unique.map((task) => {
      const current = existing.get(task.number);
      const { createdAt: _created, ...merged } = mergeProgress(current ? { ...current, createdAt: null } : null, task);
      return Object.assign(current ?? manager.create(TaskEntity, { stageId: stage.id, number: task.number }), merged, { name: task.name });
    });
    await manager.save(TaskEntity, rows, { chunk: 200 });
  }

  /** Adds or replaces the run's artifacts by name. */
  async recordArtifacts(uow: UnitOfWork, run: BuildRunEntity, artifacts: ArtifactObservation[]): Promise<void> {
    if (!artifacts.length) return;
    await uow.manager
      .createQueryBuilder()
      .insert()
      .into(ArtifactEntity)
      .values(artifacts.map((a) => ({ runId: run.id, name: a.name, sizeBytes: a.sizeBytes === null ? null : String(a.sizeBytes), url: a.url, checksum: a.checksum })))
      .orUpdate(['size_bytes', 'url', 'checksum'], ['run_id', 'name'])
      .execute();
  }

  async lockById(manager: EntityManager, id: string): Promise<BuildRunEntity> {
    const run = /^\d{1,18}$/.test(id) ? await manager.findOne(BuildRunEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!run) throw new DomainError(BuildError.NotFound, `build run ${id} does not exist`);
    return run;
  }

  private lockRun(manager: EntityManager, key: Pick<BuildRunEntity, 'source' | 'repository' | 'externalId' | 'attempt'>) {
    return manager.findOneOrFail(BuildRunEntity, { where: key, lock: { mode: 'pessimistic_write' } });
  }

  async findById(id: string): Promise<BuildRunEntity> {
    const run = /^\d{1,18}$/.test(id) ? await this.dataSource.manager.findOneBy(BuildRunEntity, { id }) : null;
    if (!run) throw new DomainError(BuildError.NotFound, `build run ${id} does not exist`);
    return run;
  }

  /** Runs by id, in the ids' order; null for an id that names none. */
  async findExistingByIds(ids: readonly string[]): Promise<(BuildRunEntity | null)[]> {
    const valid = ids.filter((id) => /^\d{1,18}$/.test(id));
    const rows = valid.length ? await this.dataSource.manager.findBy(BuildRunEntity, { id: In(valid) }) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Runs by id, in the ids' order (each must exist). */
  async findByIds(ids: readonly string[]): Promise<BuildRunEntity[]> {
    const rows = await this.dataSource.manager.findBy(BuildRunEntity, { id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const run = byId.get(id);
      if (!run) throw new DomainError(BuildError.NotFound, `build run ${id} does not exist`);
      return run;
    });
  }

  /** Runs matching the filter, newest recorded first. */
  async list(filter: BuildRunsFilter = {}, first = 50, after?: string) {
    const query = this.dataSource.manager.createQueryBuilder(BuildRunEntity, 'r');
    for (const field of ['repository', 'workflow', 'branch', 'commitSha', 'status'] as const) {
      if (filter[field]) query.andWhere(`r.${field} = :${field}`, { [field]: filter[field] });
    }
    // Counted only if the operation selects totalCount (before the cursor narrows the query).
    const countQuery = query.clone();
    if (after) query.andWhere('r.id < :cursor', { cursor: decodeCursor(after) });
    const rows = await query.orderBy('r.id', 'DESC').take(first + 1).getMany();
    return toConnection(rows, first, () => countQuery.getCount(), (row) => Number(row.id), toBuildRun);
  }

  /** The latest run (highest id) of each [repository, commit sha], or null (for a DataLoader). */
  async latestByCommits(keys: [string, string][]): Promise<(BuildRunEntity | null)[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (r.repository, r.commit_sha) r.id FROM builds.build_runs r
         JOIN unnest($1::text[], $2::text[]) AS k(repository, commit_sha) ON r.repository = k.repository AND r.commit_sha = k.commit_sha
        ORDER BY r.repository, r.commit_sha, r.id DESC`,
      [keys.map((k) => k[0]), keys.map((k) => k[1])],
    );
    const runs = rows.length ? await this.dataSource.manager.findBy(BuildRunEntity, { id: In(rows.map((row) => row.id)) }) : [];
    const found = new Map(runs.map((run) => [JSON.stringify([run.repository, run.commitSha]), run]));
    return keys.map((key) => found.get(JSON.stringify(key)) ?? null);
  }

  /** GitHub runs by [repository, run id, attempt or null = the latest attempt], or null (for a DataLoader). */
  async githubRuns(keys: [string, string, number | null][]): Promise<(BuildRunEntity | null)[]> {
    const rows: { id: string; key: number }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (k.ord) r.id, k.ord AS key FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS k(repository, external_id, attempt, ord)
         JOIN builds.build_runs r ON r.source = 'github' AND r.repository = k.repository AND r.external_id = k.external_id AND (k.attempt IS NULL OR r.attempt = k.attempt)
        ORDER BY k.ord, r.attempt DESC`,
      [keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])],
    );
    const runs = rows.length ? await this.dataSource.manager.findBy(BuildRunEntity, { id: In(rows.map((row) => row.id)) }) : [];
    const byId = new Map(runs.map((run) => [run.id, run]));
    const byKey = new Map(rows.map((row) => [Number(row.key), byId.get(row.id) ?? null]));
    return keys.map((_, i) => byKey.get(i + 1) ?? null);
  }

  /** The stages of each run, in the order their jobs were created (for a DataLoader). */
  async stagesByRuns(runIds: readonly string[]): Promise<StageEntity[][]> {
    const rows = await this.dataSource.manager.find(StageEntity, { where: { runId: In([...runIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
    return groupBy(runIds, rows, (row) => row.runId);
  }

  /** The tasks of each stage, by number (for a DataLoader). */
  async tasksByStages(stageIds: readonly string[]): Promise<TaskEntity[][]> {
    const rows = await this.dataSource.manager.find(TaskEntity, { where: { stageId: In([...stageIds]) }, order: { number: 'ASC' } });
    return groupBy(stageIds, rows, (row) => row.stageId);
  }

  async artifactsByRuns(runIds: readonly string[]): Promise<ArtifactEntity[][]> {
    const rows = await this.dataSource.manager.find(ArtifactEntity, { where: { runId: In([...runIds]) }, order: { name: 'ASC' } });
    return groupBy(runIds, rows, (row) => row.runId);
  }
}

/** Rows grouped per requested key, in the keys' order (none → empty list). */
function groupBy<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}
