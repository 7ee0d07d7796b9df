import { rankSimilar, suggestActions, trigramSimilarity } from './similarity.rules';

describe('rankSimilar', () => {
  const candidate = (incidentId: string, services: string[], textRank: number, matchedTerms: string[], hasPublishedPostmortem = false) => ({
    incidentId,
    services,
    textRank,
    matchedTerms,
    hasPublishedPostmortem,
  });

  it('puts shared services first, then text, with a published postmortem ranked up, and says why', () => {
    const ranked = rankSimilar(
      ['api-gateway', 'db'],
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
    expect(rankSimilar(['a'], [candidate('x', ['a'], 0, []), candidate('y', ['a'], 0, [])], 1)).toHaveLength(1);
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
