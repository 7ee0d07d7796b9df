import { bestThreshold, classMetrics, explain, rocAuc, standardisation, train } from './logistic.rules';

describe('logistic regression, on examples worked by hand', () => {
  // One binary feature: x = 0 fails 1 time in 4, x = 1 fails 3 times in 4.
  const examples = [0, 0, 0, 0, 1, 1, 1, 1].map((x, i) => ({ values: [x], failed: [true, false, false, false, true, true, true, false][i] }));

  it('standardises on the training set (population std; a constant feature gets 1, an unknown value sits at the mean)', () => {
    expect(standardisation(examples, 1)).toEqual({ means: [0.5], stds: [0.5] });
    expect(standardisation([{ values: [3], failed: true }, { values: [3], failed: false }], 1)).toEqual({ means: [3], stds: [1] });
    const model = { means: [0.5], stds: [0.5], weights: [2], bias: 0 };
    expect(explain(model, [null]).contributions).toEqual([0]);
    expect(explain(model, [1]).contributions).toEqual([2]);
  });

  it('one gradient step from zero: p = 0.5 everywhere, so ∂b = mean(p − y) and ∂w = mean((p − y)·z)', () => {
    // z = −1 for x = 0, +1 for x = 1; p − y = +0.5 for a pass, −0.5 for a failure.
    // ∂b = (4 failures · −0.5 + 4 passes · 0.5) / 8 = 0.
    // ∂w = (x=0: 1 fail · (−0.5)(−1) + 3 passes · (0.5)(−1)  +  x=1: 3 fails · (−0.5)(1) + 1 pass · (0.5)(1)) / 8 = (0.5 − 1.5 − 1.5 + 0.5) / 8 = −0.25.
    // Step 0.5: b = 0, w = 0.125.
    const model = train(examples, 1, { l2: 0, learningRate: 0.5, maxIterations: 1, tolerance: 0 });
    expect(model.bias).toBeCloseTo(0, 12);
    expect(model.weights[0]).toBeCloseTo(0.125, 12);
  });

  it('converges to the maximum-likelihood weights (logit 1/4 and 3/4 give b = 0, w = ln 3), and L2 shrinks them', () => {
    const free = train(examples, 1, { l2: 0, learningRate: 0.5, maxIterations: 20_000, tolerance: 1e-10 });
    expect(free.bias).toBeCloseTo(0, 6);
    expect(free.weights[0]).toBeCloseTo(Math.log(3), 6);
    expect(explain(free, [1]).probability).toBeCloseTo(0.75, 6);
    expect(explain(free, [0]).probability).toBeCloseTo(0.25, 6);
    // With λ = 0.5 (b stays 0 by symmetry, p(x=0) = 1 − p(x=1)): mean((p − y)·z) = p(x=1) − 0.75, so the optimum has p(x=1) − 0.75 + 0.5·w = 0.
    const shrunk = train(examples, 1, { l2: 0.5, learningRate: 0.5, maxIterations: 20_000, tolerance: 1e-10 });
    expect(shrunk.weights[0]).toBeGreaterThan(0);
    expect(shrunk.weights[0]).toBeLessThan(Math.log(3) - 0.1);
    const p1 = explain(shrunk, [1]).probability;
    expect(p1 - 0.75 + 0.5 * shrunk.weights[0]).toBeCloseTo(0, 6);
  });

  it('precision, recall and F1 of the failing class; 0 where undefined', () => {
    expect(classMetrics([true, true, false, false], [true, false, true, false])).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(classMetrics([true, false, false], [true, true, false])).toMatchObject({ precision: 1, recall: 0.5, f1: 2 / 3 });
    expect(classMetrics([false, false], [true, false])).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('ROC AUC is the share of (failed, passed) pairs ranked right, ties half; null with one class', () => {
    // Pairs: 0.9>0.8 ✓, 0.9>0.1 ✓, 0.3>0.8 ✗, 0.3>0.1 ✓ → 3/4.
    expect(rocAuc([0.9, 0.8, 0.3, 0.1], [true, false, true, false])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0.5, 0.5, 0.5], [true, false, false])).toBeCloseTo(0.5, 12);
    expect(rocAuc([1, 0], [true, false])).toBe(1);
    expect(rocAuc([1, 0], [true, true])).toBeNull();
  });

  it('the threshold is the one with the best training F1', () => {
    // Above 0.6 catches both failures and no pass: F1 1 from 0.41 to 0.6 → the lowest such threshold on the grid.
    expect(bestThreshold([0.9, 0.6, 0.4, 0.1], [true, true, false, false])).toBe(0.41);
  });
});
