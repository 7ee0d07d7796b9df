import { DomainError } from '@companyos/platform';
import { DateTime } from 'luxon';
import { ActionItemStatus } from './action-item.enums';
import { ActionItemError } from './action-item.errors';

const OPEN_STATUSES = [ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS];

/**
 * A due date as a calendar day: `2024-01-30` as is, or a timestamp with an
 * offset (`2024-01-30T18:00:00-05:00`) read as the day it is in `zone`.
 * Anything else is refused naming the field.
 */
export function parseDueDate(value: string, zone: string, field = 'dueDate'): string {
  const text = value.trim();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? DateTime.fromISO(text, { zone }) : null;
  if (day) {
    if (!day.isValid) throw new DomainError(ActionItemError.InvalidDueDate, `${field} "${value}" is not a calendar date`);
    return day.toISODate() as string;
  }
  const moment = DateTime.fromISO(text, { setZone: true });
  if (!moment.isValid || !/[T ]\d{2}:\d{2}/.test(text) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    throw new DomainError(ActionItemError.InvalidDueDate, `${field} "${value}" is not a date (expected YYYY-MM-DD)`);
  }
  return moment.setZone(zone).toISODate() as string;
}

/** Today's calendar day in `zone`: an open item whose due date is before it is overdue. */
export const todayIn = (zone: string, now = new Date()): string => DateTime.fromJSDate(now, { zone }).toISODate() as string;

export const isOpen = (status: ActionItemStatus) => OPEN_STATUSES.includes(status);

export function isOverdue(item: { status: ActionItemStatus; dueDate: string | null }, zone: string, now = new Date()): boolean {
  return isOpen(item.status) && item.dueDate !== null && item.dueDate < todayIn(zone, now);
}

/**
 * The status fields after a change: NOT_DOING needs a reason; closing sets
 * closedAt, reopening clears it and the reason.
 */
export function nextStatus(
  current: { status: ActionItemStatus; statusReason: string | null; closedAt: Date | null },
  status: ActionItemStatus,
  reason: string | undefined,
  now = new Date(),
): { status: ActionItemStatus; statusReason: string | null; closedAt: Date | null } {
  const why = reason?.trim() || null;
  if (status === ActionItemStatus.NOT_DOING && !why) {
    throw new DomainError(ActionItemError.ReasonRequired, 'reason is required to mark an action item NOT_DOING');
  }
  if (isOpen(status)) return { status, statusReason: null, closedAt: null };
  if (current.status === status) return { status, statusReason: why ?? current.statusReason, closedAt: current.closedAt };
  return { status, statusReason: why, closedAt: now };
}
