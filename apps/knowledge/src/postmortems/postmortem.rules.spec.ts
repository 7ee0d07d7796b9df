import { DomainError } from '@companyos/platform';
import { PostmortemStatus } from './postmortem.enums';
import { assertTransition, draftFromIncident, formatDuration } from './postmortem.rules';

const { DRAFT, IN_REVIEW, PUBLISHED } = PostmortemStatus;

describe('postmortem lifecycle', () => {
  const codeOf = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      return (error as DomainError).code;
    }
    return null;
  };

  it.each([
    [DRAFT, IN_REVIEW],
    [IN_REVIEW, DRAFT],
    [IN_REVIEW, PUBLISHED],
    [DRAFT, PUBLISHED],
  ])('%s → %s is allowed', (from, to) => expect(codeOf(() => assertTransition('p', from, to, 'pool exhaustion'))).toBeNull());

  it('a published postmortem is frozen', () => {
    expect(codeOf(() => assertTransition('p', PUBLISHED, DRAFT, 'x'))).toBe('POSTMORTEM_PUBLISHED');
    expect(codeOf(() => assertTransition('p', PUBLISHED, PUBLISHED, 'x'))).toBe('POSTMORTEM_PUBLISHED');
  });

  it('publishing needs a root cause analysis', () => {
    expect(codeOf(() => assertTransition('p', DRAFT, PUBLISHED, '  '))).toBe('INVALID_POSTMORTEM_INCOMPLETE');
  });
});

describe('draftFromIncident', () => {
  it('lays out the timeline with each step’s time from detection', () => {
    const start = new Date('2026-03-01T10:00:00Z');
    const draft = draftFromIncident({
      incidentId: 'i',
      number: 42,
      title: 'API latency spike',
      severity: 'SEV2',
      status: 'RESOLVED',
      affectedServices: ['api-gateway'],
      customerImpact: true,
      impactDescription: 'P95 latency 2.5s',
      commander: 'alice',
      startedAt: start,
      acknowledgedAt: new Date('2026-03-01T10:04:30Z'),
      mitigatedAt: new Date('2026-03-01T10:40:00Z'),
      resolvedAt: new Date('2026-03-01T11:05:00Z'),
      resolution: 'rolled back v2.4.1',
    });
    expect(draft.title).toBe('Postmortem: API latency spike');
    expect(draft.timeline.map((entry) => [entry.kind, entry.description])).toEqual([
      ['DETECTED', 'SEV2 incident #42 declared: API latency spike'],
      ['ACKNOWLEDGED', 'acknowledged (commander alice), 4 min 30 s after detection'],
      ['MITIGATED', 'mitigated (monitoring), 40 min after detection'],
      ['RESOLVED', 'resolved: rolled back v2.4.1, 1 h 5 min after detection'],
    ]);
    expect(draft.summary).toContain('time to acknowledge: 4 min 30 s, time to mitigate: 40 min, time to resolve: 1 h 5 min');
    expect(draft.impact).toBe('Customers were affected. P95 latency 2.5s');
  });

  it('formats durations', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(26 * 3600_000 + 60_000)).toBe('1 d 2 h 1 min');
    expect(formatDuration(0)).toBe('0 s');
  });
});
