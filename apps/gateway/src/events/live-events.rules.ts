import { AccessRole, AlertEvents, DeploymentEvents, IncidentEvents, roleAtLeast } from '@companyos/contracts';
import type { RoleMap } from '../auth/access-policy';

/**
 * The domain events the live stream (`GET /api/companyos/events`) carries,
 * and the graph field that reads the same facts: a caller receives an event
 * only when its role may read that field (the supergraph's `requires-role`
 * tags; a query field without one is open to viewers).
 */
export const STREAMED_EVENTS: Readonly<Record<string, string>> = {
  [IncidentEvents.Declared]: 'Query.incident',
  [IncidentEvents.Updated]: 'Query.incident',
  [IncidentEvents.Acknowledged]: 'Query.incident',
  [IncidentEvents.StatusChanged]: 'Query.incident',
  [IncidentEvents.Resolved]: 'Query.incident',
  [IncidentEvents.Reopened]: 'Query.incident',
  [AlertEvents.CriticalFired]: 'Query.alert',
  [AlertEvents.Resolved]: 'Query.alert',
  [DeploymentEvents.Finished]: 'Query.deployment',
};

export const isStreamed = (type: string): boolean => Object.prototype.hasOwnProperty.call(STREAMED_EVENTS, type);

/** The least role that may receive events of `type` (null: the stream never carries it). */
export function roleFor(type: string, roles: RoleMap): AccessRole | null {
  const field = STREAMED_EVENTS[type];
  if (!field) return null;
  return roles.get(field) ?? 'viewer';
}

/** The event types `role` may receive, for the SQL filter of its stream. */
export function typesVisibleTo(role: AccessRole, roles: RoleMap): string[] {
  return Object.keys(STREAMED_EVENTS).filter((type) => {
    const least = roleFor(type, roles);
    return least !== null && roleAtLeast(role, least);
  });
}

/** Largest cursor accepted: a bigserial fits in a signed 64-bit integer. */
const MAX_CURSOR = 9_223_372_036_854_775_807n;

export class CursorError extends Error {}

/**
 * Where a stream starts: after `Last-Event-ID` (what EventSource sends on a
 * reconnect) or else the `after` query parameter; both are the id of the last
 * event the client holds. Neither: null, the stream starts at the newest
 * event (only what happens from now on). Anything but a decimal id is refused
 * with a message naming it.
 */
export function parseCursor(lastEventId: string | undefined, after: string | undefined): string | null {
  const [name, raw] = lastEventId !== undefined && lastEventId !== '' ? ['Last-Event-ID', lastEventId] : ['after', after];
  if (raw === undefined || raw === '') return null;
  if (!/^\d{1,19}$/.test(raw) || BigInt(raw) > MAX_CURSOR) throw new CursorError(`${name} must be the decimal id of an event (got ${JSON.stringify(raw.slice(0, 40))})`);
  return BigInt(raw).toString();
}

/** A row of the live event log as the stream sends it. */
export interface LiveEvent {
  /** The log's bigserial id: the SSE `id`, the cursor to resume after. */
  id: string;
  eventId: string;
  type: string;
  aggregateId: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** One SSE frame: `id`, `event` (the domain event's type) and the envelope as JSON on one `data` line. */
export function sseFrame(event: LiveEvent): string {
  const data = JSON.stringify({ id: event.eventId, type: event.type, aggregateId: event.aggregateId, occurredAt: event.occurredAt, payload: event.payload });
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${data}\n\n`;
}

/** A comment line: keeps proxies from closing an idle stream and lets the server notice a gone client. */
export const SSE_HEARTBEAT = ': heartbeat\n\n';

/** Tells EventSource how long to wait before reconnecting. */
export const sseRetry = (ms: number) => `retry: ${ms}\n\n`;
