export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';

/** What a wall clock in some time zone shows at an instant. */
export interface LocalClock {
  weekday: Weekday;
  /** 0–23. */
  hour: number;
  minute: number;
}

/**
 * When production deployments may start, in local time. Hours are whole:
 * `opensAtHour: 9` opens at 09:00, `closesAtHour: 16` closes at 16:00 (15:59
 * is still open), `fridayClosesAtHour: 12` makes Friday 12:00 onwards "Friday
 * afternoon".
 */
export interface DeploymentWindowPolicy {
  readonly closedDays: readonly Weekday[];
  readonly opensAtHour: number;
  readonly closesAtHour: number;
  readonly fridayClosesAtHour: number;
}

export type WindowClosedReason = 'WEEKEND' | 'FRIDAY_AFTERNOON' | 'BEFORE_HOURS' | 'AFTER_HOURS';

export interface WindowCheck {
  open: boolean;
  /** Null when open; otherwise the first reason, in the order weekend, Friday afternoon, before hours, after hours. */
  closedBecause: WindowClosedReason | null;
  local: LocalClock;
}

const WEEKDAYS: Record<string, Weekday> = { Mon: 'MON', Tue: 'TUE', Wed: 'WED', Thu: 'THU', Fri: 'FRI', Sat: 'SAT', Sun: 'SUN' };

/**
 * The local weekday and time of `now` in an IANA time zone
 * (`Europe/Berlin`), daylight saving included. Throws a RangeError for an
 * unknown time zone or an invalid date (from `Intl.DateTimeFormat`).
 */
export function localClock(now: Date, timeZone: string): LocalClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = WEEKDAYS[part('weekday')];
  const hour = Number(part('hour'));
  const minute = Number(part('minute'));
  if (!weekday || !Number.isInteger(hour) || !Number.isInteger(minute)) {
    throw new RangeError(`cannot read the local time of ${now.toISOString()} in ${timeZone}`);
  }
  return { weekday, hour, minute };
}

/** Whether `now`, read in `timeZone`, is inside the deployment window. */
export function checkDeploymentWindow(now: Date, timeZone: string, window: DeploymentWindowPolicy): WindowCheck {
  const local = localClock(now, timeZone);
  const closedBecause = closedReason(local, window);
  return { open: closedBecause === null, closedBecause, local };
}

/** `FRI 12:00`. */
export const formatClock = ({ weekday, hour, minute }: LocalClock) =>
  `${weekday} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

function closedReason({ weekday, hour }: LocalClock, window: DeploymentWindowPolicy): WindowClosedReason | null {
  if (window.closedDays.includes(weekday)) return 'WEEKEND';
  if (weekday === 'FRI' && hour >= window.fridayClosesAtHour) return 'FRIDAY_AFTERNOON';
  if (hour < window.opensAtHour) return 'BEFORE_HOURS';
  if (hour >= window.closesAtHour) return 'AFTER_HOURS';
  return null;
}
