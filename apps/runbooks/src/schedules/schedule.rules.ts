import { DateTime, IANAZone } from 'luxon';

/**
 * On-call schedules as pure functions of their definition: rotations in the
 * schedule's IANA time zone (calendar arithmetic in the zone with luxon, so a
 * 09:00 hand-off stays at 09:00 local across DST), weekly restrictions,
 * layers by priority, overrides on top, edits effective from an instant.
 */

export type RotationUnit = 'HOURS' | 'DAYS' | 'WEEKS';
export type AdvanceOn = 'CALENDAR' | 'ACTIVE_SHIFTS';
export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Rotation {
  /** "09:00": local time of the hand-off in the schedule's zone (DAYS and WEEKS). */
  handoffTime: string;
  every: number;
  unit: RotationUnit;
  /** Phase anchor: the first hand-off (to members[0]) is on this instant's local date at handoffTime (HOURS: this instant). */
  startsAt: Date;
}

/** A weekly window in the schedule's zone, e.g. MONDAY 09:00 → FRIDAY 17:00 (may wrap past Sunday). */
export interface Restriction {
  startDay: Weekday;
  startTime: string;
  endDay: Weekday;
  endTime: string;
}

export interface Layer {
  name: string;
  /** Higher beats lower. */
  priority: number;
  /** In rotation order; each entry is the group of people on call together (an empty group leaves the slot to the layer below). */
  members: string[][];
  rotation: Rotation;
  restrictions: Restriction[];
  advanceOn: AdvanceOn;
}

/** One edit of a schedule: its zone and layers, in effect from `effectiveFrom` until the next version. */
export interface ScheduleVersion {
  effectiveFrom: Date;
  timeZone: string;
  layers: Layer[];
}

export interface Override {
  user: string;
  from: Date;
  to: Date;
}

export interface Shift {
  user: string;
  /** The layer's name; `override` for an override. */
  layer: string;
  from: Date;
  to: Date;
  isOverride: boolean;
}

export interface Interval {
  from: Date;
  to: Date;
}

