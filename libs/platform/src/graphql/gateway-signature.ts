import type { AccessRole, Principal } from '@companyos/contracts';
import { isAccessRole } from '@companyos/contracts';
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Subgraphs and internal endpoints answer only signed requests (from the
 * gateway, or from another domain holding SUBGRAPH_SECRET). A request names
 * its principal in `x-companyos-actor`, `x-companyos-actor-id` (both
 * percent-encoded UTF-8, so `Łukasz` and `田中` travel in a legal header)
 * and `x-companyos-role`, and carries
 *
 *   x-companyos-gateway-signature: t=<unix ms>,n=<random nonce>,v2=<hex HMAC-SHA256>
 *
 * over "companyos-v2", the time, the nonce, the method, the path (with its
 * query), the SHA-256 of the exact body bytes, the role and the two encoded
 * names, one per line. The key is the target subgraph's own:
 * HKDF-SHA256(SUBGRAPH_SECRET, info = its name), so a request signed for
 * one subgraph is refused by every other, a captured request cannot carry
 * another body or go to another path, and (with the nonce each receiver
 * remembers for the signature's life, see GatewaySignatureMiddleware) it
 * cannot be sent twice.
 */
export const GATEWAY_SIGNATURE_HEADER = 'x-companyos-gateway-signature';
/** The acting principal's display name (`token:ci`, `alice@example.com`, `service:deployments`), percent-encoded. */
export const ACTOR_HEADER = 'x-companyos-actor';
export const ACTOR_ID_HEADER = 'x-companyos-actor-id';
export const ROLE_HEADER = 'x-companyos-role';

/** What a subgraph learns of the principal: who, and with which role. */
export type ForwardedPrincipal = Pick<Principal, 'id' | 'name' | 'role'>;

/** How far a signature's time may be from the receiver's clock; a nonce is remembered for twice this. */
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

/** One request to sign: where it goes, what it carries, for whom. */
export interface RequestToSign {
  /** The receiving app's name (`incidents`, `alerts`, `access`…): its key signs the request. */
  subgraph: string;
  method: string;
  /** The URL (or path) the request goes to: its path and query are signed. */
  url: string;
  /** The exact bytes sent (undefined or '' for none). */
  body: string | Uint8Array | undefined;
  principal: ForwardedPrincipal;
}

/**
 * The one way to sign a request to a subgraph or an internal endpoint: the
 * principal's headers and the signature, to send with exactly `body`.
 */
export function signedRequestHeaders(secret: string, request: RequestToSign, now = Date.now(), nonce = randomBytes(16).toString('base64url')): Record<string, string> {
  const headers = principalHeaders(request.principal);
  const canonical = canonicalRequest(now, nonce, request.method, pathOf(request.url), digestOf(request.body), headers[ROLE_HEADER], headers[ACTOR_ID_HEADER], headers[ACTOR_HEADER]);
  return { ...headers, [GATEWAY_SIGNATURE_HEADER]: `t=${now},n=${nonce},v2=${hmac(subgraphKey(secret, request.subgraph), canonical)}` };
}

/** The principal's headers alone, unsigned (names percent-encoded). */
export function principalHeaders(principal: ForwardedPrincipal): Record<string, string> {
  return { [ACTOR_HEADER]: encodeURIComponent(principal.name), [ACTOR_ID_HEADER]: encodeURIComponent(principal.id), [ROLE_HEADER]: principal.role };
}

/** The principal that principalHeaders wrote (not checked: only a verified signature makes it true), or null. */
export function principalFromHeaders(headers: Record<string, string | string[] | undefined>): ForwardedPrincipal | null {
  const role = single(headers[ROLE_HEADER]);
  const name = decode(single(headers[ACTOR_HEADER]) ?? '');
  const id = decode(single(headers[ACTOR_ID_HEADER]) ?? '');
  return isAccessRole(role) && name && id ? { id, name, role } : null;
}

/** A request as the receiver sees it: `url` is the path with its query (Express's originalUrl), `body` the raw bytes. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array | undefined;
}

export type SignatureCheck =
  | { principal: ForwardedPrincipal; nonce: string; problem?: undefined }
  | { problem: string; principal?: undefined; nonce?: undefined };

/**
 * The principal a request signed for `subgraph` names, and its nonce (which
 * the caller must then see only once), or what is wrong with it.
 */
export function verifySignedRequest(secret: string, subgraph: string, request: ReceivedRequest, now = Date.now()): SignatureCheck {
  const header = single(request.headers[GATEWAY_SIGNATURE_HEADER]);
  if (!header) return { problem: `${GATEWAY_SIGNATURE_HEADER} header is missing: subgraphs answer only requests signed by the gateway` };
  const match = /^t=(\d{1,16}),n=([A-Za-z0-9_-]{16,64}),v2=([0-9a-f]{64})$/.exec(header.trim());
  if (!match) return { problem: `${GATEWAY_SIGNATURE_HEADER} is malformed: expected t=<unix ms>,n=<nonce>,v2=<hex>` };
  const [, time, nonce, signature] = match;
  const role = single(request.headers[ROLE_HEADER]) ?? '';
  if (!isAccessRole(role)) return { problem: `${ROLE_HEADER} must be one of viewer, responder, admin` };
  const actor = single(request.headers[ACTOR_HEADER]) ?? '';
  const actorId = single(request.headers[ACTOR_ID_HEADER]) ?? '';
  const at = Number(time);
  if (Math.abs(now - at) > SIGNATURE_MAX_SKEW_MS) return { problem: `${GATEWAY_SIGNATURE_HEADER} has expired or comes from a clock more than 5 minutes off` };
  const canonical = canonicalRequest(at, nonce, request.method, request.url, digestOf(request.body), role, actorId, actor);
  const expected = Buffer.from(hmac(subgraphKey(secret, subgraph), canonical), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    return { problem: `${GATEWAY_SIGNATURE_HEADER} does not match (signed for another subgraph or with another secret, or the method, path, body or principal was changed)` };
  }
  const name = decode(actor);
  const id = decode(actorId);
  if (name === null || id === null) return { problem: `${ACTOR_HEADER} and ${ACTOR_ID_HEADER} must be percent-encoded UTF-8` };
  return { principal: { id, name, role: role as AccessRole }, nonce };
}

/** The subgraph's own key, HKDF-SHA256 of SUBGRAPH_SECRET with its name (derived once per process). */
export function subgraphKey(secret: string, subgraph: string): Buffer {
  const cacheKey = `${subgraph}\n${secret}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'companyos subgraph signature', `subgraph:${subgraph}`, 32));
    keys.set(cacheKey, key);
  }
  return key;
}

const keys = new Map<string, Buffer>();

const canonicalRequest = (at: number, nonce: string, method: string, path: string, digest: string, role: string, actorId: string, actor: string) =>
  ['companyos-v2', String(at), nonce, method.toUpperCase(), path, digest, role, actorId, actor].join('\n');

const hmac = (key: Buffer, canonical: string) => createHmac('sha256', key).update(canonical).digest('hex');

const digestOf = (body: string | Uint8Array | undefined) => createHash('sha256').update(body ?? '').digest('hex');

/** `http://host:4001/graphql?x=1` → `/graphql?x=1`; a path stays as it is. */
function pathOf(url: string): string {
  if (url.startsWith('/')) return url;
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

function decode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
