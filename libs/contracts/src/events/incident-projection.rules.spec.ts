import { isNewerIncidentState } from './incident-projection.rules';

const at = (iso: string) => new Date(`${iso}Z`);

describe('which incident event the projection keeps', () => {
  // Held: version 3 (acknowledged), applied from an event stamped 12:05 by replica A.
  const held = { version: 3, eventAt: at('2026-06-10T12:05:00') };

  it('takes a higher version even when its clock reads earlier (replica B runs 2 minutes behind)', () => {
    expect(isNewerIncidentState({ version: 4, occurredAt: at('2026-06-10T12:03:30') }, held)).toBe(true);
  });

  it('ignores a lower version even when its clock reads later (a late retry from a replica running ahead)', () => {
    expect(isNewerIncidentState({ version: 2, occurredAt: at('2026-06-10T12:30:00') }, held)).toBe(false);
  });

  it('ignores the same version again (the other events of one change, a redelivery)', () => {
    expect(isNewerIncidentState({ version: 3, occurredAt: at('2026-06-10T12:06:00') }, held)).toBe(false);
  });

  it('takes the first versioned event on a new record', () => {
    expect(isNewerIncidentState({ version: 1, occurredAt: at('2020-01-01T00:00:00') }, { version: 0, eventAt: new Date(0) })).toBe(true);
  });

  it('goes by occurredAt only for events without a version, and only until a versioned one was applied', () => {
    const unversioned = { version: 0, eventAt: at('2026-06-10T12:05:00') };
    expect(isNewerIncidentState({ occurredAt: at('2026-06-10T12:06:00') }, unversioned)).toBe(true);
    expect(isNewerIncidentState({ occurredAt: at('2026-06-10T12:04:00') }, unversioned)).toBe(false);
    expect(isNewerIncidentState({ occurredAt: at('2026-06-10T13:00:00') }, held)).toBe(false);
  });
});
