import {
  ALERT_GROUP_RESOLVED,
  alertEscalationTitle,
  alertGroupDedupKey,
  alertStartsEscalation,
  delayOf,
  followUpAction,
  followUpJobId,
  jobIdOfPage,
  redriveCutoff,
  redriveDecision,
  nextDueAt,
  nextStep,
  onCallValidUntil,
  openingOf,
  pageJobId,
  pagerDutyBody,
  pagerDutyFollowUpBody,
  PolicySnapshot,
  startsEscalation,
  stepJobId,
  stopsEscalation,
  webhookBody,
} from './escalation.rules';

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
    const page = { incidentId: 'i-1', dedupKey: 'i-1', incidentTitle: 'INC-7', severity: 'SEV1', services: ['api'], policy: 'core', step: { round: 0, level: 1 }, target: 'lead' };
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

  it('starts again on a reopening (a new opening), not on a later edit of the same opening', () => {
    expect(openingOf('incident.declared', 1)).toBe(0);
    expect(openingOf('incident.updated', 4)).toBe(0);
    expect(openingOf('incident.reopened', 6)).toBe(6);
    // Reopened unacknowledged: back to OPEN, and a reopening starts.
    expect(startsEscalation('incident.reopened', 'SEV1', 'OPEN')).toBe(true);
    // Reopened after an acknowledgement: back to INVESTIGATING, someone is on it already.
    expect(startsEscalation('incident.reopened', 'SEV1', 'INVESTIGATING')).toBe(false);
  });

  it('gives every escalation its own job ids, so a second escalation of a reopened incident is scheduled afresh', () => {
    expect(stepJobId('e1', { round: 0, level: 0 })).not.toBe(stepJobId('e2', { round: 0, level: 0 }));
    expect(pageJobId('e1', { round: 0, level: 0 }, 'ann', 'webhook')).not.toBe(pageJobId('e2', { round: 0, level: 0 }, 'ann', 'webhook'));
    expect(followUpJobId('e1', 'acknowledge')).not.toBe(followUpJobId('e1', 'resolve'));
  });

  it('starts an alert group’s escalation only for a firing alert with a service, no open incident and none running for the group', () => {
    const facts = { alreadyResolved: false, openIncident: false, groupEscalationOn: false, service: 'api' };
    expect(alertStartsEscalation(facts)).toBe(true);
    expect(alertStartsEscalation({ ...facts, openIncident: true })).toBe(false);
    expect(alertStartsEscalation({ ...facts, groupEscalationOn: true })).toBe(false);
    expect(alertStartsEscalation({ ...facts, alreadyResolved: true })).toBe(false);
    expect(alertStartsEscalation({ ...facts, service: null })).toBe(false);
    expect(alertEscalationTitle({ alertName: 'HighLatency', summary: null, service: 'api' })).toBe('HighLatency firing on api');
    expect(alertEscalationTitle({ alertName: 'HighLatency', summary: 'p99 over 2 s', service: 'api' })).toBe('HighLatency: p99 over 2 s');
  });

  it('deduplicates an alert group’s pages in PagerDuty on the group, within 255 characters', () => {
    expect(alertGroupDedupKey('{}:{alertname="HighLatency"}')).toBe('alert-group:{}:{alertname="HighLatency"}');
    const long = alertGroupDedupKey(`{}:{${'x'.repeat(400)}}`);
    expect(long).toMatch(/^alert-group:sha256:[0-9a-f]{64}$/);
    expect(long).toBe(alertGroupDedupKey(`{}:{${'x'.repeat(400)}}`));
    const page = { incidentId: null, alertGroupKey: 'g', dedupKey: alertGroupDedupKey('g'), incidentTitle: 'HighLatency firing on api', severity: 'CRITICAL', services: ['api'], policy: 'core', step: { round: 0, level: 0 }, target: 'ann' };
    expect(pagerDutyBody('key', page)).toMatchObject({ event_action: 'trigger', dedup_key: 'alert-group:g', payload: { severity: 'critical' } });
    expect(webhookBody(page).companyos).toMatchObject({ incidentId: null, alertGroupKey: 'g', target: 'ann' });
  });

  it('follows an escalation’s end in PagerDuty: resolve when resolved, acknowledge when someone took it on', () => {
    expect(followUpAction('resolved')).toBe('resolve');
    expect(followUpAction(ALERT_GROUP_RESOLVED)).toBe('resolve');
    expect(followUpAction('acknowledged')).toBe('acknowledge');
    expect(followUpAction('status identified')).toBe('acknowledge');
    expect(pagerDutyFollowUpBody('key', 'i-1', 'resolve')).toEqual({ routing_key: 'key', event_action: 'resolve', dedup_key: 'i-1' });
  });

  it('reuses who is on call for a second at most, never past the end of a shift found', () => {
    const now = Date.parse('2026-06-01T08:59:59.500Z');
    expect(onCallValidUntil(now, [{ to: new Date('2026-06-01T12:00:00Z') }], 1_000)).toBe(now + 1_000);
    expect(onCallValidUntil(now, [{ to: new Date('2026-06-01T09:00:00Z') }], 1_000)).toBe(Date.parse('2026-06-01T09:00:00Z'));
    expect(onCallValidUntil(now, [], 1_000)).toBe(now + 1_000);
  });

  it('re-drives a step or page only when Redis no longer holds its job', () => {
    // Lost: enqueued again under the same id.
    expect(redriveDecision('unknown')).toBe('enqueue');
    // Still there (waiting, delayed, running, backing off): never a second job, looked at again later.
    for (const state of ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'] as const) expect(redriveDecision(state)).toBe('later');
    // Finished while the row still says otherwise (failed for good: a dead letter): no longer looked at.
    expect(redriveDecision('failed')).toBe('done');
    expect(redriveDecision('completed')).toBe('done');
  });

  it('looks only at what is more than the grace past its time', () => {
    const now = Date.parse('2026-06-01T10:00:00Z');
    expect(redriveCutoff(now, 60_000)).toEqual(new Date('2026-06-01T09:59:00Z'));
  });

  it('finds a page row’s job under the id it was enqueued with', () => {
    const escalationId = '6f1c1f4e-0000-4000-8000-000000000001';
    const row = { escalation_id: escalationId, round: 1, level: 2, target: 'ann', channel: 'webhook', action: 'trigger' };
    expect(jobIdOfPage(row)).toBe(pageJobId(escalationId, { round: 1, level: 2 }, 'ann', 'webhook'));
    expect(jobIdOfPage({ ...row, round: 0, level: 0, target: 'PagerDuty', channel: 'pagerduty', action: 'resolve' })).toBe(followUpJobId(escalationId, 'resolve'));
  });
});
