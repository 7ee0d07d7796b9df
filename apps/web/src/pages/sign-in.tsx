import { useState, type FormEvent } from 'react';
import { whoami, type Me } from '../api';
import { ErrorNote } from '../widgets';

/** Sign-in with an API token or a JWT: checked with `whoami`, then kept in this tab's session storage only. */
export function SignInPage({ onSignedIn }: { onSignedIn: (token: string, me: Me) => void }) {
  const [token, setToken] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
  return (
    <main className="sign-in">
      <h1>CompanyOS</h1>
      <p className="muted">Operations dashboard. Sign in with an API token (<code>cos_…</code>) or a JWT.</p>
      <form onSubmit={submit} className="stack">
        <input type="password" aria-label="API token" placeholder="API token or JWT" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required maxLength={8192} />
        <button disabled={busy || !token.trim()}>Sign in</button>
      </form>
      {failure && <ErrorNote message={failure} />}
      <p className="muted small">The token stays in this tab (session storage) and is sent only to this gateway.</p>
    </main>
  );
}
