import type { AccessRole, CredentialKind } from './access-roles';

export const AUDIT_OUTCOMES = ['ALLOWED', 'DENIED', 'FAILED'] as const;
/** ALLOWED: done; DENIED: refused before anything ran (401, 403, 429, limits); FAILED: allowed but ended in an error. */
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * One line of the audit trail: every mutation and every denied request. The
 * gateway (and the token CLI) produce them on the `access.audit` queue (job
 * id = `id`, so a retry is a no-op); the access app stores them append-only.
 */
export interface AuditRecord {
  /** UUID chosen by the producer. */
  id: string;
  /** ISO-8601 time of the request. */
  occurredAt: string;
  /** Principal id and name; null when the caller could not be identified. */
  principalId: string | null;
  principalName: string | null;
  role: AccessRole | null;
  via: CredentialKind | null;
  clientIp: string | null;
  /** `mutation createIncident`, `query`, `POST /api/companyos/deployments`, … */
  operation: string;
  /** Top-level fields of a GraphQL operation (empty for non-GraphQL requests). */
  fields: string[];
  /** Ids the request named or produced (arguments named id / *Id and the ids mutations returned). */
  targetIds: string[];
  outcome: AuditOutcome;
  /** The refusal's or error's code (UNAUTHENTICATED, FORBIDDEN, TOO_MANY_REQUESTS, …), null when allowed. */
  code: string | null;
  /** Why, in words, when denied or failed. */
  detail: string | null;
}

/** The event (payload: an AuditRecord, event id = record id) the gateway's outbox relays to `access.audit`. */
export const AuditEvents = { Recorded: 'audit.recorded' } as const;
