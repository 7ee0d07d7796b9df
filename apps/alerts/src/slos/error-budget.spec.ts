import { badSeconds, burnAlert, burnRate, BurnRateWindow, errorBudget, Interval } from './error-budget';

const now = new Date('2026-01-31T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
/** A violation from `from` to `to` minutes before now; `to` null = still open. */
const violation = (from: number, to: number | null): Interval => ({ start: minutesAgo(from), end: to === null ? null : minutesAgo(to) });
const checkout = { objective: 0.999, windowDays: 30 };

describe('badSeconds', () => {
  const from = minutesAgo(60);

  it('adds up disjoint violations', () => {
    expect(badSeconds([violation(50, 40), violation(20, 15)], from, now)).toBe(15 * 60);
  });

  it('counts overlapping and nested violations once', () => {
    expect(badSeconds([violation(50, 30), violation(40, 20), violation(35, 33), violation(20, 10)], from, now)).toBe(40 * 60);
  });

  it('counts a violation that started before the range only inside it', () => {
    expect(badSeconds([violation(90, 50)], from, now)).toBe(10 * 60);
  });

  it('counts an open violation up to the end of the range', () => {
    expect(badSeconds([violation(10, null)], from, now)).toBe(10 * 60);
    expect(badSeconds([violation(10, null)], from, minutesAgo(5))).toBe(5 * 60);
  });

  it('ignores violations outside the range, and empty ones', () => {
    expect(badSeconds([violation(120, 61), violation(30, 30)], from, now)).toBe(0);
    expect(badSeconds([], from, now)).toBe(0);
  });
});

describe('errorBudget', () => {
  it('allows 43.2 minutes a month at 99.9 %', () => {
    const budget = errorBudget(checkout, [], now);
    expect(budget.windowSeconds).toBe(30 * 86_400);
    expect(budget.allowedBadSeconds).toBeCloseTo(2592, 6);
    expect(budget).toMatchObject({ badSeconds: 0, remaining: 1, consumed: 0 });
  });

  it('has half its budget left after 21.6 bad minutes', () => {
    const budget = errorBudget(checkout, [{ start: minutesAgo(600), end: new Date(minutesAgo(600).getTime() + 1296_000) }], now);
    expect(budget.badSeconds).toBe(1296);
    expect(budget.remaining).toBeCloseTo(0.5, 9);
    expect(budget.consumed).toBeCloseTo(0.5, 9);
  });

  it('counts only the part of the window that the SLO covers, an open violation up to now', () => {
    const windowStart = 30 * 24 * 60;
    const budget = errorBudget(checkout, [violation(windowStart + 100, windowStart - 10), violation(5, null)], now);
    expect(budget.badSeconds).toBe(15 * 60);
  });

  it('goes below zero when the budget is overspent', () => {
    const budget = errorBudget({ objective: 0.999, windowDays: 28 }, [violation(24 * 60, 0)], now);
    expect(budget.allowedBadSeconds).toBeCloseTo(2419.2, 6);
    expect(budget.consumed).toBeCloseTo(86_400 / 2419.2, 9);
    expect(budget.remaining).toBeLessThan(0);
  });

  it('refuses an objective that leaves no budget', () => {
    expect(() => errorBudget({ objective: 1, windowDays: 30 }, [], now)).toThrow(RangeError);
    expect(() => errorBudget({ objective: 99.9, windowDays: 30 }, [], now)).toThrow('not 99.9');
  });
});

describe('burnRate', () => {
  it('is 83.3 over the last hour with 5 bad minutes at 99.9 %', () => {
    expect(burnRate(0.999, [violation(30, 25)], 'H1', now)).toBeCloseTo(83.33, 2);
  });

  it('is 1 when the window is bad exactly as often as the objective allows', () => {
    // 0.1 % of 3 days = 259.2 s
    expect(burnRate(0.999, [{ start: minutesAgo(60), end: new Date(minutesAgo(60).getTime() + 259_200) }], 'D3', now)).toBeCloseTo(1, 9);
  });

  it('sees only its own window', () => {
    const violations = [violation(40, 35)];
    expect(burnRate(0.999, violations, 'M5', now)).toBe(0);
    expect(burnRate(0.999, violations, 'M30', now)).toBe(0);
    expect(burnRate(0.999, violations, 'H1', now)).toBeCloseTo(83.33, 2);
    expect(burnRate(0.99, [violation(3, null)], 'M5', now)).toBeCloseTo(60, 9);
  });
});

describe("the issue's example: an alert firing 259.2 s at 99.9 % (alert-time model)", () => {
  // 0.1 % of 3 days is 259.2 s: each second of alert counts as a total outage.
  const outage = (endedMinutesAgo: number): Interval[] => [
    { start: new Date(now.getTime() - endedMinutesAgo * 60_000 - 259_200), end: minutesAgo(endedMinutesAgo) },
  ];

  it('spends 10 % of a 30-day budget (259.2 of 2592 s): remaining 0.9', () => {
    const budget = errorBudget(checkout, outage(120), now);
    expect(budget.badSeconds).toBeCloseTo(259.2, 9);
    expect(budget.remaining).toBeCloseTo(0.9, 9);
  });

  it('sets the 3 d burn to 1.0 for three days, the 6 h burn to 12 for six hours, the 1 h burn to 72 for an hour', () => {
    expect(burnRate(0.999, outage(30), 'D3', now)).toBeCloseTo(1, 9);
    expect(burnRate(0.999, outage(30), 'H6', now)).toBeCloseTo(12, 9);
    expect(burnRate(0.999, outage(30), 'H1', now)).toBeCloseTo(72, 9);
    expect(burnRate(0.999, outage(30), 'M5', now)).toBe(0);
    // 7 h later: the 3 d window still holds it, the 6 h one no longer does.
    expect(burnRate(0.999, outage(7 * 60), 'D3', now)).toBeCloseTo(1, 9);
    expect(burnRate(0.999, outage(7 * 60), 'H6', now)).toBe(0);
    // 3 days and a minute later it is out of every window.
    expect(burnRate(0.999, outage(3 * 24 * 60 + 1), 'D3', now)).toBe(0);
  });

  it('calls for a ticket (1× over 3 d and 6 h) only while the 6 h window holds it', () => {
    const windows = ['M5', 'M30', 'H1', 'H2', 'H6', 'D1', 'D3'] as BurnRateWindow[];
    const ratesAfter = (minutes: number) => Object.fromEntries(windows.map((w) => [w, burnRate(0.999, outage(minutes), w, now)])) as Record<BurnRateWindow, number>;
    // 30 min after: D1 = 259.2 ÷ 86 400 ÷ 0.001 = 3 and H2 = 36 → the 3× (1d & 2h) ticket.
    expect(burnAlert(ratesAfter(30))).toBe('TICKET');
    expect(burnAlert(ratesAfter(7 * 60))).toBe('OK');
  });
});

describe('burnAlert', () => {
  const rates = (r: Partial<Record<BurnRateWindow, number | null>>) => ({ M5: 0, M30: 0, H1: 0, H2: 0, H6: 0, D1: 0, D3: 0, ...r });

  it('pages on a fast burn: 1 h and 5 min both at 14.4 or more', () => {
    expect(burnAlert(rates({ H1: 14.4, M5: 20 }))).toBe('PAGE');
  });

  it('pages on a slower burn: 6 h and 30 min both at 6 or more', () => {
    expect(burnAlert(rates({ H6: 6, M30: 6.5 }))).toBe('PAGE');
  });

  it('opens a ticket on a slow burn: 3 days and 6 h both at 1 or more', () => {
    expect(burnAlert(rates({ D3: 1, H6: 2 }))).toBe('TICKET');
  });

  it('opens a ticket on a 3× burn over 1 day and 2 h (Sloth\'s first ticket alert)', () => {
    expect(burnAlert(rates({ D1: 3, H2: 4 }))).toBe('TICKET');
    expect(burnAlert(rates({ D1: 3, H2: 2.9 }))).toBe('OK');
  });

  it('is unknown (null) when a rate it needs is unknown, never OK; a rule that fires on known rates still fires', () => {
    expect(burnAlert(rates({ M5: null }))).toBe('OK'); // the 5m rule cannot fire: its long window (1h) is 0
    expect(burnAlert(rates({ M5: null, H1: 20 }))).toBeNull();
    expect(burnAlert(rates({ M5: null, H1: null, M30: null, H6: null, H2: null, D1: null, D3: null }))).toBeNull();
    expect(burnAlert(rates({ M5: null, H6: 7, M30: 8 }))).toBe('PAGE');
  });

  it('is OK below every threshold', () => {
    expect(burnAlert(rates({ M5: 14, H1: 14, M30: 5.9, H6: 5.9, D3: 0.99 }))).toBe('OK');
  });

  it('does not page when only the long window is high (the burning has stopped)', () => {
    expect(burnAlert(rates({ H1: 30, M5: 0 }))).toBe('OK');
    expect(burnAlert(rates({ H6: 10, M30: 1, D3: 0.5 }))).toBe('OK');
    // Still worth a ticket when the 3-day burn is high too.
    expect(burnAlert(rates({ H1: 30, M5: 0, H6: 10, M30: 1, D3: 2 }))).toBe('TICKET');
  });

  it('does not page when only the short window is high (a blip)', () => {
    expect(burnAlert(rates({ M5: 100, H1: 2 }))).toBe('OK');
  });
});
