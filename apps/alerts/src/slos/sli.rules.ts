import { allowedFraction, BURN_RATE_WINDOWS, BurnRateWindow, tidy } from './error-budget';

/**
 * An SLI as a ratio of bad to all events, measured by Prometheus (Sloth's
 * `events` SLI, OpenSLO's ratio metric). Each query is either a counter
 * series selector (`http_request_duration_seconds_count{app="gateway",status_code=~"5.."}`),
 * counted over a window as `sum(increase(<selector>[<window>]))`, or a
 * PromQL expression holding the placeholder `{{.window}}` (Sloth's spelling),
 * which is used as written with the window put in, and must give one series
 * (wrap it in `sum(…)`): the form for anything a selector cannot say, such
 * as the requests slower than a histogram bucket (`_count` − `_bucket{le=…}`).
 */
export interface Sli {
  errorQuery: string;
  totalQuery: string;
}

export const WINDOW_PLACEHOLDER = '{{.window}}';

/** Longest query accepted: an SLI is a line or two of PromQL, not a document. */
export const MAX_SLI_QUERY_LENGTH = 2000;

/** A series selector: an optional metric name, then optional label matchers in braces (string values may hold anything but an unescaped quote). */
const SELECTOR = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(\{\s*(?:[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*,?\s*)*\})?\s*$/;

/** Why a query cannot be used as an SLI query, or null when it can. */
export function sliQueryProblem(query: string): string | null {
  if (!query.trim()) return 'must not be empty';
  if (query.length > MAX_SLI_QUERY_LENGTH) return `must be at most ${MAX_SLI_QUERY_LENGTH} characters`;
  if (query.includes(WINDOW_PLACEHOLDER)) return null;
  const selector = SELECTOR.exec(query);
  if (!selector || (!selector[1] && !selector[2]) || /^\s*\{\s*\}\s*$/.test(query)) {
    return `must be a counter series selector (metric{label="value"}) or a PromQL expression holding ${WINDOW_PLACEHOLDER}`;
  }
  return null;
}

/** Prometheus' spelling of a window: 300 s → `5m`, 86 400 s → `1d`. */
export function promDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * The query counting an SLI query's events over `window` (a Prometheus
 * duration): the template with the window put in, or `sum(<fn>(<selector>[window]))`.
 * `fn` is `increase` for counts (the graph) or `rate` (Sloth's recording rules;
 * the ratio is the same).
 */
export function eventsOver(query: string, window: string, fn: 'increase' | 'rate' = 'increase'): string {
  const trimmed = query.trim();
  if (trimmed.includes(WINDOW_PLACEHOLDER)) return trimmed.split(WINDOW_PLACEHOLDER).join(window);
  return `sum(${fn}(${trimmed}[${window}]))`;
}

/** The windows the graph reads from Prometheus for an SLO: every burn-rate window and the SLO's own. */
export type ReadWindow = BurnRateWindow | 'SLO';

const PART_LABEL = 'companyos_sli_part';

/**
 * One instant query that reads both counts of every window at once, so all
 * of them are evaluated at the same instant over the same samples: each count
 * is tagged with a `companyos_sli_part` label (`error:H1`, `total:SLO`) and
 * the tagged counts are joined with `or`. An error count with no series at
 * all (a 5xx counter that has never been incremented does not exist yet) is
 * 0; a total with no series is missing, hence unknown.
 */
export function sliReadingQuery(sli: Sli, windowDays: number): string {
  return readWindows(windowDays)
    .flatMap(([name, seconds]) => {
      const window = promDuration(seconds);
      return [
        `label_replace((${eventsOver(sli.errorQuery, window)}) or vector(0), "${PART_LABEL}", "error:${name}", "", "")`,
        `label_replace(${eventsOver(sli.totalQuery, window)}, "${PART_LABEL}", "total:${name}", "", "")`,
      ];
    })
    .join(' or ');
}

function readWindows(windowDays: number): [ReadWindow, number][] {
  return [...(Object.entries(BURN_RATE_WINDOWS) as [BurnRateWindow, number][]), ['SLO', windowDays * 86_400]];
}

/** One sample of an instant query's vector result, as Prometheus' HTTP API gives it. */
export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** The ratio of bad to all events per window; null where it could not be measured, with why. */
export interface SliReading {
  errorRatios: Record<ReadWindow, number | null>;
  /** Per window without a ratio, why (`H1: no series match totalQuery`). */
  gaps: string[];
}

/**
 * Reads the result of sliReadingQuery. A window has no ratio when its total
 * is missing or not a finite number ≥ 0, or its error count is above its
 * total; a window with no events at all (total 0) has ratio 0 (nothing was
 * bad, nothing burnt). Throws when the result is not what the query asks
 * for (a part twice: the query gives several series and needs a `sum`).
 */
export function readSliResult(samples: VectorSample[], windowDays: number): SliReading {
  const values = new Map<string, number>();
  for (const sample of samples) {
    const part = sample.metric[PART_LABEL];
    if (!part) continue;
    if (values.has(part)) throw new Error(`the SLI query gives several series for ${part.split(':')[0]} events; wrap it in sum(…)`);
    values.set(part, Number(sample.value[1]));
  }
  const errorRatios = {} as Record<ReadWindow, number | null>;
  const gaps: string[] = [];
  for (const [name] of readWindows(windowDays)) {
    const bad = values.get(`error:${name}`);
    const total = values.get(`total:${name}`);
    const gap =
      total === undefined
        ? 'no series match totalQuery'
        : !(Number.isFinite(total) && total >= 0)
          ? `total is ${total}`
          : bad === undefined || !(Number.isFinite(bad) && bad >= 0)
            ? `error count is ${bad}`
            : bad > total * (1 + 1e-9)
              ? `more errors (${bad}) than events (${total})`
              : null;
    if (gap) gaps.push(`${name}: ${gap}`);
    errorRatios[name] = gap ? null : total === 0 ? 0 : Math.min(bad! / total!, 1);
  }
  return { errorRatios, gaps };
}

/** Event-based error budget over the SLO window: allowed = 1 − objective of the events; remaining = 1 − (bad ÷ total) ÷ allowed. */
export function sliBudget(objective: number, errorRatio: number): { remaining: number; consumed: number } {
  const consumed = tidy(errorRatio / allowedFraction(objective));
  return { remaining: tidy(1 - consumed), consumed };
}

/** Burn rate of an event-based SLI over a window: its error ratio ÷ (1 − objective); 1 spends the budget exactly over the SLO window. */
export function sliBurnRate(objective: number, errorRatio: number): number {
  return tidy(errorRatio / allowedFraction(objective));
}
