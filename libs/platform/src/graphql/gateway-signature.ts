import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Subgraphs answer only the gateway (and other domains that hold the
 * secret): each request carries `x-companyos-gateway-signature:
 * t=<unix ms>,v1=<hex HMAC-SHA256(SUBGRAPH_SECRET, "<t>.<actor>")>`, binding
 * the time and the acting principal (`x-companyos-actor`), so a forwarded
 * principal cannot be changed and an old signature expires.
 */
export const GATEWAY_SIGNATURE_HEADER = 'x-companyos-gateway-signature';

/** How far a signature's time may be from the subgraph's clock. */
export const SIGNATURE_MAX_SKEW_MS = 5 * 60_000;

/** SUBGRAPH_SECRET, which the gateway and every subgraph need; throws naming the variable when it is unset. */
export function requireSubgraphSecret(config: { subgraphSecret: string | null }): string {
  if (!config.subgraphSecret) {
    throw new Error('Invalid configuration:\n  SUBGRAPH_SECRET: is required (the gateway signs every subgraph request with it; subgraphs check it)');
  }
  return config.subgraphSecret;
}

export function signGatewayRequest(secret: string, actor: string, now = Date.now()): string {
  return `t=${now},v1=${hmac(secret, now, actor)}`;
}

/** null when the header is a valid, fresh signature for `actor`; otherwise what is wrong with it. */
export function gatewaySignatureProblem(secret: string, header: string | undefined, actor: string, now = Date.now()): string | null {
  if (!header) return `${GATEWAY_SIGNATURE_HEADER} header is missing: subgraphs answer only requests signed by the gateway`;
  const match = /^t=(\d{1,16}),v1=([0-9a-f]{64})$/.exec(header.trim());
  if (!match) return `${GATEWAY_SIGNATURE_HEADER} is malformed: expected t=<unix ms>,v1=<hex>`;
  const at = Number(match[1]);
  if (Math.abs(now - at) > SIGNATURE_MAX_SKEW_MS) return `${GATEWAY_SIGNATURE_HEADER} has expired or comes from a clock more than 5 minutes off`;
  const expected = Buffer.from(hmac(secret, at, actor), 'hex');
  const given = Buffer.from(match[2], 'hex');
  return timingSafeEqual(expected, given) ? null : `${GATEWAY_SIGNATURE_HEADER} does not match (wrong secret, or the actor was changed)`;
}

const hmac = (secret: string, at: number, actor: string) => createHmac('sha256', secret).update(`${at}.${actor}`).digest('hex');
