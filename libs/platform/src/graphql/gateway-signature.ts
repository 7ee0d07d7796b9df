import type { AccessRole, Principal } from '@companyos/contracts';
import { isAccessRole } from '@companyos/contracts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Subgraphs answer only the gateway (and other domains that hold the
 * secret). Each request names its principal in `x-companyos-actor`,
 * `x-companyos-actor-id` and `x-companyos-role` and carries
 * `x-companyos-gateway-signature: t=<unix ms>,v1=<hex HMAC-SHA256(SUBGRAPH_SECRET, "<t>.<role>.<id>.<actor>")>`,
 * so the forwarded principal cannot be changed and an old signature expires.
 */
export const GATEWAY_SIGNATURE_HEADER = 'x-companyos-gateway-signature';
/** The acting principal's display name (`token:ci`, `alice@example.com`, `service:deployments`). */
export const ACTOR_HEADER = 'x-companyos-actor';
export const ACTOR_ID_HEADER = 'x-companyos-actor-id';
export const ROLE_HEADER = 'x-companyos-role';

/** What a subgraph learns of the principal: who, and with which role. */
export type ForwardedPrincipal = Pick<Principal, 'id' | 'name' | 'role'>;

/** How far a signature's time may be from the subgraph's clock. */
export const SIGNATURE_MAX_SKEW_MS = 5 * 60_000;

/** SUBGRAPH_SECRET, which the gateway and every subgraph need; throws naming the variable when it is unset. */
export function requireSubgraphSecret(config: { subgraphSecret: string | null }): string {
  if (!config.subgraphSecret) {
    throw new Error('Invalid configuration:\n  SUBGRAPH_SECRET: is required (the gateway signs every subgraph request with it; subgraphs check it)');
  }
  return config.subgraphSecret;
}

/** A domain calling another subgraph on its own behalf (reads only). */
export const servicePrincipal = (appName: string): ForwardedPrincipal => ({ id: `service:${appName}`, name: `service:${appName}`, role: 'viewer' });

/** The headers that name `principal` to a subgraph, signed. */
export function signedPrincipalHeaders(secret: string, principal: ForwardedPrincipal, now = Date.now()): Record<string, string> {
  return {
    [ACTOR_HEADER]: principal.name,
    [ACTOR_ID_HEADER]: principal.id,
    [ROLE_HEADER]: principal.role,
    [GATEWAY_SIGNATURE_HEADER]: `t=${now},v1=${hmac(secret, now, principal)}`,
  };
}

/** The principal a signed request names, or what is wrong with its signature. */
export function verifySignedPrincipal(
  secret: string,
  headers: IncomingHttpHeaders,
  now = Date.now(),
): { principal: ForwardedPrincipal; problem?: undefined } | { problem: string; principal?: undefined } {
  const header = single(headers[GATEWAY_SIGNATURE_HEADER]);
  if (!header) return { problem: `${GATEWAY_SIGNATURE_HEADER} header is missing: subgraphs answer only requests signed by the gateway` };
  const match = /^t=(\d{1,16}),v1=([0-9a-f]{64})$/.exec(header.trim());
  if (!match) return { problem: `${GATEWAY_SIGNATURE_HEADER} is malformed: expected t=<unix ms>,v1=<hex>` };
  const role = single(headers[ROLE_HEADER]) ?? '';
  if (!isAccessRole(role)) return { problem: `${ROLE_HEADER} must be one of viewer, responder, admin` };
  const principal: ForwardedPrincipal = { id: single(headers[ACTOR_ID_HEADER]) ?? '', name: single(headers[ACTOR_HEADER]) ?? '', role: role as AccessRole };
  const at = Number(match[1]);
  if (Math.abs(now - at) > SIGNATURE_MAX_SKEW_MS) return { problem: `${GATEWAY_SIGNATURE_HEADER} has expired or comes from a clock more than 5 minutes off` };
  const expected = Buffer.from(hmac(secret, at, principal), 'hex');
  const given = Buffer.from(match[2], 'hex');
  if (!timingSafeEqual(expected, given)) return { problem: `${GATEWAY_SIGNATURE_HEADER} does not match (wrong secret, or the principal was changed)` };
  return { principal };
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const hmac = (secret: string, at: number, principal: ForwardedPrincipal) =>
  createHmac('sha256', secret).update(`${at}.${principal.role}.${principal.id}.${principal.name}`).digest('hex');
