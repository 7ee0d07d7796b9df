/** A past incident that may be like the one at hand, as the search found it. */
export interface SimilarCandidate {
  incidentId: string;
  services: string[];
  /** Names of the alerts attached to it (from the alerts and incidents domains' events). */
  alertNames: string[];
  /** Full-text rank of the candidate against the incident's terms (ts_rank_cd, ≥ 0). */
  textRank: number;
  matchedTerms: string[];
  hasPublishedPostmortem: boolean;
}

export interface RankedSimilar extends SimilarCandidate {
  score: number;
  sharedServices: string[];
  sharedAlertNames: string[];
  reason: string;
}

const plural = (count: number, word: string) => `${word}${count > 1 ? 's' : ''}`;

/**
 * Orders candidates the way a responder would look: incidents of the same
 * services or fired by the same alerts first (more of them first), then by
 * how much of the text they share, a published postmortem (a written-up
 * lesson) ranked up. Candidates sharing nothing are dropped.
 */
export function rankSimilar(services: string[], alertNames: string[], candidates: SimilarCandidate[], first: number): RankedSimilar[] {
  const mine = new Set(services);
  const myAlerts = new Set(alertNames);
  return candidates
    .map((candidate) => {
      const sharedServices = candidate.services.filter((service) => mine.has(service));
      const sharedAlertNames = [...new Set(candidate.alertNames)].filter((name) => myAlerts.has(name)).sort();
      const text = Math.min(candidate.textRank, 1);
      const score = (sharedServices.length + sharedAlertNames.length) * 2 + text + (candidate.hasPublishedPostmortem ? 0.5 : 0);
      const reasons = [
        sharedServices.length ? `shared ${plural(sharedServices.length, 'service')} ${sharedServices.join(', ')}` : null,
        sharedAlertNames.length ? `shared ${plural(sharedAlertNames.length, 'alert')} ${sharedAlertNames.join(', ')}` : null,
        candidate.matchedTerms.length ? `matched terms: ${candidate.matchedTerms.slice(0, 8).join(', ')}` : null,
        candidate.hasPublishedPostmortem ? 'has a published postmortem' : null,
      ].filter(Boolean);
      return { ...candidate, sharedServices, sharedAlertNames, score: Math.round(score * 1000) / 1000, reason: reasons.join('; ') };
    })
    .filter((ranked) => ranked.sharedServices.length > 0 || ranked.sharedAlertNames.length > 0 || ranked.matchedTerms.length > 0)
    .sort((a, b) => b.score - a.score || b.matchedTerms.length - a.matchedTerms.length || a.incidentId.localeCompare(b.incidentId))
    .slice(0, first);
}

/** Character trigrams of a normalised text (as pg_trgm makes them: words padded with two spaces before, one after). */
export function trigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

/** pg_trgm's similarity: shared trigrams over all trigrams of the two. */
export function trigramSimilarity(a: string, b: string): number {
  const left = trigrams(a);
  const right = trigrams(b);
  if (!left.size || !right.size) return 0;
  let shared = 0;
  for (const gram of left) if (right.has(gram)) shared += 1;
  return shared / (left.size + right.size - shared);
}

export interface PooledAction {
  description: string;
  owner: string | null;
  incidentId: string;
}

export interface SuggestedAction {
  description: string;
  /** How many similar incidents' postmortems had it (near-duplicates merged). */
  occurrences: number;
  fromIncidentIds: string[];
  owners: string[];
}

/**
 * Pools the action items of similar incidents' postmortems: near-duplicates
 * (trigram similarity ≥ threshold) merge into one suggestion, the most
 * common first; items the postmortem already has are left out.
 */
export function suggestActions(pooled: PooledAction[], existing: string[], first: number, threshold = 0.5): SuggestedAction[] {
  const suggestions: SuggestedAction[] = [];
  for (const item of pooled) {
    if (existing.some((description) => trigramSimilarity(description, item.description) >= threshold)) continue;
    const same = suggestions.find((suggestion) => trigramSimilarity(suggestion.description, item.description) >= threshold);
    if (same) {
      if (!same.fromIncidentIds.includes(item.incidentId)) {
        same.fromIncidentIds.push(item.incidentId);
        same.occurrences += 1;
      }
      if (item.owner && !same.owners.includes(item.owner)) same.owners.push(item.owner);
    } else {
      suggestions.push({ description: item.description, occurrences: 1, fromIncidentIds: [item.incidentId], owners: item.owner ? [item.owner] : [] });
    }
  }
  return suggestions.sort((a, b) => b.occurrences - a.occurrences).slice(0, first);
}
