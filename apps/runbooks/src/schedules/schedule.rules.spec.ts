import { DateTime, IANAZone } from 'luxon';
import { finalSchedule, gaps, Layer, localInstant, onCallAt, scheduleProblems, ScheduleVersion, zoneOf } from './schedule.rules';

const BERLIN = 'Europe/Berlin';
const berlin = (iso: string) => DateTime.fromISO(iso, { zone: BERLIN }).toJSDate();
const local = (at: Date) => DateTime.fromJSDate(at, { zone: BERLIN }).toFormat("yyyy-MM-dd'T'HH:mm");
const hours = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3600_000;

const layer = (over: Partial<Layer> = {}): Layer => ({
  name: 'primary',
  priority: 1,
  members: [['ann'], ['bob'], ['cat']],
  rotation: { handoffTime: '09:00', every: 1, unit: 'WEEKS', startsAt: berlin('2026-03-02T09:00') },
  restrictions: [],
  advanceOn: 'CALENDAR',
  ...over,
});
const version = (layers: Layer[], effectiveFrom = new Date('2020-01-01T00:00:00Z')): ScheduleVersion => ({ effectiveFrom, timeZone: BERLIN, layers });

describe('weekly rotation across DST in Europe/Berlin', () => {
  it('hands off at 09:00 local on both sides of the March change: that shift lasts 167 h', () => {
    const { shifts } = finalSchedule([version([layer()])], [], berlin('2026-03-16T00:00'), berlin('2026-04-07T00:00'));
    const whole = shifts.filter((s) => local(s.from).endsWith('09:00') && local(s.to).endsWith('09:00'));
    expect(whole.map((s) => [s.user, local(s.from), local(s.to), hours(s.from, s.to)])).toEqual([
      // Turns from Mon 2 March: ann, bob, then cat on 16 March.
      ['cat', '2026-03-16T09:00', '2026-03-23T09:00', 168],
      ['ann', '2026-03-23T09:00', '2026-03-30T09:00', 167],
      ['bob', '2026-03-30T09:00', '2026-04-06T09:00', 168],
    ]);
  });

  it('hands off at 09:00 local across the October change: that shift lasts 169 h', () => {
    const { shifts } = finalSchedule([version([layer()])], [], berlin('2026-10-19T09:00'), berlin('2026-10-26T09:00'));
    expect(shifts).toHaveLength(1);
    expect([local(shifts[0].from), local(shifts[0].to), hours(shifts[0].from, shifts[0].to)]).toEqual(['2026-10-19T09:00', '2026-10-26T09:00', 169]);
  });
});

describe('a hand-off inside the spring-forward gap', () => {
  it('moves to the first valid instant (03:00) and says so', () => {
    const daily = layer({ members: [['ann'], ['bob']], rotation: { handoffTime: '02:30', every: 1, unit: 'DAYS', startsAt: berlin('2026-03-01T02:30') } });
    const { shifts, warnings } = finalSchedule([version([daily])], [], berlin('2026-03-28T12:00'), berlin('2026-03-30T12:00'));
    expect(shifts.map((s) => [s.user, local(s.from), local(s.to)])).toEqual([
      // Daily turns from 1 March: 28 March is the 28th day (bob), 29 March ann.
      ['bob', '2026-03-28T12:00', '2026-03-29T03:00'],
      ['ann', '2026-03-29T03:00', '2026-03-30T02:30'],
      ['bob', '2026-03-30T02:30', '2026-03-30T12:00'],
    ]);
    expect(warnings).toEqual([
      { at: new Date('2026-03-29T01:00:00Z'), message: 'hand-off at 02:30 on 2026-03-29 does not exist in Europe/Berlin (clocks go forward); moved to 03:00' },
    ]);
  });

  it('takes the first of a wall time that occurs twice', () => {
    expect(localInstant(DateTime.fromISO('2026-10-25', { zone: BERLIN }), 150, BERLIN)).toEqual(new Date('2026-10-25T00:30:00Z'));
  });
});

describe('layers and overrides', () => {
  const base = layer({ name: 'base', priority: 1, members: [['ann']], rotation: { handoffTime: '00:00', every: 1, unit: 'DAYS', startsAt: berlin('2026-05-01T00:00') } });
  const weekdays = layer({
    name: 'office',
    priority: 2,
    members: [['dan']],
    rotation: { handoffTime: '00:00', every: 1, unit: 'WEEKS', startsAt: berlin('2026-05-04T00:00') },
    restrictions: [{ startDay: 'MONDAY', startTime: '09:00', endDay: 'MONDAY', endTime: '17:00' }],
  });

  it('an override beats every layer; the higher layer holds its restricted hours; the lower shows through around them', () => {
    const override = { user: 'eve', from: berlin('2026-05-04T16:00'), to: berlin('2026-05-04T20:00') };
    const { shifts } = finalSchedule([version([base, weekdays])], [override], berlin('2026-05-04T00:00'), berlin('2026-05-05T00:00'));
    expect(shifts.map((s) => [s.user, s.layer, local(s.from), local(s.to), s.isOverride])).toEqual([
      ['ann', 'base', '2026-05-04T00:00', '2026-05-04T09:00', false],
      ['dan', 'office', '2026-05-04T09:00', '2026-05-04T16:00', false],
      ['eve', 'override', '2026-05-04T16:00', '2026-05-04T20:00', true],
      ['ann', 'base', '2026-05-04T20:00', '2026-05-05T00:00', false],
    ]);
    expect(onCallAt([version([base, weekdays])], [override], berlin('2026-05-04T17:30')).map((s) => s.user)).toEqual(['eve']);
  });

  it('an empty layer (or empty group) leaves the time to the layer below, and gaps are reported', () => {
    const empty = layer({ name: 'empty', priority: 5, members: [[]] });
    const { shifts } = finalSchedule([version([empty, weekdays])], [], berlin('2026-05-04T00:00'), berlin('2026-05-05T00:00'));
    expect(shifts.map((s) => [s.user, local(s.from), local(s.to)])).toEqual([['dan', '2026-05-04T09:00', '2026-05-04T17:00']]);
    expect(gaps(shifts, berlin('2026-05-04T00:00'), berlin('2026-05-05T00:00')).map((g) => [local(g.from), local(g.to)])).toEqual([
      ['2026-05-04T00:00', '2026-05-04T09:00'],
      ['2026-05-04T17:00', '2026-05-05T00:00'],
    ]);
  });
});

