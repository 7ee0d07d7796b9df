/**
 * Benchmark of the builds app's failure prediction (issue #15 part 8): on
 * generated histories with realistic streaks of failures (BENCH_PREDICT_REPOS
 * repositories of BENCH_PREDICT_RUNS runs each, seeds 1…n, see
 * libs/testing/src/build-history.ts), trains the logistic regression exactly
 * as the retrain job does (trainFailureModel: oldest 70 % train, newest 30 %
 * evaluate) and prints, per repository and pooled over all evaluation runs,
 * the model's and the last-outcome baseline's failing-class precision,
 * recall, F1 and ROC AUC, and how long a training took. A history of streaks
 * only (where the baseline says everything) is shown as the control: the
 * model must not be served there. Writes bench/results/failure-prediction.json.
 *
 *   npm run build && npm run bench:predict
 */
import { performance } from 'node:perf_hooks';
import { labelledHistory, trainFailureModel } from '../apps/builds/src/prediction/failure-model.rules';
import { classMetrics, explain, rocAuc } from '../apps/builds/src/prediction/logistic.rules';
import { generateBuildHistory } from '../libs/testing/src/build-history';
import { resultsPath, writeResults } from './bench-kit';

const REPOS = Number(process.env.BENCH_PREDICT_REPOS ?? 10);
const RUNS = Number(process.env.BENCH_PREDICT_RUNS ?? 3000);
const r3 = (x: number | null | undefined) => (x === null || x === undefined ? null : +x.toFixed(3));

function main() {
  const rows: Record<string, unknown>[] = [];
  const pooled = { actual: [] as boolean[], model: [] as boolean[], scores: [] as number[], baseline: [] as boolean[] };
  const seconds: number[] = [];
  for (let seed = 1; seed <= REPOS; seed++) {
    const history = generateBuildHistory({ runs: RUNS, seed, kind: 'realistic' });
    const started = performance.now();
    const trained = trainFailureModel(history);
    seconds.push((performance.now() - started) / 1000);
    rows.push({
      repository: `realistic-${seed}`,
      failureShare: r3(history.filter((r) => r.conclusion === 'failure').length / history.length),
      evaluationRuns: trained.evaluationRuns,
      modelPrecision: r3(trained.evaluation?.precision),
      modelRecall: r3(trained.evaluation?.recall),
      modelF1: r3(trained.evaluation?.f1),
      modelAuc: r3(trained.evaluation?.auc),
      baselinePrecision: r3(trained.baseline?.precision),
      baselineRecall: r3(trained.baseline?.recall),
      baselineF1: r3(trained.baseline?.f1),
      baselineAuc: r3(trained.baseline?.auc),
      served: trained.served,
    });
    if (!trained.model) continue;
    // Pool the evaluation runs' predictions (the same split trainFailureModel used).
    const labelled = labelledHistory(history);
    for (const run of labelled.slice(trained.trainingRuns)) {
      const probability = explain(trained.model, run.values).probability;
      pooled.actual.push(run.failed);
      pooled.scores.push(probability);
      pooled.model.push(probability >= trained.threshold);
      pooled.baseline.push(run.baseline);
    }
  }
  const control = trainFailureModel(generateBuildHistory({ runs: RUNS, seed: 3, kind: 'streaks' }));
  rows.push({
    repository: 'streaks-only (control)',
    evaluationRuns: control.evaluationRuns,
    modelPrecision: r3(control.evaluation?.precision),
    modelRecall: r3(control.evaluation?.recall),
    modelF1: r3(control.evaluation?.f1),
    modelAuc: r3(control.evaluation?.auc),
    baselinePrecision: r3(control.baseline?.precision),
    baselineRecall: r3(control.baseline?.recall),
    baselineF1: r3(control.baseline?.f1),
    baselineAuc: r3(control.baseline?.auc),
    served: control.served,
  });
  console.table(rows);
  const model = classMetrics(pooled.model, pooled.actual);
  const baseline = classMetrics(pooled.baseline, pooled.actual);
  const figures = {
    repositories: REPOS,
    runsPerRepository: RUNS,
    pooledEvaluationRuns: pooled.actual.length,
    model: { precision: r3(model.precision), recall: r3(model.recall), f1: r3(model.f1), auc: r3(rocAuc(pooled.scores, pooled.actual)) },
    baseline: {
      precision: r3(baseline.precision),
      recall: r3(baseline.recall),
      f1: r3(baseline.f1),
      auc: r3(rocAuc(pooled.baseline.map((b) => (b ? 1 : 0)), pooled.actual)),
    },
    servedRepositories: rows.filter((r) => r.served && String(r.repository).startsWith('realistic')).length,
    controlServed: control.served,
    trainSecondsMax: r3(Math.max(...seconds)),
    trainSecondsMean: r3(seconds.reduce((a, b) => a + b, 0) / seconds.length),
    goal: 'beat the last-outcome baseline on failing-class F1 (served only where it does); the seed\'s 85 % precision/recall is not claimed',
    met: model.f1 > baseline.f1,
    perRepository: rows,
    node: process.version,
    at: new Date().toISOString(),
  };
  console.log('pooled over the evaluation runs:');
  console.table({ model: figures.model, baseline: figures.baseline });
  writeResults(resultsPath('failure-prediction.json'), figures);
}

main();
