/** Runs needed before a success rate counts in the ranking (fewer say "not enough runs yet"). */
export const MIN_RUNS_FOR_RATE = 3;

/** Why a runbook is suggested, strongest first. */
export enum MatchKind {
  RUNBOOK_URL = 'RUNBOOK_URL',
  ALERT_NAME = 'ALERT_NAME',
  SERVICE = 'SERVICE',
}

const TIER: Record<MatchKind, number> = { [MatchKind.RUNBOOK_URL]: 0, [MatchKind.ALERT_NAME]: 1, [MatchKind.SERVICE]: 2 };

export interface Candidate {
  runbookId: string;
  title: string;
  path: string;
  url: string | null;
  alerts: string[];
  services: string[];
}

/** Finished runs of one runbook in the context being ranked (same alert name, or same service). */
export interface RunRecord {
  runs: number;
  successes: number;
}

export interface Suggestion {
  runbookId: string;
  match: MatchKind;
  /** On the matched alert name or service; null below MIN_RUNS_FOR_RATE runs. */
  successRate: number | null;
  runs: number;
  successes: number;
  reason: string;
}

/** What is being answered: an alert (name, service, runbook_url annotation) or a service, or an incident's services. */
export interface SuggestionContext {
  alertName?: string | null;
  runbookUrl?: string | null;
  services: string[];
}

/** Whether the alert's runbook_url names this runbook: its `url`, or a URL ending in its file path. */
export function urlMatches(candidate: Candidate, runbookUrl: string): boolean {
  const wanted = runbookUrl.trim().replace(/[?#].*$/, '').replace(/\/+$/, '');
  if (!wanted) return false;
  if (candidate.url && candidate.url.replace(/[?#].*$/, '').replace(/\/+$/, '') === wanted) return true;
  return wanted.endsWith(`/${candidate.path}`);
}

/** The strongest way a candidate matches the context, and the alert name or service it matched on. */
export function matchOf(candidate: Candidate, context: SuggestionContext): { kind: MatchKind; on: string } | null {
  if (context.runbookUrl && urlMatches(candidate, context.runbookUrl)) return { kind: MatchKind.RUNBOOK_URL, on: context.alertName ?? context.runbookUrl };
  if (context.alertName && candidate.alerts.includes(context.alertName)) return { kind: MatchKind.ALERT_NAME, on: context.alertName };
  const service = context.services.find((name) => candidate.services.includes(name));
  return service ? { kind: MatchKind.SERVICE, on: service } : null;
}

const record = (runs: RunRecord | undefined): RunRecord => runs ?? { runs: 0, successes: 0 };

function reasonOf(kind: MatchKind, on: string, runs: RunRecord): string {
  const what =
    kind === MatchKind.RUNBOOK_URL ? "named by the alert's runbook_url" : kind === MatchKind.ALERT_NAME ? `handles ${on}` : `covers ${on}`;
  if (runs.runs >= MIN_RUNS_FOR_RATE) return `${what}; ${runs.successes} of ${runs.runs} runs succeeded`;
  if (runs.runs === 0) return `${what}; no runs yet`;
  return `${what}; ${runs.successes} of ${runs.runs} runs succeeded (too few to rank)`;
}

/**
 * Ranks runbooks for an alert or service: the one the alert's runbook_url
 * names first, then those listing the alert's name, then the service's; within
 * each, by success rate on the same alert name (or service) once there are
 * MIN_RUNS_FOR_RATE finished runs, rated ones before unrated, then by more
 * runs, then by title. `runsOf(runbookId, kind, on)` gives the finished runs in
 * that context.
 */
export function rankSuggestions(
  candidates: Candidate[],
  context: SuggestionContext,
  runsOf: (runbookId: string, kind: MatchKind, on: string) => RunRecord | undefined,
): Suggestion[] {
  const ranked: (Suggestion & { title: string })[] = [];
  for (const candidate of candidates) {
    const match = matchOf(candidate, context);
    if (!match) continue;
    const runs = record(runsOf(candidate.runbookId, match.kind, match.on));
    ranked.push({
      runbookId: candidate.runbookId,
      title: candidate.title,
      match: match.kind,
      runs: runs.runs,
      successes: runs.successes,
      successRate: runs.runs >= MIN_RUNS_FOR_RATE ? runs.successes / runs.runs : null,
      reason: reasonOf(match.kind, match.on, runs),
    });
  }
  ranked.sort(
    (a, b) =>
      TIER[a.match] - TIER[b.match] ||
      (b.successRate ?? -1) - (a.successRate ?? -1) ||
      b.runs - a.runs ||
      a.title.localeCompare(b.title),
  );
  return ranked.map(({ title: _title, ...suggestion }) => suggestion);
}

/** What mergeRankings needs of a ranked suggestion. */
export interface RankedSuggestion {
  match: MatchKind;
  successRate: number | null;
  runs: number;
}

/**
 * Several rankings as one (an incident's alerts, each ranked in its own
 * context, then its services): each runbook once, at its strongest match (the
 * earlier list wins a tie), ordered as rankSuggestions orders.
 */
export function mergeRankings<T extends RankedSuggestion>(lists: T[][], keyOf: (suggestion: T) => string, titleOf: (suggestion: T) => string): T[] {
  const best = new Map<string, T>();
  for (const list of lists) {
    for (const suggestion of list) {
      const key = keyOf(suggestion);
      const known = best.get(key);
      if (!known || TIER[suggestion.match] < TIER[known.match]) best.set(key, suggestion);
    }
  }
  return [...best.values()].sort(
    (a, b) =>
      TIER[a.match] - TIER[b.match] ||
      (b.successRate ?? -1) - (a.successRate ?? -1) ||
      b.runs - a.runs ||
      titleOf(a).localeCompare(titleOf(b)),
  );
}
