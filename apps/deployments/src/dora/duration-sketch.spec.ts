import { addSketch, bucketOf, countOf, DurationSketch, medianOf, SKETCH_ACCURACY, sketchOf, valueOf } from './duration-sketch';

const HOUR = 3600;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/**
 * |actual − expected| ≤ SKETCH_ACCURACY × expected, null only for null. At a
 * bucket's edge the error is exactly 1 %, so the last bit of floating point is
 * let through (1e-9 of the tolerance).
 */
const expectWithin1Percent = (actual: number | null, expected: number | null) => {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(SKETCH_ACCURACY * Math.abs(expected) * (1 + 1e-9));
};

/** A seeded linear congruential generator (Numerical Recipes' constants): the same numbers in [0, 1) on every run. */
const lcg = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
};
/** `count` durations spread logarithmically between 1 s and `max` seconds. */
const randomDurations = (seed: number, count: number, max = 30 * DAY) => {
  const next = lcg(seed);
  return Array.from({ length: count }, () => max ** next());
};
const exactMedian = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

describe('bucketOf and valueOf', () => {
  // 5000 durations from 1 s to a year, evenly spread on a log scale, both ends included.
  const durations = Array.from({ length: 5000 }, (_, i) => YEAR ** (i / 4999));

  it('read back every duration from 1 s to a year within 1 %', () => {
    const worst = Math.max(...durations.map((seconds) => Math.abs(valueOf(bucketOf(seconds)) - seconds) / seconds));
    expect(worst).toBeLessThanOrEqual(SKETCH_ACCURACY * (1 + 1e-9));
    expect(durations[0]).toBe(1);
    expect(durations[4999]).toBe(YEAR);
  });

  it('never put a longer duration in an earlier bucket, nor read a later bucket as shorter', () => {
    const buckets = durations.map(bucketOf);
    const backwards = buckets.flatMap((bucket, i) =>
      i > 0 && (bucket < buckets[i - 1] || (bucket > buckets[i - 1] && valueOf(bucket) <= valueOf(buckets[i - 1]))) ? [durations[i]] : [],
    );
    expect(backwards).toEqual([]);
  });

  it('need 864 buckets from 1 s to a year, so a sketch stays small', () => {
    // ⌈ln(31 536 000 s) ÷ ln(1.01 ÷ 0.99)⌉ = 864.
    expect(new Set(durations.map(bucketOf)).size).toBe(864);
    expect(bucketOf(1)).toBe(1);
    expect(bucketOf(YEAR)).toBe(864);
  });

  it('read a duration under a second as 0, in bucket 0', () => {
    for (const seconds of [0, 0.001, 0.5, 0.999_999]) expect(bucketOf(seconds)).toBe(0);
    expect(valueOf(0)).toBe(0);
    expectWithin1Percent(valueOf(bucketOf(1)), 1);
  });

  it.each([-1, -0.5, NaN, Infinity, -Infinity])('refuse %p seconds with a RangeError naming it', (seconds) => {
    expect(() => bucketOf(seconds)).toThrow(RangeError);
    expect(() => bucketOf(seconds)).toThrow(`not ${seconds}`);
  });
});