/** What a computation had to adjust, e.g. a hand-off inside a DST gap. */
export interface ScheduleWarning {
  at: Date;
  message: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The problems of a schedule definition, each naming its field; empty when it is valid. */
export function scheduleProblems(timeZone: string, layers: Layer[]): string[] {
  const problems: string[] = [];
  if (!IANAZone.isValidZone(timeZone)) problems.push(`timeZone: "${timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  const names = new Set<string>();
  layers.forEach((layer, i) => {
    const at = `layers.${i}`;
    if (!layer.name.trim()) problems.push(`${at}.name: must not be empty`);
    if (names.has(layer.name)) problems.push(`${at}.name: "${layer.name}" is used by another layer`);
    names.add(layer.name);
    if (!layer.members.length) problems.push(`${at}.members: must list at least one group`);
    if (!HHMM.test(layer.rotation.handoffTime)) problems.push(`${at}.rotation.handoffTime: "${layer.rotation.handoffTime}" must be HH:MM between 00:00 and 23:59`);
    if (!Number.isInteger(layer.rotation.every) || layer.rotation.every < 1 || layer.rotation.every > 366) {
      problems.push(`${at}.rotation.every: must be a whole number from 1 to 366`);
    }
    if (layer.rotation.unit === 'HOURS' && layer.rotation.every > 24 * 7) problems.push(`${at}.rotation.every: at most 168 hours`);
    layer.restrictions.forEach((restriction, j) => {
      for (const field of ['startTime', 'endTime'] as const) {
        if (!HHMM.test(restriction[field])) problems.push(`${at}.restrictions.${j}.${field}: "${restriction[field]}" must be HH:MM between 00:00 and 23:59`);
      }
      if (restriction.startDay === restriction.endDay && restriction.startTime === restriction.endTime) {
        problems.push(`${at}.restrictions.${j}: starts and ends at the same time`);
      }
    });
    if (layer.advanceOn === 'ACTIVE_SHIFTS' && !layer.restrictions.length) problems.push(`${at}.advanceOn: ACTIVE_SHIFTS needs restrictions`);
  });
  return problems;
}

/**
 * An IANA zone that remembers its UTC offset per instant. luxon asks the zone
 * for offsets all the time (each local date → instant takes two or three), and
 * IANAZone answers each through Intl.DateTimeFormat#formatToParts: most of the
 * cost of a schedule. A zone's offsets never change while the process runs, and
 * the instants asked (hand-offs, restriction edges) repeat from call to call.
 */
class MemoizedZone extends IANAZone {
  private static readonly MAX_ENTRIES = 100_000;
  private readonly offsets = new Map<number, number>();

  override offset(ts: number): number {
    let offset = this.offsets.get(ts);
    if (offset === undefined) {
      offset = super.offset(ts);
      if (this.offsets.size >= MemoizedZone.MAX_ENTRIES) this.offsets.clear();
      this.offsets.set(ts, offset);
    }
    return offset;
  }
}

const zones = new Map<string, MemoizedZone>();
/** The memoized zone of an IANA name (one per name for the process; names are checked by scheduleProblems before they are stored). */
export function zoneOf(name: string): MemoizedZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new MemoizedZone(name);
    if (zone.isValid) zones.set(name, zone);
  }
  return zone;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The instant of a local date and time in a zone. A time inside a DST gap
 * (02:30 on a spring-forward day) does not exist: it moves to the first valid
 * instant after it (03:00), with a warning. A time that occurs twice (autumn)
 * is the first of the two.
 */
export function localInstant(date: DateTime, minuteOfDay: number, zoneName: string, warnings?: ScheduleWarning[]): Date {
  const zone = zoneOf(zoneName);
  const wanted = { year: date.year, month: date.month, day: date.day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 };
  const candidate = DateTime.fromObject(wanted, { zone });
  if (candidate.hour === wanted.hour && candidate.minute === wanted.minute && candidate.day === wanted.day) {
    // Ambiguous (autumn) only when the offset changed within the hour before: then an hour earlier may show the same wall time.
    if (zone.offset(candidate.toMillis() - 3600_000) === candidate.offset) return candidate.toJSDate();
    const earlier = candidate.minus({ hours: 1 });
    return earlier.hour === wanted.hour && earlier.minute === wanted.minute && earlier.day === wanted.day ? earlier.toJSDate() : candidate.toJSDate();
  }
  // In a gap: the first instant whose wall time is at or after the wanted one (gaps are at most a few hours; minutes suffice).
  const wantedWall = DateTime.fromObject(wanted, { zone: 'UTC' }).toMillis();
  const wall = (instant: number) => {
    const local = DateTime.fromMillis(instant, { zone });
    return DateTime.fromObject({ year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute }, { zone: 'UTC' }).toMillis();
  };
  let low = candidate.toMillis() - 4 * 3600_000;
  let high = candidate.toMillis();
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 120_000) * 60_000;
    if (wall(middle) >= wantedWall) high = middle;
    else low = middle;
  }
  const moved = new Date(high);
  warnings?.push({
    at: moved,
    message: `hand-off at ${String(wanted.hour).padStart(2, '0')}:${String(wanted.minute).padStart(2, '0')} on ${date.toISODate()} does not exist in ${zoneName} (clocks go forward); moved to ${DateTime.fromJSDate(moved, { zone }).toFormat('HH:mm')}`,
  });
  return moved;
}

/** The hand-offs of one rotation in one zone, each computed once (luxon calls are the cost of a schedule). */
class Handoffs {
  private readonly cache = new Map<number, Date>();
  private readonly anchorDate: DateTime | null;
  private readonly minute: number;

  constructor(
    private readonly rotation: Rotation,
    private readonly zone: string,
    private readonly warnings?: ScheduleWarning[],
  ) {
    this.anchorDate = rotation.unit === 'HOURS' ? null : DateTime.fromJSDate(rotation.startsAt, { zone: zoneOf(zone) }).startOf('day');
    this.minute = minutesOf(rotation.handoffTime);
  }

  /** The k-th hand-off (k = 0: the anchor; negative before it). */
  at(k: number): Date {
    let instant = this.cache.get(k);
    if (!instant) {
      if (!this.anchorDate) instant = new Date(this.rotation.startsAt.getTime() + k * this.rotation.every * 3600_000);
      else {
        const days = k * this.rotation.every * (this.rotation.unit === 'WEEKS' ? 7 : 1);
        instant = localInstant(this.anchorDate.plus({ days }), this.minute, this.zone, this.warnings);
      }
      this.cache.set(k, instant);
    }
    return instant;
  }

  /** The index k of the slot holding `at` (at(k) <= at < at(k + 1)). */
  slotOf(at: Date): number {
    const unitMs = this.rotation.unit === 'HOURS' ? 3600_000 : this.rotation.unit === 'DAYS' ? 86_400_000 : 7 * 86_400_000;
    let k = Math.floor((at.getTime() - this.at(0).getTime()) / (this.rotation.every * unitMs));
    // DST moves a hand-off by at most a few hours: step to the exact slot.
    while (this.at(k).getTime() > at.getTime()) k--;
    while (this.at(k + 1).getTime() <= at.getTime()) k++;
    return k;
  }
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** The restriction windows of a layer overlapping [from, to), in time order. */
export function restrictionWindows(restrictions: Restriction[], zone: string, from: Date, to: Date, warnings?: ScheduleWarning[]): Interval[] {
  const windows: Interval[] = [];
  const weekStart = (at: Date) => DateTime.fromJSDate(at, { zone: zoneOf(zone) }).startOf('week'); // ISO weeks start on Monday
  for (let week = weekStart(from).minus({ weeks: 1 }); week.toJSDate() < to; week = week.plus({ weeks: 1 })) {
    for (const r of restrictions) {
      const startDay = WEEKDAYS.indexOf(r.startDay);
      let endDay = WEEKDAYS.indexOf(r.endDay);
      const startMinute = minutesOf(r.startTime);
      const endMinute = minutesOf(r.endTime);
      if (endDay < startDay || (endDay === startDay && endMinute <= startMinute)) endDay += 7; // wraps past Sunday
      const start = localInstant(week.plus({ days: startDay }), startMinute, zone, warnings);
      const end = localInstant(week.plus({ days: endDay }), endMinute, zone, warnings);
      if (end > from && start < to) windows.push({ from: start, to: end });
    }
  }
  return mergeIntervals(windows);
}

function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.from.getTime() - b.from.getTime());
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.from <= last.to) last.to = new Date(Math.max(last.to.getTime(), interval.to.getTime()));
    else merged.push({ ...interval });
  }
  return merged;
}

const clip = (interval: Interval, from: Date, to: Date): Interval | null => {
  const start = interval.from > from ? interval.from : from;
  const end = interval.to < to ? interval.to : to;
  return start < end ? { from: start, to: end } : null;
};

/** A layer's own shifts over [from, to): who of its members holds each stretch (empty groups left out). */
export function layerShifts(layer: Layer, zone: string, from: Date, to: Date, warnings?: ScheduleWarning[]): { users: string[]; from: Date; to: Date }[] {
  const shifts: { users: string[]; from: Date; to: Date }[] = [];
  const groupAt = (k: number) => layer.members[mod(k, layer.members.length)];
  if (layer.advanceOn === 'ACTIVE_SHIFTS') {
    // The turn passes at the start of every `every`-th active window, counted from the anchor: restricted time never uses up a turn.
    const anchor = new Handoffs(layer.rotation, zone, warnings).at(0);
    const start = from < anchor ? from : anchor;
    const windows = restrictionWindows(layer.restrictions, zone, start, to, warnings).filter((w) => w.from >= anchor || w.to > anchor);
    windows.forEach((window, index) => {
      const part = clip(window, from, to);
      const users = groupAt(Math.floor(index / layer.rotation.every));
      if (part && users.length) shifts.push({ users, ...part });
    });
    return shifts;
  }
  const windows = layer.restrictions.length ? restrictionWindows(layer.restrictions, zone, from, to, warnings) : null;
  const handoffs = new Handoffs(layer.rotation, zone, warnings);
  for (let k = handoffs.slotOf(from); ; k++) {
    const slot = { from: handoffs.at(k), to: handoffs.at(k + 1) };
    if (slot.from >= to) break;
    const users = groupAt(k);
    if (!users.length) continue;
    const parts = windows ? windows.map((w) => clip(w, slot.from, slot.to)).filter((p): p is Interval => p !== null) : [slot];
    for (const part of parts) {
      const inRange = clip(part, from, to);
      if (inRange) shifts.push({ users, ...inRange });
    }
  }
  return shifts;
}

/**
 * The final schedule over [from, to): overrides beat every layer, a higher
 * priority beats a lower one, and where a layer has nobody (a gap in its
 * restrictions, an empty group) the layer below shows through. Each version
 * rules from its effectiveFrom until the next one's.
 */
export function finalSchedule(versions: ScheduleVersion[], overrides: Override[], from: Date, to: Date): { shifts: Shift[]; warnings: ScheduleWarning[] } {
  const warnings: ScheduleWarning[] = [];
  const ordered = [...versions].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
  // Candidate stretches, strongest first at any instant: overrides, then layers by priority.
  const pieces: { users: string[]; layer: string; from: Date; to: Date; rank: number; isOverride: boolean }[] = [];
  for (const override of overrides) {
    const part = clip(override, from, to);
    if (part) pieces.push({ users: [override.user], layer: 'override', ...part, rank: Number.POSITIVE_INFINITY, isOverride: true });
  }
  ordered.forEach((version, i) => {
    const span = clip({ from: version.effectiveFrom, to: ordered[i + 1]?.effectiveFrom ?? to }, from, to);
    if (!span) return;
    for (const layer of version.layers) {
      for (const shift of layerShifts(layer, version.timeZone, span.from, span.to, warnings)) {
        pieces.push({ users: shift.users, layer: layer.name, from: shift.from, to: shift.to, rank: layer.priority, isOverride: false });
      }
    }
  });
  // Sweep the elementary intervals between every boundary; each goes to its strongest piece.
  const boundaries = [...new Set(pieces.flatMap((p) => [p.from.getTime(), p.to.getTime()]))].sort((a, b) => a - b);
  const shifts: Shift[] = [];
  const open = new Map<string, Shift>(); // user|layer|override → the shift being extended
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const start = boundaries[i];
    const end = boundaries[i + 1];
    let best: (typeof pieces)[number] | undefined;
    const holders: (typeof pieces)[number][] = [];
    for (const piece of pieces) {
      if (piece.from.getTime() <= start && piece.to.getTime() >= end) {
        if (!best || piece.rank > best.rank) best = piece;
        holders.push(piece);
      }
    }
    const winners = best ? holders.filter((p) => p.rank === best!.rank) : [];
    const seen = new Set<string>();
    for (const piece of winners) {
      for (const user of piece.users) {
        const key = `${user}|${piece.layer}|${piece.isOverride}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const current = open.get(key);
        if (current && current.to.getTime() === start) current.to = new Date(end);
        else {
          const shift = { user, layer: piece.layer, from: new Date(start), to: new Date(end), isOverride: piece.isOverride };
          shifts.push(shift);
          open.set(key, shift);
        }
      }
    }
  }
  shifts.sort((a, b) => a.from.getTime() - b.from.getTime() || a.user.localeCompare(b.user));
  const uniqueWarnings = [...new Map(warnings.map((w) => [`${w.at.getTime()}|${w.message}`, w])).values()].filter((w) => w.at >= from && w.at < to);
  return { shifts, warnings: uniqueWarnings };
}

