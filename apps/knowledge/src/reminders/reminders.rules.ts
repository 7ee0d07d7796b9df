import { DateTime } from 'luxon';

export interface OverdueItem {
  id: string;
  description: string;
  owner: string | null;
  dueDate: string;
  priority: string;
  status: string;
  postmortemId: string;
  incidentId: string;
  ticketUrl: string | null;
}

export interface OwnerReminder {
  /** null: items nobody owns. */
  owner: string | null;
  day: string;
  items: (OverdueItem & { daysOverdue: number })[];
}

/** Groups overdue items per owner (most overdue first), one reminder each, for `day` (YYYY-MM-DD). */
export function groupReminders(items: OverdueItem[], day: string): OwnerReminder[] {
  const today = DateTime.fromISO(day, { zone: 'UTC' });
  const byOwner = new Map<string | null, OwnerReminder>();
  for (const item of items) {
    const reminder = byOwner.get(item.owner) ?? { owner: item.owner, day, items: [] };
    reminder.items.push({ ...item, daysOverdue: Math.round(today.diff(DateTime.fromISO(item.dueDate, { zone: 'UTC' }), 'days').days) });
    byOwner.set(item.owner, reminder);
  }
  for (const reminder of byOwner.values()) reminder.items.sort((a, b) => b.daysOverdue - a.daysOverdue || a.id.localeCompare(b.id));
  return [...byOwner.values()].sort((a, b) => (a.owner ?? '\uffff').localeCompare(b.owner ?? '\uffff'));
}
