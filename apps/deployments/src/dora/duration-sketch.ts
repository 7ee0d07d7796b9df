/**
 * Durations (lead times, times to restore) kept as counts per logarithmic
 * bucket, so days can be added up and a median read from the sum without
 * keeping every value: the idea of DDSketch (Masson, Rim & Lee, VLDB 2019).
 * Bucket k holds durations in (γ^(k−1), γ^k] seconds and stands for
 * 2γ^k ÷ (γ + 1), which is within SKETCH_ACCURACY (1 %) of every duration in
 * it; durations under a second are bucket 0 and stand for 0. A year of daily
 * rollups then needs a few hundred counts per day instead of every
 * deployment. (Google's Four Keys reads its medians with BigQuery's
 * APPROX_QUANTILES for the same reason.)
 *
 * Stored as JSON: `{ "<bucket>": count }`.
 */
export type DurationSketch = Record<string, number>;

/** Relative accuracy of every duration read back from a sketch. */
export const SKETCH_ACCURACY = 0.01;
const GAMMA = (1 + SKETCH_ACCURACY) / (1 - SKETCH_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);

/** The bucket of a duration in seconds (≥ 0). */
export function bucketOf(seconds: number): number {
  if (!(seconds >= 0) || !Number.isFinite(seconds)) throw new RangeError(`a duration is a finite number of seconds ≥ 0, not ${seconds}`);
  if (seconds < 1) return 0;
  return Math.max(1, Math.ceil(Math.log(seconds) / LOG_GAMMA));
}

/** The duration a bucket stands for. */
export function valueOf(bucket: number): number {
  return bucket === 0 ? 0 : (2 * GAMMA ** bucket) / (GAMMA + 1);
}

export function sketchOf(durations: Iterable<number>): DurationSketch {
  const sketch: DurationSketch = {};
  for (const seconds of durations) {
    const key = bucketOf(seconds);
    sketch[key] = (sketch[key] ?? 0) + 1;
  }
  return sketch;
}

/** Adds `from` into `into` (and returns it). */
export function addSketch(into: DurationSketch, from: DurationSketch): DurationSketch {
  for (const key in from) into[key] = (into[key] ?? 0) + from[key];
  return into;
}

export function countOf(sketch: DurationSketch): number {
  let total = 0;
  for (const key in sketch) total += sketch[key];
  return total;
}

/**
 * The median: the middle duration, or with an even count the mean of the two
 * middle ones (each read as its bucket's value); null for an empty sketch.
 */
export function medianOf(sketch: DurationSketch): number | null {
  const total = countOf(sketch);
  if (total === 0) return null;
  const buckets = Object.keys(sketch)
    .map(Number)
    .sort((a, b) => a - b);
  const lower = Math.floor((total - 1) / 2);
  const upper = Math.floor(total / 2);
  return (valueAtRank(sketch, buckets, lower) + valueAtRank(sketch, buckets, upper)) / 2;
}

/** The value of the duration at a 0-based rank in sorted order. */
function valueAtRank(sketch: DurationSketch, sortedBuckets: number[], rank: number): number {
  let seen = 0;
  for (const bucket of sortedBuckets) {
    seen += sketch[bucket];
    if (rank < seen) return valueOf(bucket);
  }
  throw new RangeError(`rank ${rank} is beyond the sketch's ${seen} durations`);
}
