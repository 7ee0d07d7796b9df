/**
 * A small logistic regression, written out: features standardised on the
 * training set, weights fitted by full-batch gradient descent on the mean
 * log loss with an L2 penalty (the bias is not penalised), and the metrics
 * used to compare it with a baseline (precision, recall and F1 of the
 * failing class, ROC AUC). Pure and deterministic: no randomness.
 */

/** One labelled example: feature values (null = unknown) and whether the run failed. */
export interface Example {
  values: (number | null)[];
  failed: boolean;
}

export interface LogisticModel {
  /** Per feature: the training mean and standard deviation used to standardise it. */
  means: number[];
  stds: number[];
  /** Per feature: the weight on its standardised value (log-odds per standard deviation). */
  weights: number[];
  bias: number;
}

export interface TrainOptions {
  /** L2 penalty λ in mean log loss + λ/2 · ‖w‖². */
  l2: number;
  learningRate: number;
  maxIterations: number;
  /** Stops when every gradient component is below this. */
  tolerance: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { l2: 0.01, learningRate: 0.5, maxIterations: 2000, tolerance: 1e-6 };

export const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Mean and (population) standard deviation of the known values of each feature; a constant feature gets std 1. */
export function standardisation(examples: Example[], featureCount: number): { means: number[]; stds: number[] } {
  const means: number[] = [];
  const stds: number[] = [];
  for (let j = 0; j < featureCount; j++) {
    const known = examples.map((e) => e.values[j]).filter((v): v is number => v !== null && Number.isFinite(v));
    const mean = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
    const variance = known.length ? known.reduce((a, b) => a + (b - mean) ** 2, 0) / known.length : 0;
    means.push(mean);
    stds.push(variance > 1e-12 ? Math.sqrt(variance) : 1);
  }
  return { means, stds };
}

/** Standardised values; an unknown value sits at the mean (0), so it moves the prediction neither way. */
export function standardise(values: (number | null)[], means: number[], stds: number[]): number[] {
  return means.map((mean, j) => {
    const v = values[j];
    return v === null || v === undefined || !Number.isFinite(v) ? 0 : (v - mean) / stds[j];
  });
}

/** Fits the model by gradient descent. Throws a RangeError on an empty training set. */
export function train(examples: Example[], featureCount: number, options: TrainOptions = DEFAULT_TRAIN_OPTIONS): LogisticModel {
  if (!examples.length) throw new RangeError('cannot train on no examples');
  const { means, stds } = standardisation(examples, featureCount);
  const xs = examples.map((e) => standardise(e.values, means, stds));
  const ys = examples.map((e) => (e.failed ? 1 : 0));
  const n = examples.length;
  const weights = new Array<number>(featureCount).fill(0);
  let bias = 0;
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    const gradient = new Array<number>(featureCount).fill(0);
    let gradientBias = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      let z = bias;
      for (let j = 0; j < featureCount; j++) z += weights[j] * x[j];
      const error = sigmoid(z) - ys[i];
      gradientBias += error;
      for (let j = 0; j < featureCount; j++) gradient[j] += error * x[j];
    }
    let largest = Math.abs(gradientBias / n);
    bias -= options.learningRate * (gradientBias / n);
    for (let j = 0; j < featureCount; j++) {
      const g = gradient[j] / n + options.l2 * weights[j];
      largest = Math.max(largest, Math.abs(g));
      weights[j] -= options.learningRate * g;
    }
    if (largest < options.tolerance) break;
  }
  return { means, stds, weights, bias };
}

/** Each feature's contribution to the log-odds (weight × standardised value), and the probability of failure. */
export function explain(model: LogisticModel, values: (number | null)[]): { probability: number; contributions: number[] } {
  const x = standardise(values, model.means, model.stds);
  const contributions = model.weights.map((w, j) => w * x[j]);
  return { probability: sigmoid(model.bias + contributions.reduce((a, b) => a + b, 0)), contributions };
}

export const predict = (model: LogisticModel, values: (number | null)[]) => explain(model, values).probability;

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/** Precision, recall and F1 of the failing class; 0 where undefined (no predicted or no actual failures), as scikit-learn's zero_division=0. */
export function classMetrics(predicted: boolean[], actual: boolean[]): ClassMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < actual.length; i++) {
    if (predicted[i] && actual[i]) tp++;
    else if (predicted[i]) fp++;
    else if (actual[i]) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, truePositives: tp, falsePositives: fp, falseNegatives: fn };
}

/**
 * ROC AUC: the probability that a failed run scores above a passed one
 * (Mann–Whitney, ties counted half). Null when either class is absent.
 */
export function rocAuc(scores: number[], actual: boolean[]): number | null {
  const positives = actual.filter(Boolean).length;
  const negatives = actual.length - positives;
  if (!positives || !negatives) return null;
  const order = scores.map((score, i) => ({ score, failed: actual[i] })).sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j].score === order[i].score) j++;
    const averageRank = (i + 1 + j) / 2; // ranks i+1 … j share their mean
    for (let k = i; k < j; k++) if (order[k].failed) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The probability threshold (0.05 … 0.95 by 0.01) with the best failing-class F1 on the given scores; ties keep the lower one. */
export function bestThreshold(scores: number[], actual: boolean[]): number {
  let best = 0.5;
  let bestF1 = -1;
  for (let t = 5; t <= 95; t++) {
    const threshold = t / 100;
    const { f1 } = classMetrics(
      scores.map((s) => s >= threshold),
      actual,
    );
    if (f1 > bestF1 + 1e-12) {
      bestF1 = f1;
      best = threshold;
    }
  }
  return best;
}
