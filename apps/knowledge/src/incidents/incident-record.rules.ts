import type { IncidentEventPayload } from '@companyos/contracts';

/** The fields of an incident record an event sets (the event carries the incident's whole state after the change). */
export interface IncidentState {
  number: number;
  title: string | null;
  severity: string;
  status: string;
  affectedServices: string[];
  customerImpact: boolean;
  impactDescription: string | null;
  commander: string | null;
  startedAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  resolution: string | null;
}

const date = (value: string | null | undefined) => (value ? new Date(value) : null);

/**
 * The record after an event that occurred at `at`, given what was known
 * before (null: first event). Fields older events did not carry keep what was
 * known; mitigation is the first time the incident was seen MONITORING (or,
 * failing that, its resolution).
 */
export function nextIncidentState(before: IncidentState | null, payload: IncidentEventPayload, at: Date): IncidentState {
  const resolvedAt = date(payload.resolvedAt);
  let mitigatedAt = before?.mitigatedAt ?? null;
  if (!mitigatedAt && payload.status === 'MONITORING') mitigatedAt = at;
  return {
    number: payload.number,
    title: payload.title ?? before?.title ?? null,
    severity: payload.severity,
    status: payload.status,
    affectedServices: payload.affectedServices ?? [],
    customerImpact: payload.customerImpact,
    impactDescription: payload.impactDescription !== undefined ? payload.impactDescription : (before?.impactDescription ?? null),
    commander: payload.commander !== undefined ? payload.commander : (before?.commander ?? null),
    startedAt: new Date(payload.startedAt),
    acknowledgedAt: payload.acknowledgedAt !== undefined ? date(payload.acknowledgedAt) : (before?.acknowledgedAt ?? null),
    mitigatedAt,
    resolvedAt,
    resolution: payload.resolution !== undefined ? payload.resolution : (before?.resolution ?? null),
  };
}

/**
 * What an event older than the record's last one still adds: facts of an
 * earlier moment the newer events did not carry (events of one incident may
 * be consumed out of order). Mitigation is the earliest MONITORING seen;
 * an acknowledgement fills a gap. Returns null when it adds nothing.
 */
export function mergeOlderEvent(current: IncidentState, payload: IncidentEventPayload, at: Date): Partial<IncidentState> | null {
  const changes: Partial<IncidentState> = {};
  if (payload.status === 'MONITORING' && (!current.mitigatedAt || at < current.mitigatedAt)) changes.mitigatedAt = at;
  if (!current.acknowledgedAt && payload.acknowledgedAt) changes.acknowledgedAt = new Date(payload.acknowledgedAt);
  return Object.keys(changes).length ? changes : null;
}
