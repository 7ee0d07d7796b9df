import { Period } from './dora-metrics.rules';
import { bucketsOf, previousPeriod } from './granularity';

const at = (iso: string) => new Date(iso);
const period = (from: string, to: string): Period => ({ from: at(from), to: at(to) });
/** Buckets as 'from → to' ISO strings, easier to read in a failure. */
const spans = (buckets: Period[]) => buckets.map((b) => `${b.from.toISOString()} → ${b.to.toISOString()}`);

describe('bucketsOf', () => {
  it('cuts a period into UTC days', () => {
    expect(spans(bucketsOf(period('2026-03-01T00:00:00Z', '2026-03-04T00:00:00Z'), 'DAY'))).toEqual([
      '2026-03-01T00:00:00.000Z → 2026-03-02T00:00:00.000Z',
      '2026-03-02T00:00:00.000Z → 2026-03-03T00:00:00.000Z',
      '2026-03-03T00:00:00.000Z → 2026-03-04T00:00:00.000Z',
    ]);
  });

  it('cuts the first and last bucket to the period', () => {
    expect(spans(bucketsOf(period('2026-03-01T18:00:00Z', '2026-03-03T06:00:00Z'), 'DAY'))).toEqual([
      '2026-03-01T18:00:00.000Z → 2026-03-02T00:00:00.000Z',
      '2026-03-02T00:00:00.000Z → 2026-03-03T00:00:00.000Z',
      '2026-03-03T00:00:00.000Z → 2026-03-03T06:00:00.000Z',
    ]);
  });

  it('starts weeks on Monday', () => {
    // Wednesday 4 March to Wednesday 18 March 2026.
    expect(spans(bucketsOf(period('2026-03-04T00:00:00Z', '2026-03-18T00:00:00Z'), 'WEEK'))).toEqual([
      '2026-03-04T00:00:00.000Z → 2026-03-09T00:00:00.000Z',
      '2026-03-09T00:00:00.000Z → 2026-03-16T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z → 2026-03-18T00:00:00.000Z',
    ]);
  });

  it('starts the next week on the following Monday when the period starts on a Monday or a Sunday', () => {
    expect(spans(bucketsOf(period('2026-03-02T00:00:00Z', '2026-03-16T00:00:00Z'), 'WEEK'))).toEqual([
      '2026-03-02T00:00:00.000Z → 2026-03-09T00:00:00.000Z',
      '2026-03-09T00:00:00.000Z → 2026-03-16T00:00:00.000Z',
    ]);
    expect(spans(bucketsOf(period('2026-03-08T12:00:00Z', '2026-03-10T00:00:00Z'), 'WEEK'))).toEqual([
      '2026-03-08T12:00:00.000Z → 2026-03-09T00:00:00.000Z',
      '2026-03-09T00:00:00.000Z → 2026-03-10T00:00:00.000Z',
    ]);
  });

  it('cuts calendar months across a year end, February included', () => {
    expect(spans(bucketsOf(period('2025-11-15T00:00:00Z', '2026-03-01T00:00:00Z'), 'MONTH'))).toEqual([
      '2025-11-15T00:00:00.000Z → 2025-12-01T00:00:00.000Z',
      '2025-12-01T00:00:00.000Z → 2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z → 2026-02-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z → 2026-03-01T00:00:00.000Z',
    ]);
  });

  it('has 29 days in February of a leap year', () => {
    const [february] = bucketsOf(period('2028-02-01T00:00:00Z', '2028-03-01T00:00:00Z'), 'MONTH');
    expect(february.to.getTime() - february.from.getTime()).toBe(29 * 86_400_000);
  });

  it('starts days, weeks and months at local midnight in a time zone', () => {
    // Europe/Berlin is UTC+1 in winter.
    expect(spans(bucketsOf(period('2025-12-30T23:00:00Z', '2026-01-01T23:00:00Z'), 'DAY', 'Europe/Berlin'))).toEqual([
      '2025-12-30T23:00:00.000Z → 2025-12-31T23:00:00.000Z',
      '2025-12-31T23:00:00.000Z → 2026-01-01T23:00:00.000Z',
    ]);
    // 1 January 2026 is a Thursday; the next Monday is 5 January.
    expect(spans(bucketsOf(period('2025-12-31T23:00:00Z', '2026-01-06T00:00:00Z'), 'WEEK', 'Europe/Berlin'))).toEqual([
      '2025-12-31T23:00:00.000Z → 2026-01-04T23:00:00.000Z',
      '2026-01-04T23:00:00.000Z → 2026-01-06T00:00:00.000Z',
    ]);
    expect(spans(bucketsOf(period('2025-12-15T00:00:00Z', '2026-01-15T00:00:00Z'), 'MONTH', 'America/New_York'))).toEqual([
      '2025-12-15T00:00:00.000Z → 2026-01-01T05:00:00.000Z',
      '2026-01-01T05:00:00.000Z → 2026-01-15T00:00:00.000Z',
    ]);
  });

  it('gives the daylight-saving days in a time zone 23 and 25 hours', () => {
    // Berlin: clocks go forward on 29 March 2026 and back on 25 October 2026.
    const hours = (p: Period) => (p.to.getTime() - p.from.getTime()) / 3_600_000;
    const march = bucketsOf(period('2026-03-27T23:00:00Z', '2026-03-30T22:00:00Z'), 'DAY', 'Europe/Berlin');
    expect(march.map(hours)).toEqual([24, 23, 24]);
    expect(march[2].from.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    const october = bucketsOf(period('2026-10-23T22:00:00Z', '2026-10-26T23:00:00Z'), 'DAY', 'Europe/Berlin');
    expect(october.map(hours)).toEqual([24, 25, 24]);
    // March in Berlin is one hour short: 743 h.
    expect(bucketsOf(period('2026-02-28T23:00:00Z', '2026-03-31T22:00:00Z'), 'MONTH', 'Europe/Berlin').map(hours)).toEqual([743]);
  });

  it('starts a day at 01:00 where the clocks jump forward at midnight', () => {
    // America/Santiago skipped from 7 September 2024 23:59:59 (UTC−4) to 8 September 01:00 (UTC−3).
    expect(spans(bucketsOf(period('2024-09-07T04:00:00Z', '2024-09-09T03:00:00Z'), 'DAY', 'America/Santiago'))).toEqual([
      '2024-09-07T04:00:00.000Z → 2024-09-08T04:00:00.000Z',
      '2024-09-08T04:00:00.000Z → 2024-09-09T03:00:00.000Z',
    ]);
  });

  it('covers the period with consecutive buckets, whatever the granularity', () => {
    const year = period('2025-07-17T05:43:00Z', '2026-07-17T05:43:00Z');
    for (const granularity of ['DAY', 'WEEK', 'MONTH'] as const) {
      const buckets = bucketsOf(year, granularity, 'Europe/Berlin');
      expect(buckets[0].from).toEqual(year.from);
      expect(buckets[buckets.length - 1].to).toEqual(year.to);
      buckets.slice(1).forEach((b, i) => expect(b.from).toEqual(buckets[i].to));
      expect(buckets.every((b) => b.to > b.from)).toBe(true);
    }
    expect(bucketsOf(year, 'DAY')).toHaveLength(366); // 365 midnights crossed
    expect(bucketsOf(year, 'MONTH')).toHaveLength(13);
  });

  it('refuses an empty period and an unknown time zone', () => {
    expect(() => bucketsOf(period('2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z'), 'DAY')).toThrow(RangeError);
    expect(() => bucketsOf(period('2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z'), 'DAY', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('previousPeriod', () => {
  it('is the same length, ending where the period starts', () => {
    const week = period('2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z');
    expect(previousPeriod(week)).toEqual(period('2026-02-23T00:00:00Z', '2026-03-02T00:00:00Z'));
  });

  it('goes back 31 days for March, so it is not the calendar month before', () => {
    const march = period('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z');
    expect(previousPeriod(march)).toEqual(period('2026-01-29T00:00:00Z', '2026-03-01T00:00:00Z'));
  });
});
