import { scheduleCalendar } from './schedule-calendar';

describe('scheduleCalendar', () => {
  it('writes one UTC event per shift, overrides named as such', () => {
    const ics = scheduleCalendar('platform', [
      { user: 'ann', layer: 'primary', from: '2026-03-23T08:00:00.000Z', to: '2026-03-30T07:00:00.000Z', isOverride: false },
      { user: 'dan', layer: 'override', from: '2026-03-25T10:00:00.000Z', to: '2026-03-25T14:00:00.000Z', isOverride: true },
    ]);
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('SUMMARY:ann on call (platform\\, primary)');
    expect(ics).toContain('DTSTART:20260323T080000Z');
    expect(ics).toContain('DTEND:20260330T070000Z');
    expect(ics).toContain('SUMMARY:dan on call (platform\\, override)');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
  });

  it('is a valid empty calendar with no shifts', () => {
    expect(scheduleCalendar('quiet', [])).toBe('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:companyos/schedules\r\nX-WR-CALNAME:quiet on-call\r\nEND:VCALENDAR\r\n');
  });
});
