/** A stretch of time an SLO was violated; `end` null = still open (counts up to the end of the range asked about). */
export interface Interval {
  start: Date;
  end: Date | null;
}

/** The burn-rate windows of the alerting policy below, in seconds. */
export const BURN_RATE_WINDOWS = { M5: 300, M30: 1800, H1: 3600, H2: 7200, H6: 21600, D1: 86400, D3: 259200 } as const;
export type BurnRateWindow = keyof typeof BURN_RATE_WINDOWS;

export type BurnAlert = 'PAGE' | 'TICKET' | 'OK';

export interface BurnRateRule {
  alert: Exclude<BurnAlert, 'OK'>;
  long: BurnRateWindow;
  short: BurnRateWindow;
  burnRate: number;
}

/**
 * The multiwindow, multi-burn-rate policy the Google SRE workbook recommends
 * for a 30-day SLO (ch. 5 "Alerting on SLOs", "Multiwindow, Multi-Burn-Rate
 * Alerts", https://sre.google/workbook/alerting-on-slos/): alert when both
 * the long and the short window burn at least this fast. The long window
 * makes the alert significant, the short one makes it stop soon after the
 * burning does. 14.4 over 1 h spends 2 % of a 30-day budget, 6 over 6 h 5 %,
 * 3 over 1 day 10 %, 1 over 3 days 10 %: the page and ticket alerts Sloth
 * generates (see prometheus-rules.rules.ts). The first rule that matches wins.
 */
export const BURN_RATE_POLICY: readonly BurnRateRule[] = [
  { alert: 'PAGE', long: 'H1', short: 'M5', burnRate: 14.4 },
  { alert: 'PAGE', long: 'H6', short: 'M30', burnRate: 6 },
  { alert: 'TICKET', long: 'D1', short: 'H2', burnRate: 3 },
  { alert: 'TICKET', long: 'D3', short: 'H6', burnRate: 1 },
];

export interface ErrorBudget {
  windowSeconds: number;
  /** (1 − objective) × window. */
  allowedBadSeconds: number;
  badSeconds: number;
  /** 1 − bad ÷ allowed: 1 untouched, 0 spent, below 0 overspent (the SLO is missed for this window). */
  remaining: number;
  /** bad ÷ allowed; above 1 when overspent. */
  consumed: number;
}

const DAY_SECONDS = 86_400;

/** Seconds of [from, to] covered by at least one violation: each is clipped to the range, overlaps count once. */
export function badSeconds(violations: Interval[], from: Date, to: Date): number {
  const lo = from.getTime();
  const hi = to.getTime();
  const clipped = violations
    .map((v) => [Math.max(v.start.getTime(), lo), Math.min(v.end?.getTime() ?? hi, hi)] as const)
    .filter(([start, end]) => end > start)
    .sort(([a], [b]) => a - b);
  let total = 0;
  let reached = -Infinity;
  for (const [start, end] of clipped) {
    if (end <= reached) continue;
    total += end - Math.max(start, reached);
    reached = end;
  }
  return total / 1000;
}

/** The error budget of an SLO over its window ending `now`; `objective` is a ratio (0.999). */
export function errorBudget(slo: { objective: number; windowDays: number }, violations: Interval[], now: Date): ErrorBudget {
  const windowSeconds = slo.windowDays * DAY_SECONDS;
  const allowedBadSeconds = allowedFraction(slo.objective) * windowSeconds;
  const bad = badSeconds(violations, new Date(now.getTime() - windowSeconds * 1000), now);
  const consumed = tidy(bad / allowedBadSeconds);
  return { windowSeconds, allowedBadSeconds, badSeconds: bad, remaining: tidy(1 - consumed), consumed };
}

/**
 * How fast the budget burns over the last `window`: 1 spends it exactly in
 * the SLO's window, 14.4 in a 30-day budget's 50 hours.
 */
export function burnRate(objective: number, violations: Interval[], window: BurnRateWindow, now: Date): number {
  const seconds = BURN_RATE_WINDOWS[window];
  const bad = badSeconds(violations, new Date(now.getTime() - seconds * 1000), now);
  return tidy(bad / seconds / allowedFraction(objective));
}

/**
 * What the burn rates call for under BURN_RATE_POLICY. A rate may be null
 * (unknown, e.g. Prometheus could not be read): a rule whose known windows
 * match fires anyway; otherwise, if a rule could not be decided for want of
 * a rate, the answer is null (unknown), never OK.
 */
export function burnAlert(rates: Record<BurnRateWindow, number | null>): BurnAlert | null {
  const fired = BURN_RATE_POLICY.find((r) => (rates[r.long] ?? -1) >= r.burnRate && (rates[r.short] ?? -1) >= r.burnRate);
  if (fired) return fired.alert;
  const undecided = BURN_RATE_POLICY.some((r) => {
    const known = [rates[r.long], rates[r.short]].filter((rate): rate is number => rate !== null);
    return known.length < 2 && known.every((rate) => rate >= r.burnRate);
  });
  return undecided ? null : 'OK';
}

/**
 * Rounds away binary noise (12 significant digits), so that a rate exactly at
 * a threshold meets it: 259.2 s of 3 days at 99.9 % is a burn of 1, not
 * 0.9999999999999998, and the 1× rules fire on it.
 */
export const tidy = (value: number): number => Number(value.toPrecision(12));

/** 1 − objective; an objective of 1 (or more) would leave no budget to divide by. */
export function allowedFraction(objective: number): number {
  if (!(objective > 0 && objective < 1)) throw new RangeError(`an SLO objective is a ratio between 0 and 1, not ${objective}`);
  return 1 - objective;
}