describe('a restricted layer (weekdays 09–17), daily turns, under both advanceOn modes', () => {
  const restricted = (advanceOn: Layer['advanceOn']) =>
    layer({
      members: [['ann'], ['bob'], ['cat']],
      rotation: { handoffTime: '09:00', every: 1, unit: 'DAYS', startsAt: berlin('2026-06-01T09:00') }, // a Monday
      restrictions: (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((day) => ({ startDay: day, startTime: '09:00', endDay: day, endTime: '17:00' })),
      advanceOn,
    });
  const week = (advanceOn: Layer['advanceOn']) =>
    finalSchedule([version([restricted(advanceOn)])], [], berlin('2026-06-08T00:00'), berlin('2026-06-13T00:00')).shifts.map((s) => [s.user, local(s.from)]);

  it('CALENDAR: the rotation moves through the weekend too (Saturday and Sunday turns are spent unseen)', () => {
    // Turns since Mon 1 June: ann, bob, cat, ann, bob, (Sat cat), (Sun ann), Mon 8 June = bob.
    expect(week('CALENDAR')).toEqual([
      ['bob', '2026-06-08T09:00'],
      ['cat', '2026-06-09T09:00'],
      ['ann', '2026-06-10T09:00'],
      ['bob', '2026-06-11T09:00'],
      ['cat', '2026-06-12T09:00'],
    ]);
  });

  it('ACTIVE_SHIFTS: only working days count, so the turn after Friday is Monday', () => {
    // Active windows since Mon 1 June: ann, bob, cat, ann, bob (Fri 5) → Mon 8 June = cat.
    expect(week('ACTIVE_SHIFTS')).toEqual([
      ['cat', '2026-06-08T09:00'],
      ['ann', '2026-06-09T09:00'],
      ['bob', '2026-06-10T09:00'],
      ['cat', '2026-06-11T09:00'],
      ['ann', '2026-06-12T09:00'],
    ]);
  });
});

describe('edits', () => {
  it('take effect from their instant; what came before keeps the old definition', () => {
    const before = version([layer({ members: [['ann']] })]);
    const after = version([layer({ members: [['zed']] })], berlin('2026-03-04T12:00'));
    const { shifts } = finalSchedule([after, before], [], berlin('2026-03-04T00:00'), berlin('2026-03-05T00:00'));
    expect(shifts.map((s) => [s.user, local(s.from), local(s.to)])).toEqual([
      ['ann', '2026-03-04T00:00', '2026-03-04T12:00'],
      ['zed', '2026-03-04T12:00', '2026-03-05T00:00'],
    ]);
  });
});

describe('scheduleProblems', () => {
  it('names the field of an unknown zone, a bad hand-off time and bad restrictions', () => {
    expect(scheduleProblems('Mars/Olympus', [layer({ rotation: { ...layer().rotation, handoffTime: '25:00' } })])).toEqual([
      'timeZone: "Mars/Olympus" is not an IANA time zone (e.g. Europe/Berlin)',
      'layers.0.rotation.handoffTime: "25:00" must be HH:MM between 00:00 and 23:59',
    ]);
    expect(scheduleProblems(BERLIN, [layer({ advanceOn: 'ACTIVE_SHIFTS' })])).toEqual(['layers.0.advanceOn: ACTIVE_SHIFTS needs restrictions']);
    expect(scheduleProblems(BERLIN, [layer()])).toEqual([]);
  });
});

describe('zoneOf', () => {
  it('answers the same offsets as the IANA zone across both DST changes, asking Intl once per instant', () => {
    const zone = zoneOf(BERLIN);
    expect(zoneOf(BERLIN)).toBe(zone);
    const reference = IANAZone.create(BERLIN);
    const instants = ['2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-10-25T00:59:59Z', '2026-10-25T01:00:00Z', '2026-07-01T12:00:00Z'].map(Date.parse);
    for (const ts of instants) expect(zone.offset(ts)).toBe(reference.offset(ts));
    const asked = jest.spyOn(IANAZone.prototype, 'offset');
    try {
      for (const ts of instants) zone.offset(ts);
      // Answered from the memo: IANAZone's own lookup (Intl) is not asked again.
      expect(asked).not.toHaveBeenCalled();
      zone.offset(Date.parse('2027-01-01T00:00:00Z'));
      expect(asked).toHaveBeenCalledTimes(1);
    } finally {
      asked.mockRestore();
    }
    expect(DateTime.fromObject({ year: 2026, month: 3, day: 30, hour: 9 }, { zone }).toUTC().toISO()).toBe('2026-03-30T07:00:00.000Z');
  });
});
