import { Period } from './dora-metrics.rules';

export type Granularity = 'DAY' | 'WEEK' | 'MONTH';

/**
 * Consecutive buckets that cover the period exactly: days, weeks starting on
 * Monday, or calendar months, each starting at local midnight in `timeZone`
 * (an IANA name). The first and last buckets are cut to the period, so a
 * period starting on a Wednesday opens with a Wednesday-to-Monday bucket; a
 * bucket's rates (deployments per day) then use its own length. Days around
 * a daylight-saving change are 23 or 25 hours long.
 */
export function bucketsOf(period: Period, granularity: Granularity, timeZone = 'UTC'): Period[] {
  const end = period.to.getTime();
  let from = period.from.getTime();
  if (!(end > from)) throw new RangeError(`a period must end after it starts: ${period.from.toISOString()} – ${period.to.toISOString()}`);
  const buckets: Period[] = [];
  while (from < end) {
    const next = nextBoundary(from, granularity, timeZone);
    // Never loop forever on a time-zone rule this code does not foresee.
    if (next <= from) throw new Error(`no ${granularity} boundary after ${new Date(from).toISOString()} in ${timeZone}`);
    buckets.push({ from: new Date(from), to: new Date(Math.min(next, end)) });
    from = next;
  }
  return buckets;
}

/** The period of the same length that ends where this one starts ("vs the previous 30 days", not "vs the previous calendar month"). */
export function previousPeriod(period: Period): Period {
  const length = period.to.getTime() - period.from.getTime();
  return { from: new Date(period.from.getTime() - length), to: new Date(period.from.getTime()) };
}

/** The first instant after `at` that starts a new day, week or month in the time zone. */
function nextBoundary(at: number, granularity: Granularity, timeZone: string): number {
  const { year, month, day } = localDate(at, timeZone);
  if (granularity === 'MONTH') return startOfLocalDay(year, month + 1, 1, timeZone);
  if (granularity === 'DAY') return startOfLocalDay(year, month, day + 1, timeZone);
  const daysSinceMonday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return startOfLocalDay(year, month, day + 7 - daysSinceMonday, timeZone);
}

/**
 * The first instant of a calendar date in the time zone (month 1–12; days and
 * months past their end roll over, as with Date.UTC): local midnight, found by
 * guessing the offset and checking it once more. Where the clocks jump
 * forward at midnight (America/Santiago in September) there is no local
 * midnight and the day starts at the jump, 01:00.
 */
function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  const wallClock = Date.UTC(year, month - 1, day);
  const guess = wallClock - offsetMs(wallClock, timeZone);
  const midnight = wallClock - offsetMs(guess, timeZone);
  return offsetMs(midnight, timeZone) === wallClock - midnight ? midnight : Math.max(guess, midnight);
}

function localDate(at: number, timeZone: string): { year: number; month: number; day: number } {
  const local = new Date(at + offsetMs(at, timeZone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far the time zone's wall clock is ahead of UTC at an instant, in ms (Europe/Berlin in summer: 2 h). */
function offsetMs(at: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  let format = formatters.get(timeZone);
  if (!format) {
    const twoDigits = '2-digit' as const;
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: twoDigits,
      day: twoDigits,
      hour: twoDigits,
      minute: twoDigits,
      second: twoDigits,
    });
    formatters.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, Number(p.value)]));
  const wallClock = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
  return wallClock - (at - (((at % 1000) + 1000) % 1000));
}
