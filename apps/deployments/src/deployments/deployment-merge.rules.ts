import type { DeploymentSourceKind } from './deployment.enums';

/**
 * One change, one deployment. The same change is often reported more than
 * once: by a GitHub deployment and its statuses, by the Actions workflow run
 * that deployed it, and by the pipeline's own call to the API (the seed's
 * `curl`). Counting each as a deployment would inflate deployment frequency
 * and dilute the change failure rate, so a report joins an existing
 * deployment when it is of the same service and environment and
 *
 * 1. names the same Actions run (a `deployment_status` names its run in
 *    `target_url` / `log_url` or its `workflow_run`; the API call in
 *    `githubRunUrl`), or else
 * 2. deploys the same commit and started within the merge window
 *    (DEPLOYMENT_MERGE_WINDOW, default 1 h) of it, the closest one first;
 *
 * and the deployment has no report of the same kind yet: two GitHub
 * deployments, two runs, or two API calls with different idempotency keys are
 * two attempts (a re-deploy of the same commit), never one. Whatever order the
 * reports arrive in, they end on one deployment.
 */
export interface MergeReport {
  kind: DeploymentSourceKind;
  serviceName: string;
  environment: string;
  commitSha: string | null;
  /** As reported; compared after normalizeRunUrl. */
  runUrl: string | null;
  startedAt: Date;
}

export interface MergeCandidate {
  id: string;
  serviceName: string;
  environment: string;
  commitSha: string | null;
  runUrl: string | null;
  startedAt: Date;
  /** Kinds of the reports it already has. */
  kinds: readonly DeploymentSourceKind[];
}

const RUN_URL = /^(https?:\/\/[^/?#]+\/[^/?#]+\/[^/?#]+\/actions\/runs\/\d+)(?:[/?#]|$)/i;

/**
 * The Actions run a URL points at, as `https://host/owner/repo/actions/runs/<id>`
 * (a job's or an attempt's page names its run too); null for anything else
 * (a check run's page `…/runs/<id>` without `actions/` names no workflow run).
 */
export function runUrlOf(url: string | null | undefined): string | null {
  const match = url ? RUN_URL.exec(url.trim()) : null;
  return match ? match[1] : null;
}

/** runUrlOf, lower-cased for comparison. */
export const normalizeRunUrl = (url: string | null | undefined): string | null => runUrlOf(url)?.toLowerCase() ?? null;

/** Commit shas compare case-insensitively. */
export const normalizeSha = (sha: string | null | undefined): string | null => (sha ? sha.trim().toLowerCase() || null : null);

/** The deployment a report joins, among candidates of any service or time; null when it is a new deployment. */
export function mergeTarget<C extends MergeCandidate>(report: MergeReport, candidates: readonly C[], windowMs: number): C | null {
  const runUrl = normalizeRunUrl(report.runUrl);
  const sha = normalizeSha(report.commitSha);
  const eligible = candidates.filter(
    (c) => c.serviceName === report.serviceName && c.environment === report.environment && !c.kinds.includes(report.kind),
  );
  const distance = (c: C) => Math.abs(c.startedAt.getTime() - report.startedAt.getTime());
  const closest = (list: C[]) => list.sort((a, b) => distance(a) - distance(b) || a.id.localeCompare(b.id))[0] ?? null;

  const sameRun = runUrl ? eligible.filter((c) => normalizeRunUrl(c.runUrl) === runUrl) : [];
  if (sameRun.length) return closest(sameRun);
  const sameCommit = sha ? eligible.filter((c) => normalizeSha(c.commitSha) === sha && distance(c) <= windowMs) : [];
  return closest(sameCommit);
}

/** The advisory lock names a report takes before looking for its deployment, so two reports of one change arriving at once serialize. */
export function mergeLockNames(report: Pick<MergeReport, 'serviceName' | 'environment' | 'commitSha' | 'runUrl'>): string[] {
  const names: string[] = [];
  const sha = normalizeSha(report.commitSha);
  const runUrl = normalizeRunUrl(report.runUrl);
  if (sha) names.push(`deployment-commit:${report.serviceName}|${report.environment}|${sha}`);
  if (runUrl) names.push(`deployment-run:${runUrl}`);
  return names;
}
