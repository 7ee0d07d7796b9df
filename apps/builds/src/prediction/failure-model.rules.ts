import { FAILED_CONCLUSIONS } from '../runs/build-run.rules';
import { bestThreshold, classMetrics, DEFAULT_TRAIN_OPTIONS, Example, explain, LogisticModel, rocAuc, train, TrainOptions } from './logistic.rules';

/**
 * The failure prediction of issue #15 part 8: which features a run has
 * (read only from runs that completed before it started), how a model is
 * trained and evaluated on a time-ordered split against the baseline "same
 * outcome as the last run of this workflow and branch", and when it is
 * served (only where it beats that baseline on failing-class F1).
 */

/** The model's features, in order; names as `failureRisk.factors` shows them. */
export const FEATURES = [
  /** 1 when the last finished run of the same workflow and branch failed (0 when it passed or there was none). */
  'previousOutcomeFailed',
  /** log(1 + files changed), when the CI reported it. */
  'changedFiles',
  /** log(1 + lines changed), when the CI reported it. */
  'changedLines',
  /** The author's failure rate over their last 20 finished runs of the repository, smoothed: (failures + 1) / (runs + 2). */
  'authorFailureRate',
  /** log(1 + hours) since the last green run of the same workflow and branch, capped at 30 days (also when none is known). */
  'hoursSinceLastGreen',
  /** Share of the repository's last 20 finished runs that failed on a commit that also went green (a re-run or another run passed). */
  'recentFlakyRate',
] as const;
export type FeatureName = (typeof FEATURES)[number];

/** A run as the model reads it. */
export interface HistoryRun {
  id: string;
  workflow: string | null;
  branch: string | null;
  actor: string | null;
  commitSha: string;
  conclusion: string | null;
  startedAt: Date | null;
  createdAt: Date | null;
  completedAt: Date | null;
  changedFiles: number | null;
  changedLines: number | null;
}

const RECENT = 20;
const GREEN_CAP_HOURS = 30 * 24;

/** 1 failed, 0 passed, null for outcomes that are neither (cancelled, skipped, neutral, stale, still running …). */
export function label(conclusion: string | null): 0 | 1 | null {
  if (conclusion === 'success') return 0;
  if (conclusion !== null && FAILED_CONCLUSIONS.includes(conclusion)) return 1;
  return null;
}

/** When a run started, as far as known: its start, else its creation. */
export const startOf = (run: Pick<HistoryRun, 'startedAt' | 'createdAt'>) => run.startedAt ?? run.createdAt;

const lane = (run: Pick<HistoryRun, 'workflow' | 'branch'>) => `${run.workflow ?? ''}\0${run.branch ?? ''}`;

/**
 * What is known at a point in time, from the finished runs fed to it in
 * completion order: the state the features and the baseline read.
 */
export class HistoryState {
  private readonly lastOutcome = new Map<string, 0 | 1>();
  private readonly lastGreen = new Map<string, Date>();
  private readonly authors = new Map<string, (0 | 1)[]>();
  private readonly recent: { failed: 0 | 1; commitSha: string }[] = [];
  private readonly greenCommits = new Set<string>();

  /** Records a finished run (runs without a failed/passed outcome are ignored). */
  add(run: HistoryRun): void {
    const outcome = label(run.conclusion);
    if (outcome === null) return;
    this.lastOutcome.set(lane(run), outcome);
    if (outcome === 0) {
      if (run.completedAt) this.lastGreen.set(lane(run), run.completedAt);
      this.greenCommits.add(run.commitSha);
    }
    if (run.actor) {
      const list = this.authors.get(run.actor) ?? [];
      list.push(outcome);
      if (list.length > RECENT) list.shift();
      this.authors.set(run.actor, list);
    }
    this.recent.push({ failed: outcome, commitSha: run.commitSha });
    if (this.recent.length > RECENT) this.recent.shift();
  }