describe('sketchOf, countOf and addSketch', () => {
  it('sketchOf counts durations per bucket', () => {
    expect(sketchOf([HOUR, HOUR, 2 * HOUR, 0.2])).toEqual({ [bucketOf(HOUR)]: 2, [bucketOf(2 * HOUR)]: 1, 0: 1 });
    expect(sketchOf([])).toEqual({});
  });

  it('sketchOf refuses an invalid duration among valid ones', () => {
    expect(() => sketchOf([HOUR, -60])).toThrow(RangeError);
  });

  it('countOf counts every duration in the sketch', () => {
    expect(countOf(sketchOf(randomDurations(1, 137)))).toBe(137);
    expect(countOf(sketchOf([0.1, 0.2, HOUR]))).toBe(3);
    expect(countOf({})).toBe(0);
  });

  it('addSketch adds counts bucket by bucket into its first sketch, returns it, and leaves the second as it was', () => {
    const into = sketchOf([HOUR, 2 * HOUR]);
    const from = sketchOf([HOUR, DAY]);
    expect(addSketch(into, from)).toBe(into);
    expect(into).toEqual({ [bucketOf(HOUR)]: 2, [bucketOf(2 * HOUR)]: 1, [bucketOf(DAY)]: 1 });
    expect(from).toEqual(sketchOf([HOUR, DAY]));
  });

  it('addSketch of the sketches of parts is the sketch of the whole, in any order', () => {
    const parts = [randomDurations(2, 40), randomDurations(3, 25), randomDurations(4, 60)];
    const whole = sketchOf(parts.flat());
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const order of orders) {
      const sum = order.reduce<DurationSketch>((into, i) => addSketch(into, sketchOf(parts[i])), {});
      expect(sum).toEqual(whole);
    }
  });

  it('a sketch survives a JSON round trip (it is stored as jsonb) with the same counts and median', () => {
    const sketch = sketchOf(randomDurations(5, 101));
    const stored: DurationSketch = JSON.parse(JSON.stringify(sketch));
    expect(stored).toEqual(sketch);
    expect(countOf(stored)).toBe(101);
    expect(medianOf(stored)).toBe(medianOf(sketch));
    expect(addSketch(stored, sketchOf([HOUR]))).toEqual(addSketch(sketchOf(randomDurations(5, 101)), sketchOf([HOUR])));
  });
});

describe('medianOf', () => {
  it('is the middle duration of an odd count, whatever the order', () => {
    expectWithin1Percent(medianOf(sketchOf([5])), 5);
    expectWithin1Percent(medianOf(sketchOf([3 * HOUR, HOUR, 2 * HOUR])), 2 * HOUR);
    expectWithin1Percent(medianOf(sketchOf([10, 1, 7, 3, 100])), 7);
  });

  it('is the mean of the two middle durations of an even count: 1 h, 2 h, 3 h and 1 d give 9000 s', () => {
    expectWithin1Percent(medianOf(sketchOf([HOUR, 2 * HOUR, 3 * HOUR, DAY])), 9000);
    expectWithin1Percent(medianOf(sketchOf([1, 2, 3, 10])), 2.5);
    expectWithin1Percent(medianOf(sketchOf([4, 1])), 2.5);
  });

  it('orders buckets as numbers, not as text', () => {
    // 2 s, 3 s and 9 s fall in buckets 35, 55 and 110: as text, "110" would come first.
    expect([2, 3, 9].map(bucketOf)).toEqual([35, 55, 110]);
    expectWithin1Percent(medianOf(sketchOf([9, 2, 3])), 3);
  });

  it('reads durations under a second as 0', () => {
    expect(medianOf(sketchOf([0.2, 0.4, 0.9]))).toBe(0);
    // (0 + 4 s) ÷ 2.
    expectWithin1Percent(medianOf(sketchOf([0.5, 4])), 2);
  });

  it('is null for an empty sketch', () => {
    expect(medianOf({})).toBeNull();
    expect(medianOf(sketchOf([]))).toBeNull();
  });

  it('leaves the sketch as it was', () => {
    const sketch = sketchOf([3, 1, 2]);
    medianOf(sketch);
    expect(sketch).toEqual(sketchOf([1, 2, 3]));
  });

  it.each([
    [12, 2],
    [13, 3],
    [14, 10],
    [15, 11],
    [16, 100],
    [17, 1001],
    [18, 5000],
  ])('agrees within 1 %% with the exact median of random durations (seed %i: %i of them)', (seed, count) => {
    const durations = randomDurations(seed, count);
    expectWithin1Percent(medianOf(sketchOf(durations)), exactMedian(durations));
  });

  it('agrees within 1 % with the exact median of random whole minutes, ties included', () => {
    const next = lcg(19);
    const minutes = Array.from({ length: 400 }, () => 60 * (1 + Math.floor(next() * 90)));
    expectWithin1Percent(medianOf(sketchOf(minutes)), exactMedian(minutes));
  });
});
