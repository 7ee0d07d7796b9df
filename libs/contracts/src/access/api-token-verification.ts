import { createHash } from 'node:crypto';
import type { Principal } from './access-roles';

/**
 * The access app's internal endpoint the gateway asks for each API token
 * (signed with SUBGRAPH_SECRET like any subgraph call). Body
 * `{ token }`; answers 200 `{ principal }` or 401 `{ code, message }`.
 */
export const API_TOKEN_VERIFY_PATH = '/internal/api-tokens/verify';

/** API tokens start with this, so a leaked one is easy to recognise (and to scan for). */
export const API_TOKEN_PREFIX = 'cos_';

/** What stands for a token wherever it is kept (the access app's table, a gateway's cache): its SHA-256, in hex. */
export const hashApiToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const ApiTokenRefusals = {
  Unknown: 'TOKEN_UNKNOWN',
  Expired: 'TOKEN_EXPIRED',
  Revoked: 'TOKEN_REVOKED',
} as const;
export type ApiTokenRefusal = (typeof ApiTokenRefusals)[keyof typeof ApiTokenRefusals];

/** A good token's principal and when the token expires (ISO-8601), or why it is refused. */
export type ApiTokenVerification = { principal: Principal; expiresAt: string } | { code: ApiTokenRefusal; message: string };

/**
 * Redis pub/sub channel (under the installation's QUEUE_PREFIX) the access
 * app publishes to on every revocation. Gateways cache verified tokens
 * briefly while they are subscribed, and drop their cache on each message
 * (and whenever their subscription is re-established), so a revocation holds
 * at once on every replica without a Redis round trip per request.
 */
export const apiTokenRevocationsChannel = (queuePrefix: string) => `${queuePrefix}:access:api-token-revocations`;
