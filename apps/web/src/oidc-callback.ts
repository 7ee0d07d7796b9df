/**
 * The decisions of the OIDC sign-in that need no network, kept apart so unit
 * tests reach them: what a sign-in in progress remembers, whether a callback
 * answers it, and which of the issuer's tokens the gateway accepts.
 */

/** What the tab remembers between leaving for the issuer's login and coming back (session storage, this tab only). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  /** PKCE code verifier (S256): only this tab can exchange the code the issuer sends back. */
  verifier: string;
  /** The issuer's discovery document, as read when the sign-in started. */
  server: Record<string, unknown>;
  /** Where the person was when they signed in, to return them there. */
  returnTo: string;
  startedAt: number;
}

export const PENDING_KEY = 'companyos.oidc.pending';
/** A login left unfinished longer than this is not taken back: start again. */
export const PENDING_MAX_AGE_MS = 15 * 60_000;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** A sign-in that did not happen, with the reason a person can act on. */
export class SignInError extends Error {}

export function savePending(storage: Store, pending: PendingSignIn): void {
  storage.setItem(PENDING_KEY, JSON.stringify(pending));
}

/**
 * The sign-in this callback answers. It is taken out of storage whatever
 * happens (a callback URL works once), and refused when none was started in
 * this tab, it is too old, the `state` is not the one sent (a forged or
 * replayed callback), or the issuer answered with an error.
 */
export function takePending(storage: Store, params: URLSearchParams, now = Date.now()): PendingSignIn {
  const raw = storage.getItem(PENDING_KEY);
  storage.removeItem(PENDING_KEY);
  let pending: PendingSignIn | null = null;
  try {
    pending = raw ? (JSON.parse(raw) as PendingSignIn) : null;
  } catch {
    pending = null;
  }
  if (!pending || typeof pending.state !== 'string' || typeof pending.verifier !== 'string') {
    throw new SignInError('no sign-in was started in this tab (or it was already completed): sign in again');
  }
  if (params.get('state') !== pending.state) {
    throw new SignInError('the answer from the sign-in page does not match the sign-in started here (state mismatch): sign in again');
  }
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    throw new SignInError(`the issuer refused the sign-in: ${error}${description ? ` (${description})` : ''}`);
  }
  if (now - pending.startedAt > PENDING_MAX_AGE_MS) throw new SignInError('the sign-in took too long: sign in again');
  if (!params.get('code')) throw new SignInError('the issuer sent no authorization code: sign in again');
  return pending;
}

/** The claims of a JWT, unverified (only to choose which token to send; the gateway verifies it). */
export function jwtClaims(token: string | undefined): Record<string, unknown> | null {
  const part = token?.split('.')[1];
  if (!part || token!.split('.').length !== 3) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const audienceOf = (claims: Record<string, unknown> | null): string[] =>
  !claims ? [] : Array.isArray(claims.aud) ? claims.aud.map(String) : typeof claims.aud === 'string' ? [claims.aud] : [];

/**
 * Which token the dashboard keeps and sends: the one the gateway will verify,
 * i.e. a JWT whose `aud` names the gateway's audience (OIDC_AUDIENCE, else
 * OIDC_CLIENT_ID). The access token when the issuer makes it such a JWT (an
 * API audience), else the ID token (its `aud` is always the client id).
 */
export function pickGatewayToken(tokens: { access_token?: string; id_token?: string }, audience: string): string {
  if (audienceOf(jwtClaims(tokens.access_token)).includes(audience)) return tokens.access_token!;
  if (audienceOf(jwtClaims(tokens.id_token)).includes(audience)) return tokens.id_token!;
  throw new SignInError(
    `the issuer's tokens are not for this gateway: neither the access token nor the ID token has aud "${audience}" ` +
      '(set OIDC_AUDIENCE to the audience the issuer puts in its access tokens, or leave it unset to use the ID token)',
  );
}
