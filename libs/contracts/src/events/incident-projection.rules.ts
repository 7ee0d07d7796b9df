/**
 * Whether an incident event brings a newer state than the one the projection
 * holds. Every event carries the incident's whole state and its `version`
 * (bumped by one in the transaction of each change), so the highest version
 * wins: events arrive out of order (retries, several workers) and their
 * `occurredAt` comes from the clock of whichever replica built them, which may
 * run behind another's. An event of the version held already is the same
 * state again (a change publishes several events with one version) and
 * changes nothing.
 *
 * Events built before versions existed (`version` missing, still queued
 * during an upgrade) fall back to occurredAt, and only while the projection
 * has not yet seen a versioned one.
 */
export interface ProjectionMark {
  /** 0 until a versioned event was applied. */
  version: number;
  /** occurredAt of the last event applied. */
  eventAt: Date;
}

export function isNewerIncidentState(incoming: { version?: number | null; occurredAt: Date }, held: ProjectionMark): boolean {
  if (typeof incoming.version === 'number') return incoming.version > held.version;
  return held.version === 0 && incoming.occurredAt >= held.eventAt;
}
