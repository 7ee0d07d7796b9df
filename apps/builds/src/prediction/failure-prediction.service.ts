import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { BuildsConfig, InjectBuildsConfig } from '../builds.config';
import { BuildRunEntity } from '../runs/build-run.entity';
import { DEFAULT_FAILURE_MODEL_POLICY, FEATURES, HistoryRun, riskOf, startOf, stateAt, trainFailureModel } from './failure-model.rules';
import { FailureModelEntity } from './failure-model.entity';
import { FailureModel, FailureRisk } from './failure-risk.model';

/** Finished runs one prediction reads (the newest before the run started), besides its lane's last outcome and last green. */
const SERVING_WINDOW = 1000;
/** A repository is retrained while it had a finished run in this many days. */
const ACTIVE_DAYS = 90;

const HISTORY_COLUMNS = `id, workflow, branch, actor, commit_sha AS "commitSha", conclusion, started_at AS "startedAt", created_at AS "createdAt",
  completed_at AS "completedAt", changed_files AS "changedFiles", changed_lines AS "changedLines"`;

const unavailable = (why: string, model: FailureModel | null = null): FailureRisk => ({ probability: null, likelyToFail: null, factors: [], model, unavailableBecause: why });

/**
 * Trains each repository's failure model on its stored history (the retrain
 * job) and serves `BuildRun.failureRisk` from it, reading a run's features
 * from the runs that finished before it started, as the training did.
 */
@Injectable()
export class FailurePredictionService {
  private readonly logger = new Logger(FailurePredictionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectBuildsConfig() private readonly config: BuildsConfig,
  ) {}

  /** Retrains every repository with a finished run in the last 90 days; returns how many models were stored and how many are served. */
  async retrainAll(now = new Date()): Promise<{ repositories: number; served: number }> {
    const rows: { repository: string }[] = await this.dataSource.query(
      `SELECT DISTINCT repository FROM builds.build_runs WHERE status = 'completed' AND completed_at >= $1 ORDER BY repository`,
      [new Date(now.getTime() - ACTIVE_DAYS * 24 * 3600 * 1000)],
    );
    let served = 0;
    for (const { repository } of rows) {
      if ((await this.retrain(repository, now)).served) served++;
    }
    this.logger.log(`failure models retrained: ${rows.length} repositories, ${served} served`);
    return { repositories: rows.length, served };
  }

  /** Trains and evaluates the repository's model on its newest finished runs and stores it (replacing the previous one). */
  async retrain(repository: string, now = new Date()): Promise<FailureModelEntity> {
    const history: HistoryRun[] = await this.dataSource.query(
      `SELECT ${HISTORY_COLUMNS} FROM builds.build_runs
        WHERE repository = $1 AND status = 'completed' AND completed_at IS NOT NULL ORDER BY completed_at DESC LIMIT $2`,
      [repository, this.config.failureModelHistoryRuns],
    );
    const trained = trainFailureModel(history, { ...DEFAULT_FAILURE_MODEL_POLICY, minRuns: this.config.failureModelMinRuns });
    const row: FailureModelEntity = {
      repository,
      trainedAt: now,
      served: trained.served,
      unavailableBecause: trained.unavailableBecause,
      coefficients: trained.model && { features: [...FEATURES], ...trained.model },
      threshold: trained.threshold,
      trainingRuns: trained.trainingRuns,
      evaluationRuns: trained.evaluationRuns,
      evaluationFailures: trained.evaluationFailures,
      precision: trained.evaluation?.precision ?? null,
      recall: trained.evaluation?.recall ?? null,
      f1: trained.evaluation?.f1 ?? null,
      auc: trained.evaluation?.auc ?? null,
      baselinePrecision: trained.baseline?.precision ?? null,
      baselineRecall: trained.baseline?.recall ?? null,
      baselineF1: trained.baseline?.f1 ?? null,
      baselineAuc: trained.baseline?.auc ?? null,
    };
    await this.dataSource.manager.upsert(FailureModelEntity, row, ['repository']);
    return row;
  }

