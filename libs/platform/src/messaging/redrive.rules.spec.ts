import { chunkBySize, MAX_CHECK_INTERVAL_MS, nextCheckDelayMs, settle } from './redrive.rules';

describe('settle', () => {
  it('re-enqueues as soon as one job is gone, whatever the others did', () => {
    expect(settle(['completed', 'unknown'])).toBe('lost');
    expect(settle(['unknown'])).toBe('lost');
  });

  it('confirms only when every job completed', () => {
    expect(settle(['completed', 'completed'])).toBe('completed');
    expect(settle(['completed', 'active'])).toBe('pending');
  });

  it('settles as failed once every job finished and one failed for good', () => {
    expect(settle(['failed', 'completed'])).toBe('failed');
    expect(settle(['failed', 'delayed'])).toBe('pending');
  });

  it('waits for waiting, delayed and prioritized jobs', () => {
    expect(settle(['waiting'])).toBe('pending');
    expect(settle(['delayed'])).toBe('pending');
    expect(settle(['prioritized'])).toBe('pending');
  });
});

describe('nextCheckDelayMs', () => {
  it('doubles from 5 s and stops at 5 minutes', () => {
    expect([0, 1, 2, 3].map(nextCheckDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(nextCheckDelayMs(6)).toBe(MAX_CHECK_INTERVAL_MS);
    expect(nextCheckDelayMs(10_000)).toBe(MAX_CHECK_INTERVAL_MS);
  });
});

describe('chunkBySize', () => {
  it('cuts by row count and by bytes; an oversized row goes alone', () => {
    const rows = [1, 1, 1, 10, 1, 1];
    expect(chunkBySize(rows, (n) => n, 2, 5)).toEqual([[1, 1], [1], [10], [1, 1]]);
    expect(chunkBySize([], (n: number) => n, 2, 5)).toEqual([]);
  });
});
