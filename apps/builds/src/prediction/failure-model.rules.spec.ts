import { generateBuildHistory } from '@companyos/testing';
import { FEATURES, HistoryRun, label, labelledHistory, riskOf, trainFailureModel } from './failure-model.rules';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
let ids = 0;
const aRun = (fields: Partial<HistoryRun> & { start: number; end: number }): HistoryRun => ({
  id: String(++ids),
  workflow: 'ci',
  branch: 'main',
  actor: 'ana',
  commitSha: `c${ids}`,
  conclusion: 'success',
  createdAt: at(fields.start),
  startedAt: at(fields.start),
  completedAt: at(fields.end),
  changedFiles: null,
  changedLines: null,
  ...fields,
});
const feature = (values: (number | null)[], name: (typeof FEATURES)[number]) => values[FEATURES.indexOf(name)];

describe('failure prediction features and baseline', () => {
  it('labels failures (failure, timed_out, startup_failure) and passes; cancelled, skipped and the rest are neither', () => {
    expect(['success', 'failure', 'timed_out', 'startup_failure', 'cancelled', 'skipped', 'neutral', 'stale', null].map(label)).toEqual([0, 1, 1, 1, null, null, null, null, null]);
  });

  it('reads only runs that completed before the run started: a run still going when another starts is not its "last outcome"', () => {
    const a = aRun({ start: 0, end: 30, conclusion: 'failure' });
    const b = aRun({ start: 10, end: 20 }); // started while a was running
    const c = aRun({ start: 40, end: 50 });
    const [la, lb, lc] = labelledHistory([c, b, a]);
    expect([la.run.id, lb.run.id, lc.run.id]).toEqual([a.id, b.id, c.id]);
    expect(lb.baseline).toBe(false);
    expect(feature(lb.values, 'previousOutcomeFailed')).toBe(0);
    // By c's start both finished; the last to finish (a, at :30) failed.
    expect(lc.baseline).toBe(true);
    expect(feature(lc.values, 'previousOutcomeFailed')).toBe(1);
    // Last green of ci/main: b at :20, 20 minutes before c started.
    expect(feature(lc.values, 'hoursSinceLastGreen')).toBeCloseTo(Math.log1p(20 / 60), 12);
  });

  it('the baseline and previous outcome are per workflow and branch; cancelled runs do not count', () => {
    const fail = aRun({ start: 0, end: 5, conclusion: 'failure', branch: 'feature' });
    const cancelled = aRun({ start: 6, end: 7, conclusion: 'cancelled' });
    const main = aRun({ start: 10, end: 15 });
    const feature2 = aRun({ start: 10, end: 15, branch: 'feature' });
    const rows = labelledHistory([fail, cancelled, main, feature2]);
    expect(rows.map((r) => r.run.id)).toEqual([fail.id, main.id, feature2.id]);
    expect(rows.find((r) => r.run.id === main.id)!.baseline).toBe(false);
    expect(rows.find((r) => r.run.id === feature2.id)!.baseline).toBe(true);
  });

  it("author failure rate (smoothed), changes as log(1 + n) when known, and the recent flaky rate (failures on a commit that also went green)", () => {
    const f1 = aRun({ start: 0, end: 5, conclusion: 'failure', commitSha: 'same' });
    const rerun = aRun({ start: 6, end: 10, commitSha: 'same' }); // the re-run passed: f1 was flaky
    const other = aRun({ start: 11, end: 12, conclusion: 'failure', actor: 'bo' });
    const next = aRun({ start: 20, end: 25, changedFiles: 3, changedLines: 99 });
    const rows = labelledHistory([f1, rerun, other, next]);
    const values = rows[3].values;
    expect(feature(values, 'authorFailureRate')).toBeCloseTo((1 + 1) / (2 + 2), 12); // ana: 1 failure in 2 runs
    expect(feature(values, 'changedFiles')).toBeCloseTo(Math.log(4), 12);
    expect(feature(values, 'changedLines')).toBeCloseTo(Math.log(100), 12);
    expect(feature(values, 'recentFlakyRate')).toBeCloseTo(1 / 3, 12); // f1 of [f1, rerun, other]
    expect(feature(rows[0].values, 'changedFiles')).toBeNull();
    expect(feature(rows[0].values, 'recentFlakyRate')).toBeNull(); // nothing finished yet
  });

  it('explains a prediction: contributions sum with the bias to the log-odds, largest first', () => {
    const model = { means: FEATURES.map(() => 0), stds: FEATURES.map(() => 1), weights: [2, 0, 0, 1, -0.5, 0], bias: -1 };
    const { probability, factors } = riskOf(model, [1, null, null, 0.5, 2, 0]);
    expect(probability).toBeCloseTo(1 / (1 + Math.exp(-(-1 + 2 + 0.5 - 1))), 12);
    expect(factors.slice(0, 3).map((f) => f.name)).toEqual(['previousOutcomeFailed', 'hoursSinceLastGreen', 'authorFailureRate']);
    expect(factors[0]).toEqual({ name: 'previousOutcomeFailed', weight: 2, value: 1 });
  });
});

describe('the model against the last-outcome baseline on generated histories (time-ordered split)', () => {
  it('on a realistic history (streaks, careless authors, big changes, flaky re-runs) it beats the baseline on failing-class F1 and is served', () => {
    const trained = trainFailureModel(generateBuildHistory({ runs: 3000, seed: 7, kind: 'realistic' }));
    expect(trained.served).toBe(true);
    expect(trained.evaluation!.f1).toBeGreaterThan(trained.baseline!.f1);
    expect(trained.evaluation!.auc!).toBeGreaterThan(trained.baseline!.auc!);
    expect(trained.trainingRuns + trained.evaluationRuns).toBeGreaterThan(2500);
    expect(trained.trainingRuns).toBe(Math.floor((trained.trainingRuns + trained.evaluationRuns) * 0.7));
    // The previous outcome carries the streaks; large changes raise the risk.
    const weights = Object.fromEntries(FEATURES.map((name, j) => [name, trained.model!.weights[j]]));
    expect(weights.previousOutcomeFailed).toBeGreaterThan(0);
    expect(weights.changedLines + weights.changedFiles).toBeGreaterThan(0);
  });

  it('where failures come only in streaks the baseline already says it all: the model is not served, and says why', () => {
    const trained = trainFailureModel(generateBuildHistory({ runs: 2000, seed: 3, kind: 'streaks' }));
    expect(trained.served).toBe(false);
    expect(trained.evaluation!.f1).toBeLessThanOrEqual(trained.baseline!.f1);
    expect(trained.unavailableBecause).toMatch(/does not beat the last-outcome baseline/);
  });

  it('too little history: no model, and why', () => {
    const trained = trainFailureModel(generateBuildHistory({ runs: 50, seed: 1, kind: 'realistic' }));
    expect(trained).toMatchObject({ model: null, served: false });
    expect(trained.unavailableBecause).toMatch(/the model needs 100/);
  });
});