  /** The failure risk of each run (for a DataLoader). */
  async risks(runs: readonly BuildRunEntity[]): Promise<FailureRisk[]> {
    const repositories = [...new Set(runs.map((run) => run.repository))];
    const models = new Map((await this.dataSource.manager.findBy(FailureModelEntity, { repository: In(repositories) })).map((m) => [m.repository, m]));
    return Promise.all(runs.map((run) => this.risk(run, models.get(run.repository) ?? null)));
  }

  private async risk(run: BuildRunEntity, stored: FailureModelEntity | null): Promise<FailureRisk> {
    const start = startOf(run);
    if (!run.startedAt || !start) return unavailable('the run has not started');
    if (!stored) return unavailable(`no failure model has been trained for ${run.repository} yet (the retrain job runs every ${Math.round(this.config.failureModelRetrainIntervalMs / 60_000)} min)`);
    const model = toFailureModel(stored);
    if (!stored.served || !stored.coefficients) return unavailable(stored.unavailableBecause ?? 'the model is not served', model);
    const state = stateAt(await this.historyBefore(run, start), start);
    const values = state.features(toHistoryRun(run));
    const { probability, factors } = riskOf(stored.coefficients, values);
    return { probability, likelyToFail: probability >= stored.threshold, factors, model, unavailableBecause: null };
  }

  /** The newest finished runs of the repository before `start`, and its lane's last outcome and last green (which may be older). */
  private async historyBefore(run: BuildRunEntity, start: Date): Promise<HistoryRun[]> {
    const [recent, lane] = await Promise.all([
      this.dataSource.query(
        `SELECT ${HISTORY_COLUMNS} FROM builds.build_runs
          WHERE repository = $1 AND completed_at < $2 AND id <> $3 ORDER BY completed_at DESC LIMIT $4`,
        [run.repository, start, run.id, SERVING_WINDOW],
      ) as Promise<HistoryRun[]>,
      this.dataSource.query(
        `(SELECT ${HISTORY_COLUMNS} FROM builds.build_runs
           WHERE repository = $1 AND workflow IS NOT DISTINCT FROM $2 AND branch IS NOT DISTINCT FROM $3 AND completed_at < $4 AND id <> $5
             AND conclusion IN ('success', 'failure', 'timed_out', 'startup_failure')
           ORDER BY completed_at DESC LIMIT 1)
         UNION ALL
         (SELECT ${HISTORY_COLUMNS} FROM builds.build_runs
           WHERE repository = $1 AND workflow IS NOT DISTINCT FROM $2 AND branch IS NOT DISTINCT FROM $3 AND completed_at < $4 AND id <> $5
             AND conclusion = 'success'
           ORDER BY completed_at DESC LIMIT 1)`,
        [run.repository, run.workflow, run.branch, start, run.id],
      ) as Promise<HistoryRun[]>,
    ]);
    return [...new Map([...lane, ...recent].map((row) => [String(row.id), { ...row, id: String(row.id) }])).values()];
  }
}

function toHistoryRun(run: BuildRunEntity): HistoryRun {
  return {
    id: run.id,
    workflow: run.workflow,
    branch: run.branch,
    actor: run.actor,
    commitSha: run.commitSha,
    conclusion: run.conclusion,
    startedAt: run.startedAt,
    createdAt: run.createdAt,
    completedAt: run.completedAt,
    changedFiles: run.changedFiles,
    changedLines: run.changedLines,
  };
}

function toFailureModel(e: FailureModelEntity): FailureModel {
  return {
    trainedAt: e.trainedAt,
    precision: e.precision,
    recall: e.recall,
    f1: e.f1,
    auc: e.auc,
    baselineF1: e.baselineF1,
    baselinePrecision: e.baselinePrecision,
    baselineRecall: e.baselineRecall,
    trainingRuns: e.trainingRuns,
    evaluationRuns: e.evaluationRuns,
    threshold: e.threshold,
    served: e.served,
  };
}
