import type { Principal } from './access-roles';

/**
 * The access app's internal endpoint the gateway asks for each API token
 * (signed with SUBGRAPH_SECRET like any subgraph call). Body
 * `{ token }`; answers 200 `{ principal }` or 401 `{ code, message }`.
 */
export const API_TOKEN_VERIFY_PATH = '/internal/api-tokens/verify';

/** API tokens start with this, so a leaked one is easy to recognise (and to scan for). */
export const API_TOKEN_PREFIX = 'cos_';

export const ApiTokenRefusals = {
  Unknown: 'TOKEN_UNKNOWN',
  Expired: 'TOKEN_EXPIRED',
  Revoked: 'TOKEN_REVOKED',
} as const;
export type ApiTokenRefusal = (typeof ApiTokenRefusals)[keyof typeof ApiTokenRefusals];

export type ApiTokenVerification = { principal: Principal } | { code: ApiTokenRefusal; message: string };
