import { Candidate, MatchKind, mergeRankings, rankSuggestions, RunRecord, urlMatches } from './suggestion.rules';

const runbook = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  runbookId: id,
  title: id,
  path: `${id}.yaml`,
  url: null,
  alerts: [],
  services: [],
  ...over,
});

describe('rankSuggestions', () => {
  const candidates = [
    runbook('svc-only', { services: ['api'] }),
    runbook('latency-a', { alerts: ['HighLatency'] }),
    runbook('latency-b', { alerts: ['HighLatency'], services: ['api'] }),
    runbook('linked', { url: 'https://wiki.example.com/runbooks/latency' }),
    runbook('other', { alerts: ['DiskFull'], services: ['db'] }),
  ];
  const runs: Record<string, RunRecord> = {
    'latency-a:ALERT_NAME:HighLatency': { runs: 10, successes: 9 },
    'latency-b:ALERT_NAME:HighLatency': { runs: 4, successes: 2 },
    'svc-only:SERVICE:api': { runs: 2, successes: 2 },
  };
  const runsOf = (id: string, kind: MatchKind, on: string) => runs[`${id}:${kind}:${on}`];

  it('puts the runbook_url match first, then alert-name matches by success, then service matches', () => {
    const ranked = rankSuggestions(
      candidates,
      { alertName: 'HighLatency', runbookUrl: 'https://wiki.example.com/runbooks/latency/', services: ['api'] },
      runsOf,
    );
    expect(ranked.map((s) => s.runbookId)).toEqual(['linked', 'latency-a', 'latency-b', 'svc-only']);
    expect(ranked[1]).toMatchObject({ match: MatchKind.ALERT_NAME, successRate: 0.9, reason: 'handles HighLatency; 9 of 10 runs succeeded' });
    expect(ranked[2].reason).toBe('handles HighLatency; 2 of 4 runs succeeded');
    expect(ranked[3]).toMatchObject({ successRate: null, reason: 'covers api; 2 of 2 runs succeeded (too few to rank)' });
    expect(ranked[0].reason).toBe("named by the alert's runbook_url; no runs yet");
  });

  it('ranks a rated runbook above an unrated one, however good the unrated one looks', () => {
    const ranked = rankSuggestions(
      [runbook('new', { services: ['api'] }), runbook('proven', { services: ['api'] })],
      { services: ['api'] },
      (id) => (id === 'new' ? { runs: 2, successes: 2 } : { runs: 5, successes: 3 }),
    );
    expect(ranked.map((s) => s.runbookId)).toEqual(['proven', 'new']);
  });

  it('leaves out runbooks that match nothing', () => {
    expect(rankSuggestions(candidates, { alertName: 'Unknown', services: ['nothing'] }, runsOf)).toEqual([]);
  });
});

describe('urlMatches', () => {
  it('matches the runbook url, or a URL ending in its file path', () => {
    expect(urlMatches(runbook('x', { url: 'https://a.example/rb' }), 'https://a.example/rb?from=am')).toBe(true);
    expect(urlMatches(runbook('redis-down'), 'https://github.com/acme/ops/blob/main/RUNBOOKS/redis-down.yaml')).toBe(true);
    expect(urlMatches(runbook('redis-down'), 'https://github.com/acme/ops/blob/main/RUNBOOKS/not-redis-down.yaml')).toBe(false);
  });
});

describe('mergeRankings (an incident: its alerts, then its services)', () => {
  const s = (id: string, match: MatchKind, runs = 0, successRate: number | null = null) => ({ id, title: `T-${id}`, match, runs, successRate });

  it('keeps each runbook once at its strongest match and orders by tier, then rate, runs and title', () => {
    const byAlert = [s('down', MatchKind.RUNBOOK_URL), s('latency', MatchKind.SERVICE, 5, 0.8)];
    const byOtherAlert = [s('errors', MatchKind.ALERT_NAME), s('down', MatchKind.SERVICE)];
    const byService = [s('down', MatchKind.SERVICE), s('errors', MatchKind.SERVICE), s('latency', MatchKind.SERVICE, 5, 0.8), s('backlog', MatchKind.SERVICE)];
    const merged = mergeRankings([byAlert, byOtherAlert, byService], (x) => x.id, (x) => x.title);
    expect(merged.map((x) => [x.id, x.match])).toEqual([
      ['down', MatchKind.RUNBOOK_URL],
      ['errors', MatchKind.ALERT_NAME],
      ['latency', MatchKind.SERVICE],
      ['backlog', MatchKind.SERVICE],
    ]);
  });

  it('is empty for no lists', () => {
    expect(mergeRankings([], (x: ReturnType<typeof s>) => x.id, (x) => x.title)).toEqual([]);
  });
});
