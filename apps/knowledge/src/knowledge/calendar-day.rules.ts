import { DomainError } from '@companyos/platform';
import { DateTime } from 'luxon';

/**
 * A calendar day: `2024-01-30` as is, or a timestamp with an offset
 * (`2024-01-30T18:00:00-05:00`) read as the day it is in `zone`. Anything
 * else is refused with `code`, naming the field.
 */
export function parseCalendarDay(value: string, zone: string, field: string, code: string): string {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = DateTime.fromISO(text, { zone });
    if (!day.isValid) throw new DomainError(code, `${field} "${value}" is not a calendar date`);
    return day.toISODate() as string;
  }
  const moment = DateTime.fromISO(text, { setZone: true });
  if (!moment.isValid || !/[T ]\d{2}:\d{2}/.test(text) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    throw new DomainError(code, `${field} "${value}" is not a date (expected YYYY-MM-DD)`);
  }
  return moment.setZone(zone).toISODate() as string;
}
