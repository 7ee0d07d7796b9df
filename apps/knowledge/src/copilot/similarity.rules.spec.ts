import { rankSimilar, suggestActions, trigramSimilarity } from './similarity.rules';

describe('rankSimilar', () => {
  const candidate = (incidentId: string, services: string[], textRank: number, matchedTerms: string[], hasPublishedPostmortem = false, alertNames: string[] = []) => ({
    incidentId,
    services,
    alertNames,
    textRank,
    matchedTerms,
    hasPublishedPostmortem,
  });

  it('puts shared services first, then text, with a published postmortem ranked up, and says why', () => {
    const ranked = rankSimilar(
      ['api-gateway', 'db'],
      [],
      [
        candidate('text-only', ['billing'], 0.9, ['connection', 'pool', 'exhaustion']),
        candidate('one-service', ['api-gateway'], 0.1, ['latency']),
        candidate('two-services', ['api-gateway', 'db'], 0, []),
        candidate('one-service-published', ['db'], 0.1, ['latency'], true),
        candidate('nothing', ['other'], 0, []),
      ],
      5,
    );
    expect(ranked.map((r) => r.incidentId)).toEqual(['two-services', 'one-service-published', 'one-service', 'text-only']);
    expect(ranked[0].reason).toBe('shared services api-gateway, db');
    expect(ranked[1].reason).toBe('shared service db; matched terms: latency; has a published postmortem');
    expect(ranked[3].reason).toBe('matched terms: connection, pool, exhaustion');
  });

  it('keeps only `first`', () => {
    expect(rankSimilar(['a'], [], [candidate('x', ['a'], 0, []), candidate('y', ['a'], 0, [])], 1)).toHaveLength(1);
  });

  it('ranks incidents fired by the same alerts with those of the same services, ahead of text alone', () => {
    const ranked = rankSimilar(
      ['checkout'],
      ['HighErrorRate', 'PodCrashLooping'],
      [
        candidate('text-only', ['search'], 0.9, ['checkout', 'error']),
        candidate('same-alert', ['billing'], 0, [], false, ['HighErrorRate', 'HighErrorRate']),
        candidate('same-service-and-alerts', ['checkout'], 0.1, ['error'], false, ['PodCrashLooping', 'HighErrorRate']),
        candidate('other-alert', ['www'], 0, [], false, ['DiskFull']),
      ],
      5,
    );
    expect(ranked.map((r) => [r.incidentId, r.score])).toEqual([
      ['same-service-and-alerts', 6.1],
      ['same-alert', 2],
      ['text-only', 0.9],
    ]);
    expect(ranked[0]).toMatchObject({
      sharedServices: ['checkout'],
      sharedAlertNames: ['HighErrorRate', 'PodCrashLooping'],
      reason: 'shared service checkout; shared alerts HighErrorRate, PodCrashLooping; matched terms: error',
    });
    expect(ranked[1].reason).toBe('shared alert HighErrorRate');
  });
});

describe('suggestActions', () => {
  it('merges near-duplicates, most common first, leaving out what the postmortem already has', () => {
    const suggestions = suggestActions(
      [
        { description: 'Increase connection pool size', owner: 'alice', incidentId: 'i1' },
        { description: 'Increase the connection pool size', owner: 'bob', incidentId: 'i2' },
        { description: 'Add an alert on pool saturation', owner: null, incidentId: 'i2' },
        { description: 'Document the rollback procedure', owner: null, incidentId: 'i3' },
      ],
      ['Document the rollback procedure.'],
      10,
    );
    expect(suggestions).toEqual([
      { description: 'Increase connection pool size', occurrences: 2, fromIncidentIds: ['i1', 'i2'], owners: ['alice', 'bob'] },
      { description: 'Add an alert on pool saturation', occurrences: 1, fromIncidentIds: ['i2'], owners: [] },
    ]);
  });

  it('measures trigram similarity as pg_trgm does', () => {
    expect(trigramSimilarity('word', 'word')).toBe(1);
    expect(trigramSimilarity('abc', 'xyz')).toBe(0);
    expect(trigramSimilarity('connection pool', 'connection pools')).toBeGreaterThan(0.7);
  });
});
