import { DomainError } from '@companyos/platform';
import { parseCalendarDay } from '../knowledge/calendar-day.rules';
import { DateTime } from 'luxon';
import { ActionItemStatus } from './action-item.enums';
import { ActionItemError } from './action-item.errors';

const OPEN_STATUSES = [ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS];

/** A due date as a calendar day in `zone` (see parseCalendarDay); INVALID_DUE_DATE naming the field otherwise. */
export const parseDueDate = (value: string, zone: string, field = 'dueDate'): string => parseCalendarDay(value, zone, field, ActionItemError.InvalidDueDate);

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
