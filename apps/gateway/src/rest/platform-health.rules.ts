/** One app's readiness as the gateway saw it. */
export interface AppReadiness {
  status: 'ready' | 'unavailable';
  latencyMs: number;
  /** The app's dependencies that are down (its own `/health/ready` says which), when it answered 503. */
  failing?: string[];
  /** Why it is unavailable, without internal addresses: `no answer within 3000 ms`, `unreachable`, `HTTP 503`. */
  reason?: string;
}

export type OverallStatus = 'ok' | 'degraded' | 'down';

export interface PlatformHealthReport {
  status: OverallStatus;
  checkedAt: string;
  apps: Record<string, AppReadiness>;
}

/** ok: every app ready; down: none; degraded: anything between. */
export function overallStatus(apps: Record<string, AppReadiness>): OverallStatus {
  const states = Object.values(apps).map((app) => app.status);
  if (states.every((state) => state === 'ready')) return 'ok';
  return states.some((state) => state === 'ready') ? 'degraded' : 'down';
}

/**
 * A subgraph's readiness endpoint beside its GraphQL endpoint:
 * `http://incidents:4001/graphql` → `http://incidents:4001/health/ready`,
 * `http://lb/incidents/graphql` → `http://lb/incidents/health/ready`.
 */
export function readinessUrl(subgraphUrl: string): string {
  return new URL('health/ready', subgraphUrl).toString();
}

/** The names of the failing dependencies in a `/health/ready` 503 body (`{ failures: { postgres: "…" } }`), nothing else of it. */
export function failingDependencies(body: unknown): string[] | undefined {
  const failures = (body as { failures?: unknown } | null)?.failures;
  if (typeof failures !== 'object' || failures === null || Array.isArray(failures)) return undefined;
  return Object.keys(failures)
    .filter((name) => /^[a-z0-9_-]{1,40}$/i.test(name))
    .slice(0, 10);
}