  /** The baseline's prediction: the last run of the same workflow and branch failed (no such run: predicts a pass). */
  baseline(run: HistoryRun): boolean {
    return this.lastOutcome.get(lane(run)) === 1;
  }

  /** The run's feature values, in FEATURES order (null = unknown). */
  features(run: HistoryRun): (number | null)[] {
    const start = startOf(run);
    const green = this.lastGreen.get(lane(run));
    const hours = green && start ? Math.min(GREEN_CAP_HOURS, Math.max(0, (start.getTime() - green.getTime()) / 3_600_000)) : GREEN_CAP_HOURS;
    const author = run.actor ? this.authors.get(run.actor) : undefined;
    return [
      this.lastOutcome.get(lane(run)) === 1 ? 1 : 0,
      run.changedFiles === null ? null : Math.log1p(Math.max(0, run.changedFiles)),
      run.changedLines === null ? null : Math.log1p(Math.max(0, run.changedLines)),
      run.actor ? ((author?.filter((o) => o === 1).length ?? 0) + 1) / ((author?.length ?? 0) + 2) : null,
      Math.log1p(hours),
      this.recent.length ? this.recent.filter((r) => r.failed === 1 && this.greenCommits.has(r.commitSha)).length / this.recent.length : null,
    ];
  }
}

/** A labelled run with its features and the baseline's prediction, as known when it started. */
export interface LabelledRun {
  run: HistoryRun;
  values: (number | null)[];
  baseline: boolean;
  failed: boolean;
}

/**
 * Walks a history in time: for each run with an outcome (by start), feeds
 * every run that completed before it started into the state, then reads its
 * features and the baseline. Nothing from its own or a later run leaks in.
 */
export function labelledHistory(runs: HistoryRun[]): LabelledRun[] {
  const byStart = runs.filter((r) => label(r.conclusion) !== null && startOf(r)).sort((a, b) => startOf(a)!.getTime() - startOf(b)!.getTime() || Number(a.id) - Number(b.id));
  const byCompletion = runs.filter((r) => r.completedAt).sort((a, b) => a.completedAt!.getTime() - b.completedAt!.getTime() || Number(a.id) - Number(b.id));
  const state = new HistoryState();
  const labelled: LabelledRun[] = [];
  let fed = 0;
  for (const run of byStart) {
    const start = startOf(run)!.getTime();
    while (fed < byCompletion.length && byCompletion[fed].completedAt!.getTime() < start) state.add(byCompletion[fed++]);
    labelled.push({ run, values: state.features(run), baseline: state.baseline(run), failed: label(run.conclusion) === 1 });
  }
  return labelled;
}

/** The state as of `at`, from finished runs (for serving one run's prediction). */
export function stateAt(runs: HistoryRun[], at: Date): HistoryState {
  const state = new HistoryState();
  runs
    .filter((r) => r.completedAt && r.completedAt < at)
    .sort((a, b) => a.completedAt!.getTime() - b.completedAt!.getTime() || Number(a.id) - Number(b.id))
    .forEach((r) => state.add(r));
  return state;
}

export interface Evaluation {
  precision: number;
  recall: number;
  f1: number;
  auc: number | null;
}

export interface TrainedFailureModel {
  /** Null when there was too little history to train. */
  model: LogisticModel | null;
  /** The probability from which a run is predicted to fail (best F1 on the training part). */
  threshold: number;
  trainingRuns: number;
  evaluationRuns: number;
  evaluationFailures: number;
  evaluation: Evaluation | null;
  baseline: Evaluation | null;
  /** Served only when it beats the baseline on failing-class F1. */
  served: boolean;
  /** Why it is not served (null when served). */
  unavailableBecause: string | null;
}

export interface FailureModelPolicy {
  /** Labelled runs needed at least. */
  minRuns: number;
  /** Failures (and passes) needed at least in each of the training and the evaluation part. */
  minFailures: number;
  /** Share of the history (the oldest) the model is trained on; the rest (the newest) evaluates it. */
  trainShare: number;
  train: TrainOptions;
}

