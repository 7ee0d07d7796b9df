import { useEffect } from 'react';
import { whoami, type Me } from '../api';
import { completeSignIn, loadOidcSignIn } from '../oidc';

/** One exchange per callback URL: a second render (StrictMode, a re-mount) must not spend the code twice. */
let running: { href: string; done: Promise<{ token: string; me: Me; returnTo: string }> } | null = null;

function finish(href: string) {
  if (running?.href !== href) {
    running = {
      href,
      done: (async () => {
        const config = await loadOidcSignIn();
        if (!config) throw new Error('this gateway does not offer sign-in through an OIDC issuer (OIDC_ISSUER and OIDC_CLIENT_ID are not both set)');
        const { token, returnTo } = await completeSignIn(config, new URL(href));
        return { token, me: await whoami(token), returnTo };
      })(),
    };
  }
  return running.done;
}

/**
 * Where the issuer's login sends the browser back (`/auth/callback?code=…&state=…`):
 * completes the sign-in, or goes back to the sign-in page with the reason it failed.
 */
export function OidcCallbackPage({ onSignedIn, onFailed }: { onSignedIn: (token: string, me: Me, returnTo: string) => void; onFailed: (message: string) => void }) {
  useEffect(() => {
    let current = true;
    finish(location.href).then(
      ({ token, me, returnTo }) => current && onSignedIn(token, me, returnTo),
      (error: Error) => current && onFailed(`Sign-in failed: ${error.message}`),
    );
    return () => {
      current = false;
    };
  }, [onSignedIn, onFailed]);
  return <p className="muted">Signing in…</p>;
}
