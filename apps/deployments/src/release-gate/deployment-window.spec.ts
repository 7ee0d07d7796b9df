import { checkDeploymentWindow, DeploymentWindowPolicy, formatClock, localClock } from './deployment-window';

// Mon–Fri 09:00–16:00, Friday until 12:00 (the numbers of RELEASE_GATE_POLICY.window).
const window: DeploymentWindowPolicy = { closedDays: ['SAT', 'SUN'], opensAtHour: 9, closesAtHour: 16, fridayClosesAtHour: 12 };
const at = (iso: string) => new Date(iso);

describe('localClock', () => {
  it('reads weekday, hour and minute in UTC', () => {
    expect(localClock(at('2026-02-03T09:05:00Z'), 'UTC')).toEqual({ weekday: 'TUE', hour: 9, minute: 5 });
  });

  it('follows daylight saving in Europe/Berlin (UTC+1 in winter, UTC+2 from the last Sunday of March)', () => {
    expect(localClock(at('2026-03-27T07:30:00Z'), 'Europe/Berlin')).toEqual({ weekday: 'FRI', hour: 8, minute: 30 });
    expect(localClock(at('2026-03-30T07:30:00Z'), 'Europe/Berlin')).toEqual({ weekday: 'MON', hour: 9, minute: 30 });
    // the night of the change: 01:59 CET is followed by 03:00 CEST
    expect(localClock(at('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toEqual({ weekday: 'SUN', hour: 1, minute: 59 });
    expect(localClock(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toEqual({ weekday: 'SUN', hour: 3, minute: 0 });
  });

  it('reads midnight as hour 0, never 24', () => {
    expect(localClock(at('2026-02-02T23:00:00Z'), 'Europe/Berlin')).toEqual({ weekday: 'TUE', hour: 0, minute: 0 });
  });

  it('crosses the date line: Sunday evening in UTC is Monday morning in Auckland', () => {
    expect(localClock(at('2026-02-01T21:00:00Z'), 'Pacific/Auckland')).toEqual({ weekday: 'MON', hour: 10, minute: 0 });
  });

  it('refuses an unknown time zone and an invalid date', () => {
    expect(() => localClock(at('2026-02-03T10:00:00Z'), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => localClock(new Date(Number.NaN), 'UTC')).toThrow(RangeError);
  });
});

describe('checkDeploymentWindow', () => {
  const check = (iso: string, timeZone = 'UTC') => checkDeploymentWindow(at(iso), timeZone, window);

  it('is open on a weekday between 09:00 and 15:59', () => {
    expect(check('2026-02-03T09:00:00Z')).toMatchObject({ open: true, closedBecause: null });
    expect(check('2026-02-03T15:59:59Z')).toMatchObject({ open: true, closedBecause: null });
  });

  it('names why it is closed', () => {
    expect(check('2026-02-03T08:59:59Z').closedBecause).toBe('BEFORE_HOURS');
    expect(check('2026-02-03T16:00:00Z').closedBecause).toBe('AFTER_HOURS');
    expect(check('2026-02-06T12:00:00Z').closedBecause).toBe('FRIDAY_AFTERNOON');
    expect(check('2026-02-07T10:00:00Z').closedBecause).toBe('WEEKEND');
    expect(check('2026-02-08T10:00:00Z').closedBecause).toBe('WEEKEND');
  });

  it('gives the first reason when several apply: weekend, then Friday afternoon, then hours', () => {
    expect(check('2026-02-07T20:00:00Z').closedBecause).toBe('WEEKEND');
    expect(check('2026-02-06T17:00:00Z').closedBecause).toBe('FRIDAY_AFTERNOON');
  });

  it('reads the window in the given zone', () => {
    // Friday 11:00 UTC is open in UTC and already Saturday 00:00 in Auckland.
    expect(check('2026-02-06T11:00:00Z').open).toBe(true);
    expect(check('2026-02-06T11:00:00Z', 'Pacific/Auckland')).toMatchObject({ open: false, closedBecause: 'WEEKEND' });
    expect(check('2026-02-01T21:00:00Z', 'Pacific/Auckland').open).toBe(true);
  });
});

describe('formatClock', () => {
  it('pads hours and minutes', () => {
    expect(formatClock({ weekday: 'FRI', hour: 9, minute: 5 })).toBe('FRI 09:05');
  });
});
