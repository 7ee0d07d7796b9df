import { useEffect, useState, type FormEvent } from 'react';
import { whoami, type Me } from '../api';
import { beginSignIn, CALLBACK_PATH, loadOidcSignIn, type OidcSignIn } from '../oidc';
import { ErrorNote } from '../widgets';

/**
 * Sign-in through the OIDC issuer's login (when the gateway has OIDC_ISSUER and OIDC_CLIENT_ID), or with an
 * API token or a JWT pasted here: checked with `whoami`, then kept in this tab's session storage only.
 */
export function SignInPage({ onSignedIn, failure: initialFailure = null }: { onSignedIn: (token: string, me: Me) => void; failure?: string | null }) {
  const [token, setToken] = useState('');
  const [failure, setFailure] = useState<string | null>(initialFailure);
  const [busy, setBusy] = useState(false);
  const [oidc, setOidc] = useState<OidcSignIn | null>(null);

  useEffect(() => setFailure(initialFailure), [initialFailure]);
  useEffect(() => {
    let current = true;
    loadOidcSignIn().then(
      (config) => current && setOidc(config),
      // The pasted token still works: say why the issuer's button is missing.
      (error: Error) => current && setFailure(`Sign-in through the company login is unavailable: ${error.message}`),
    );
    return () => {
      current = false;
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const value = token.trim();
      onSignedIn(value, await whoami(value));
    } catch (e) {
      setFailure(`Sign-in failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const signInWithIssuer = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const here = location.pathname + location.search;
      await beginSignIn(oidc!, here.startsWith(CALLBACK_PATH) ? '/' : here);
      // The browser is leaving for the issuer's login page.
    } catch (e) {
      setFailure(`Sign-in failed: ${(e as Error).message}`);
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>CompanyOS</h1>
      <p className="muted">Operations dashboard.</p>
      {oidc && (
        <div className="stack">
          <button onClick={signInWithIssuer} disabled={busy} data-oidc-issuer={oidc.issuer}>
            Sign in with {new URL(oidc.issuer).host}
          </button>
          <p className="muted small">Or with an API token:</p>
        </div>
      )}
      {!oidc && <p className="muted">Sign in with an API token (<code>cos_…</code>) or a JWT.</p>}
      <form onSubmit={submit} className="stack">
        <input type="password" aria-label="API token" placeholder="API token or JWT" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required maxLength={8192} />
        <button disabled={busy || !token.trim()}>Sign in</button>
      </form>
      {failure && <ErrorNote message={failure} />}
      <p className="muted small">The token stays in this tab (session storage) and is sent only to this gateway.</p>
    </main>
  );
}
