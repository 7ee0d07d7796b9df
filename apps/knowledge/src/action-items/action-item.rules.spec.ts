import { ActionItemStatus } from './action-item.enums';
import { isOverdue, nextStatus, parseDueDate } from './action-item.rules';

describe('action item due dates', () => {
  it('keeps a calendar day as is', () => expect(parseDueDate('2024-01-30', 'America/New_York')).toBe('2024-01-30'));

  it('reads a timestamp as its day in the configured zone', () => {
    expect(parseDueDate('2024-01-30T23:30:00-05:00', 'UTC')).toBe('2024-01-31');
    expect(parseDueDate('2024-01-31T02:00:00Z', 'America/Los_Angeles')).toBe('2024-01-30');
  });

  it.each(['next friday', '2024-02-30', '30/01/2024', '2024-01-30T10:00:00'])('refuses %s naming the field', (value) => {
    expect(() => parseDueDate(value, 'UTC', 'actionItems[0].dueDate')).toThrow(`actionItems[0].dueDate "${value}"`);
  });

  it('is overdue from the day after its due date, in the zone, while still to do', () => {
    const now = new Date('2024-01-31T03:00:00Z'); // 30 January in New York, 31 in Berlin
    const item = { status: ActionItemStatus.OPEN, dueDate: '2024-01-30' };
    expect(isOverdue(item, 'Europe/Berlin', now)).toBe(true);
    expect(isOverdue(item, 'America/New_York', now)).toBe(false);
    expect(isOverdue({ ...item, status: ActionItemStatus.DONE }, 'Europe/Berlin', now)).toBe(false);
    expect(isOverdue({ ...item, dueDate: null }, 'Europe/Berlin', now)).toBe(false);
  });
});

describe('action item status', () => {
  const open = { status: ActionItemStatus.OPEN, statusReason: null, closedAt: null };
  const now = new Date('2024-02-01T00:00:00Z');

  it('NOT_DOING needs a reason', () => {
    expect(() => nextStatus(open, ActionItemStatus.NOT_DOING, '  ')).toThrow('reason is required');
    expect(nextStatus(open, ActionItemStatus.NOT_DOING, 'superseded by the new pooler', now)).toEqual({
      status: ActionItemStatus.NOT_DOING,
      statusReason: 'superseded by the new pooler',
      closedAt: now,
    });
  });

  it('closing sets closedAt; reopening clears it and the reason', () => {
    const done = nextStatus(open, ActionItemStatus.DONE, undefined, now);
    expect(done).toEqual({ status: ActionItemStatus.DONE, statusReason: null, closedAt: now });
    expect(nextStatus(done, ActionItemStatus.IN_PROGRESS, undefined)).toEqual({ status: ActionItemStatus.IN_PROGRESS, statusReason: null, closedAt: null });
  });
});
