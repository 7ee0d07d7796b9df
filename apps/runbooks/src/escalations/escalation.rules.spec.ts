import { delayOf, nextDueAt, nextStep, pagerDutyBody, PolicySnapshot, startsEscalation, stepJobId, stopsEscalation, webhookBody } from './escalation.rules';

const policy: PolicySnapshot = {
  name: 'core',
  levels: [
    { delayMinutes: 0, schedules: ['primary'], users: [] },
    { delayMinutes: 15, schedules: [], users: ['lead'] },
  ],
  repeat: 1,
  webhookUrl: null,
};

describe('escalation rules', () => {
  it('starts on a SEV1/SEV2 incident still OPEN, stops on acknowledgement, resolution or any later status', () => {
    expect(startsEscalation('incident.declared', 'SEV1', 'OPEN')).toBe(true);
    expect(startsEscalation('incident.declared', 'SEV3', 'OPEN')).toBe(false);
    expect(startsEscalation('incident.updated', 'SEV2', 'OPEN')).toBe(true); // raised to SEV2
    expect(startsEscalation('incident.declared', 'SEV1', 'INVESTIGATING')).toBe(false);
    expect(stopsEscalation('incident.acknowledged', 'INVESTIGATING')).toBe('acknowledged');
    expect(stopsEscalation('incident.resolved', 'RESOLVED')).toBe('resolved');
    expect(stopsEscalation('incident.status_changed', 'IDENTIFIED')).toBe('status identified');
    expect(stopsEscalation('incident.updated', 'OPEN')).toBeNull();
  });

  it('walks the levels, then the repeats, then ends; each step has its delay and a deterministic job id', () => {
    const steps = [{ round: 0, level: 0 }];
    for (let next = nextStep(steps[0], policy); next; next = nextStep(next, policy)) steps.push(next);
    expect(steps).toEqual([
      { round: 0, level: 0 },
      { round: 0, level: 1 },
      { round: 1, level: 0 },
      { round: 1, level: 1 },
    ]);
    expect(steps.map((step) => delayOf(step, policy))).toEqual([0, 900_000, 0, 900_000]);
    expect(stepJobId('e1', { round: 1, level: 0 })).toBe('esc-e1-r1-l0');
  });

  it('builds a Slack-compatible body and a PagerDuty v2 trigger deduplicated on the incident', () => {
    const page = { incidentId: 'i-1', incidentTitle: 'INC-7', severity: 'SEV1', services: ['api'], policy: 'core', step: { round: 0, level: 1 }, target: 'lead' };
    expect(webhookBody(page).text).toBe(':rotating_light: SEV1 INC-7 — paging lead (policy core, level 2, round 1); services: api');
    expect(pagerDutyBody('key', page)).toMatchObject({ routing_key: 'key', event_action: 'trigger', dedup_key: 'i-1', payload: { severity: 'critical', source: 'companyos' } });
  });

  it('makes the next level due its delay after this one was due, not after it ran late; at once when nobody was paged', () => {
    const start = Date.parse('2026-06-01T03:00:00Z');
    const ranLate = start + 7_000; // level 1 ran 7 s late
    expect(nextDueAt(start, { round: 0, level: 1 }, policy, true, ranLate)).toBe(start + 15 * 60_000);
    expect(nextDueAt(start, { round: 0, level: 1 }, policy, false, ranLate)).toBe(ranLate);
    // A repeat starts with the first level's delay again, counted from the last level's due time.
    const lastDue = start + 15 * 60_000;
    expect(nextDueAt(lastDue, { round: 1, level: 0 }, policy, true, lastDue + 5_000)).toBe(lastDue);
  });
});
