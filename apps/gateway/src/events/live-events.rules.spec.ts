import { AlertEvents, DeploymentEvents, IncidentEvents } from '@companyos/contracts';
import type { RoleMap } from '../auth/access-policy';
import { CursorError, isStreamed, parseCursor, roleFor, sseFrame, typesVisibleTo } from './live-events.rules';
import { StreamSlots } from './stream-slots';

describe('parseCursor', () => {
  it('prefers Last-Event-ID (a reconnect) over ?after=', () => {
    expect(parseCursor('42', '7')).toBe('42');
    expect(parseCursor(undefined, '7')).toBe('7');
    expect(parseCursor('', '7')).toBe('7');
  });

  it('is null without either: the stream starts at the newest event', () => {
    expect(parseCursor(undefined, undefined)).toBeNull();
    expect(parseCursor('', '')).toBeNull();
  });

  it('normalises leading zeros and accepts the largest bigserial', () => {
    expect(parseCursor('007', undefined)).toBe('7');
    expect(parseCursor('9223372036854775807', undefined)).toBe('9223372036854775807');
  });

  it.each([['-1'], ['1.5'], ['abc'], ['1e3'], ['9223372036854775808'], ['12345678901234567890'], [' 1']])('refuses %j, naming the parameter', (raw) => {
    expect(() => parseCursor(raw, undefined)).toThrow(CursorError);
    expect(() => parseCursor(raw, undefined)).toThrow(/Last-Event-ID must be the decimal id/);
    expect(() => parseCursor(undefined, raw)).toThrow(/after must be the decimal id/);
  });
});

describe('which events a role receives', () => {
  const open: RoleMap = new Map();
  const incidentsForResponders: RoleMap = new Map([['Query.incident', 'responder']]);

  it('streams incident, alert and deployment events, nothing else', () => {
    expect(isStreamed(IncidentEvents.Declared)).toBe(true);
    expect(isStreamed(IncidentEvents.Resolved)).toBe(true);
    expect(isStreamed(AlertEvents.CriticalFired)).toBe(true);
    expect(isStreamed(AlertEvents.Resolved)).toBe(true);
    expect(isStreamed(DeploymentEvents.Finished)).toBe(true);
    expect(isStreamed('audit.recorded')).toBe(false);
    expect(isStreamed('toString')).toBe(false);
    expect(roleFor('audit.recorded', open)).toBeNull();
  });

  it('gives a viewer every streamed type when the graph lets viewers read them', () => {
    expect(typesVisibleTo('viewer', open)).toHaveLength(9);
  });

  it('follows the role the supergraph declares for the field that reads the same facts', () => {
    expect(roleFor(IncidentEvents.Declared, incidentsForResponders)).toBe('responder');
    const viewer = typesVisibleTo('viewer', incidentsForResponders);
    expect(viewer).not.toContain(IncidentEvents.Declared);
    expect(viewer).toEqual(expect.arrayContaining([AlertEvents.CriticalFired, DeploymentEvents.Finished]));
    expect(typesVisibleTo('responder', incidentsForResponders)).toContain(IncidentEvents.Declared);
    expect(typesVisibleTo('admin', incidentsForResponders)).toHaveLength(9);
  });
});

describe('sseFrame', () => {
  it('writes the log id as the SSE id, the type as the event name and the envelope on one data line', () => {
    const frame = sseFrame({
      id: '12',
      eventId: '0b7c6f0e-5f0a-4a43-9d7e-9d7f0c1f4a11',
      type: IncidentEvents.Declared,
      aggregateId: 'inc-1',
      occurredAt: '2026-12-01T10:00:00.000Z',
      payload: { title: 'line one\nline two' },
    });
    const lines = frame.split('\n');
    expect(lines.slice(0, 2)).toEqual(['id: 12', 'event: incident.declared']);
    expect(lines[2].startsWith('data: ')).toBe(true);
    expect(JSON.parse(lines[2].slice(6))).toEqual({
      id: '0b7c6f0e-5f0a-4a43-9d7e-9d7f0c1f4a11',
      type: 'incident.declared',
      aggregateId: 'inc-1',
      occurredAt: '2026-12-01T10:00:00.000Z',
      payload: { title: 'line one\nline two' },
    });
    expect(frame.endsWith('\n\n')).toBe(true);
    expect(lines).toHaveLength(5);
  });
});

describe('StreamSlots', () => {
  it('lets a principal hold up to the limit and gives slots back on release', () => {
    const slots = new StreamSlots(2);
    expect(slots.take('a')).toBe(true);
    expect(slots.take('a')).toBe(true);
    expect(slots.take('a')).toBe(false);
    expect(slots.take('b')).toBe(true);
    expect(slots.total()).toBe(3);
    slots.release('a');
    expect(slots.held('a')).toBe(1);
    expect(slots.take('a')).toBe(true);
    slots.release('a');
    slots.release('a');
    slots.release('a');
    expect(slots.held('a')).toBe(0);
    expect(slots.total()).toBe(1);
  });
});
