import { createEvents, EventAttributes } from 'ics';

export interface CalendarShift {
  user: string;
  layer: string;
  from: string;
  to: string;
  isOverride: boolean;
}

/** An iCalendar (RFC 5545) feed of a schedule's shifts: one event per shift, in UTC, with a stable UID per shift. */
export function scheduleCalendar(schedule: string, shifts: CalendarShift[]): string {
  const events: EventAttributes[] = shifts.map((shift) => ({
    uid: `${Buffer.from(`${schedule}|${shift.user}|${shift.layer}|${shift.from}`).toString('base64url')}@companyos`,
    title: `${shift.user} on call (${schedule}${shift.isOverride ? ', override' : `, ${shift.layer}`})`,
    start: Date.parse(shift.from),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(shift.to),
    endInputType: 'utc',
    endOutputType: 'utc',
    productId: 'companyos/schedules',
    calName: `${schedule} on-call`,
    categories: ['on-call'],
  }));
  if (!events.length) {
    return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:companyos/schedules', `X-WR-CALNAME:${schedule} on-call`, 'END:VCALENDAR', ''].join('\r\n');
  }
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error('the calendar could not be built');
  return value;
}