/** Stretches of [from, to) with nobody on call. */
export function gaps(shifts: Shift[], from: Date, to: Date): Interval[] {
  const covered = mergeIntervals(shifts.map((s) => ({ from: s.from, to: s.to })));
  const result: Interval[] = [];
  let cursor = from;
  for (const interval of covered) {
    if (interval.from > cursor) result.push({ from: cursor, to: interval.from });
    if (interval.to > cursor) cursor = interval.to;
  }
  if (cursor < to) result.push({ from: cursor, to });
  return result;
}

/** How far around an instant `onCall` looks, at most, to find the whole shifts holding it. */
export const ON_CALL_LOOKAROUND_MS = 35 * 86_400_000;

/**
 * Who is on call at an instant, with their whole shifts (as far as
 * ON_CALL_LOOKAROUND_MS either side): computed over a small window around
 * `at` first, widened only while a shift holding `at` reaches its edge.
 */
export function onCallAt(versions: ScheduleVersion[], overrides: Override[], at: Date): Shift[] {
  for (let around = 2 * 86_400_000; ; around = Math.min(around * 4, ON_CALL_LOOKAROUND_MS)) {
    const from = new Date(at.getTime() - around);
    const to = new Date(at.getTime() + around);
    const holding = finalSchedule(versions, overrides, from, to).shifts.filter((shift) => shift.from <= at && shift.to > at);
    const clipped = holding.some((shift) => shift.from.getTime() === from.getTime() || shift.to.getTime() === to.getTime());
    if (!clipped || around >= ON_CALL_LOOKAROUND_MS) return holding;
  }
}
