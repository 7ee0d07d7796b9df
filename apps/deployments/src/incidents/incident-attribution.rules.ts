/**
 * Which deployments an incident may be blamed on automatically: a successful
 * production deployment of an affected service that finished before the
 * incident started, at most `windowMs` before (INCIDENT_ATTRIBUTION_WINDOW,
 * default 7 days). A deployment from months ago did not cause today's
 * incident just because nothing shipped since. Of those, the latest wins.
 * A person's link (`linkIncidentToDeployment`) is never limited by this.
 */
export interface AttributionRange {
  /** Inclusive: the earliest finish that may still be blamed. */
  finishedFrom: Date;
  /** Exclusive: the incident's start. */
  finishedBefore: Date;
}

export function attributionRange(incidentStartedAt: Date, windowMs: number): AttributionRange {
  return { finishedFrom: new Date(incidentStartedAt.getTime() - windowMs), finishedBefore: incidentStartedAt };
}

export function isAttributable(deploymentFinishedAt: Date, incidentStartedAt: Date, windowMs: number): boolean {
  const { finishedFrom, finishedBefore } = attributionRange(incidentStartedAt, windowMs);
  return deploymentFinishedAt >= finishedFrom && deploymentFinishedAt < finishedBefore;
}

/** The deployment an incident is attributed to among candidates (any order): the latest attributable one, or null. */
export function attributedDeployment<D extends { finishedAt: Date }>(candidates: readonly D[], incidentStartedAt: Date, windowMs: number): D | null {
  let best: D | null = null;
  for (const candidate of candidates) {
    if (!isAttributable(candidate.finishedAt, incidentStartedAt, windowMs)) continue;
    if (!best || candidate.finishedAt > best.finishedAt) best = candidate;
  }
  return best;
}