export const DEFAULT_FAILURE_MODEL_POLICY: FailureModelPolicy = { minRuns: 100, minFailures: 5, trainShare: 0.7, train: DEFAULT_TRAIN_OPTIONS };

const pct = (x: number) => x.toFixed(2);

/**
 * Trains on the oldest `trainShare` of the labelled runs and evaluates the
 * model and the baseline on the newest rest (a time-ordered split, never a
 * shuffled one). The served model is the one evaluated.
 */
export function trainFailureModel(runs: HistoryRun[], policy: FailureModelPolicy = DEFAULT_FAILURE_MODEL_POLICY): TrainedFailureModel {
  const labelled = labelledHistory(runs);
  const none = (why: string, extra: Partial<TrainedFailureModel> = {}): TrainedFailureModel => ({
    model: null,
    threshold: 0.5,
    trainingRuns: 0,
    evaluationRuns: 0,
    evaluationFailures: 0,
    evaluation: null,
    baseline: null,
    served: false,
    unavailableBecause: why,
    ...extra,
  });
  if (labelled.length < policy.minRuns) return none(`only ${labelled.length} finished runs that passed or failed (the model needs ${policy.minRuns})`);
  const cut = Math.floor(labelled.length * policy.trainShare);
  const training = labelled.slice(0, cut);
  const evaluation = labelled.slice(cut);
  const sizes = { trainingRuns: training.length, evaluationRuns: evaluation.length, evaluationFailures: evaluation.filter((r) => r.failed).length };
  for (const [part, rows] of [['training', training], ['evaluation', evaluation]] as const) {
    const failures = rows.filter((r) => r.failed).length;
    if (failures < policy.minFailures || rows.length - failures < policy.minFailures) {
      return none(`the ${part} part has ${failures} failures and ${rows.length - failures} passes (at least ${policy.minFailures} of each are needed)`, sizes);
    }
  }
  const examples: Example[] = training.map((r) => ({ values: r.values, failed: r.failed }));
  const model = train(examples, FEATURES.length, policy.train);
  const trainScores = training.map((r) => explain(model, r.values).probability);
  const threshold = bestThreshold(trainScores, training.map((r) => r.failed));
  const actual = evaluation.map((r) => r.failed);
  const scores = evaluation.map((r) => explain(model, r.values).probability);
  const modelMetrics = classMetrics(scores.map((s) => s >= threshold), actual);
  const baselineMetrics = classMetrics(evaluation.map((r) => r.baseline), actual);
  const modelEvaluation: Evaluation = { precision: modelMetrics.precision, recall: modelMetrics.recall, f1: modelMetrics.f1, auc: rocAuc(scores, actual) };
  const baselineEvaluation: Evaluation = {
    precision: baselineMetrics.precision,
    recall: baselineMetrics.recall,
    f1: baselineMetrics.f1,
    auc: rocAuc(evaluation.map((r) => (r.baseline ? 1 : 0)), actual),
  };
  const served = modelEvaluation.f1 > baselineEvaluation.f1;
  return {
    model,
    threshold,
    ...sizes,
    evaluation: modelEvaluation,
    baseline: baselineEvaluation,
    served,
    unavailableBecause: served
      ? null
      : `the model's failing-class F1 ${pct(modelEvaluation.f1)} does not beat the last-outcome baseline's ${pct(baselineEvaluation.f1)} on the newest ${evaluation.length} runs`,
  };
}

/** A prediction explained: the probability and each feature's contribution to the log-odds, largest first. */
export function riskOf(model: LogisticModel, values: (number | null)[]): { probability: number; factors: { name: FeatureName; weight: number; value: number | null }[] } {
  const { probability, contributions } = explain(model, values);
  const factors = FEATURES.map((name, j) => ({ name, weight: contributions[j], value: values[j] })).sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.name.localeCompare(b.name));
  return { probability, factors };
}
