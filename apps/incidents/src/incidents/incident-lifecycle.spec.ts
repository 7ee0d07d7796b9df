import { DomainError } from '@companyos/platform';
import { IncidentStatus } from './incident.enums';
import { diffFields, LifecycleState, transition } from './incident-lifecycle';

const at = new Date('2026-01-15T10:00:00Z');
const open = (): LifecycleState => ({ status: IncidentStatus.OPEN, acknowledgedAt: null, resolvedAt: null });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'no error';
};

describe('incident lifecycle', () => {
  it('acknowledging an open incident starts the investigation', () => {
    expect(transition('i', open(), { type: 'acknowledge', at })).toEqual({
      status: IncidentStatus.INVESTIGATING,
      acknowledgedAt: at,
      resolvedAt: null,
    });
  });

  it('refuses a second acknowledgement', () => {
    const acknowledged = transition('i', open(), { type: 'acknowledge', at });
    expect(codeOf(() => transition('i', acknowledged, { type: 'acknowledge', at }))).toBe(
      'INCIDENT_ALREADY_ACKNOWLEDGED',
    );
  });

  it('moves through the active statuses, acknowledging implicitly', () => {
    const identified = transition('i', open(), { type: 'setStatus', status: IncidentStatus.IDENTIFIED, at });
    expect(identified).toMatchObject({ status: IncidentStatus.IDENTIFIED, acknowledgedAt: at });
    const back = transition('i', identified, { type: 'setStatus', status: IncidentStatus.INVESTIGATING, at });
    expect(back.status).toBe(IncidentStatus.INVESTIGATING);
  });

  it('never goes back to OPEN and never resolves through setStatus', () => {
    const investigating = transition('i', open(), { type: 'acknowledge', at });
    expect(codeOf(() => transition('i', investigating, { type: 'setStatus', status: IncidentStatus.OPEN, at }))).toBe(
      'INVALID_INCIDENT_TRANSITION',
    );
    expect(
      codeOf(() => transition('i', investigating, { type: 'setStatus', status: IncidentStatus.RESOLVED, at })),
    ).toBe('INVALID_INCIDENT_TRANSITION');
  });

  it('resolves once, with the resolution time', () => {
    const resolved = transition('i', open(), { type: 'resolve', at });
    expect(resolved).toMatchObject({ status: IncidentStatus.RESOLVED, resolvedAt: at });
    expect(codeOf(() => transition('i', resolved, { type: 'resolve', at }))).toBe('INCIDENT_ALREADY_RESOLVED');
    expect(codeOf(() => transition('i', resolved, { type: 'acknowledge', at }))).toBe('INCIDENT_ALREADY_RESOLVED');
    expect(
      codeOf(() => transition('i', resolved, { type: 'setStatus', status: IncidentStatus.MONITORING, at })),
    ).toBe('INCIDENT_ALREADY_RESOLVED');
  });

  it('reopens to where the incident was: investigating if it had been acknowledged', () => {
    const acknowledged = transition('i', open(), { type: 'acknowledge', at });
    const resolvedAfterAck = transition('i', acknowledged, { type: 'resolve', at });
    expect(transition('i', resolvedAfterAck, { type: 'reopen' })).toMatchObject({
      status: IncidentStatus.INVESTIGATING,
      resolvedAt: null,
    });
    const resolvedUnacknowledged = transition('i', open(), { type: 'resolve', at });
    expect(transition('i', resolvedUnacknowledged, { type: 'reopen' }).status).toBe(IncidentStatus.OPEN);
  });

  it('refuses to reopen an incident that is not resolved', () => {
    expect(codeOf(() => transition('i', open(), { type: 'reopen' }))).toBe('INCIDENT_NOT_RESOLVED');
  });
});

describe('diffFields', () => {
  it('lists only the fields that changed, arrays compared by value', () => {
    const before = { title: 'a', services: ['x'], commander: null as string | null };
    expect(diffFields(before, { title: 'a', services: ['x', 'y'], commander: 'alice' })).toEqual({
      services: { from: ['x'], to: ['x', 'y'] },
      commander: { from: null, to: 'alice' },
    });
    expect(diffFields(before, { title: undefined })).toEqual({});
  });
});
