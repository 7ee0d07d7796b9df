import * as oauth from 'oauth4webapi';
import { PendingSignIn, pickGatewayToken, savePending, SignInError, takePending } from './oidc-callback';

/** Sign-in through the OIDC issuer, as the gateway announces it (GET /api/companyos/auth/config). */
export interface OidcSignIn {
  issuer: string;
  clientId: string;
  /** The `aud` the gateway accepts: the token carrying it is the one kept. */
  audience: string;
}

/** Where the issuer sends the browser back: register `<dashboard origin>/auth/callback` as the client's redirect URI. */
export const CALLBACK_PATH = '/auth/callback';
export const redirectUri = () => `${location.origin}${CALLBACK_PATH}`;

const SCOPE = 'openid profile email';
/** Every request to the gateway or the issuer has a deadline. */
const TIMEOUT_MS = 15_000;

/** Whether the gateway offers sign-in through an OIDC issuer (null: pasted tokens only). */
export async function loadOidcSignIn(): Promise<OidcSignIn | null> {
  const response = await fetch('/api/companyos/auth/config', { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`the gateway's sign-in settings answered ${response.status}`);
  const body = (await response.json()) as { oidc?: OidcSignIn | null };
  return body.oidc ?? null;
}

/** Plain http only to an issuer on this machine (development, tests); anywhere else oauth4webapi insists on https. */
function requestOptions(issuer: string) {
  const { protocol, hostname } = new URL(issuer);
  const loopback = protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
  return { signal: AbortSignal.timeout(TIMEOUT_MS), [oauth.allowInsecureRequests]: loopback };
}

/**
 * Leaves for the issuer's login: reads its discovery document, remembers
 * state, nonce and a PKCE verifier in this tab, and navigates to the
 * authorization endpoint (code flow, S256, public client: no secret).
 */
export async function beginSignIn(config: OidcSignIn, returnTo: string): Promise<void> {
  const issuer = new URL(config.issuer);
  const server = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, requestOptions(config.issuer)));
  if (!server.authorization_endpoint || !server.token_endpoint) throw new SignInError(`${config.issuer} names no authorization or token endpoint`);
  const pending: PendingSignIn = {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    verifier: oauth.generateRandomCodeVerifier(),
    server: server as unknown as Record<string, unknown>,
    returnTo,
    startedAt: Date.now(),
  };
  const url = new URL(server.authorization_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', SCOPE);
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  savePending(sessionStorage, pending);
  location.assign(url.href);
}

/**
 * Back from the issuer at CALLBACK_PATH: checks the answer belongs to the
 * sign-in started in this tab (state, issuer), exchanges the code with the
 * PKCE verifier, checks the ID token's nonce, and returns the token the
 * gateway verifies and where to go next.
 */
export async function completeSignIn(config: OidcSignIn, callback: URL): Promise<{ token: string; returnTo: string }> {
  const pending = takePending(sessionStorage, callback.searchParams);
  const server = pending.server as unknown as oauth.AuthorizationServer;
  const client: oauth.Client = { client_id: config.clientId };
  const params = oauth.validateAuthResponse(server, client, callback, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(server, client, oauth.None(), params, redirectUri(), pending.verifier, requestOptions(config.issuer));
  const tokens = await oauth.processAuthorizationCodeResponse(server, client, response, { expectedNonce: pending.nonce, requireIdToken: true });
  return { token: pickGatewayToken(tokens, config.audience), returnTo: pending.returnTo };
}
