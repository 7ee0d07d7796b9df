import { useCallback, useEffect, useState } from 'react';
import { clearToken, getToken, setToken, whenTokenRefused, whoami, type Me } from './api';
import { jwtClaims } from './oidc-callback';
import { CALLBACK_PATH } from './oidc';
import { DeploymentsPage } from './pages/deployments';
import { IncidentPage } from './pages/incident';
import { OperationsPage } from './pages/operations';
import { OidcCallbackPage } from './pages/oidc-callback';
import { SignInPage } from './pages/sign-in';
import { SlosPage } from './pages/slos';
import { Link, navigate, usePath } from './router';
import { LiveProvider, SessionProvider, useLive, useSession } from './session';

export function App() {
  const [token, setTokenState] = useState<string | null>(getToken());
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(!!token);
  const [failure, setFailure] = useState<string | null>(null);
  const path = usePath();

  const signOut = useCallback(() => {
    clearToken();
    setTokenState(null);
    setMe(null);
  }, []);
  const signedIn = useCallback((value: string, who: Me) => {
    setToken(value);
    setTokenState(value);
    setMe(who);
    setFailure(null);
  }, []);

  // A token the gateway refuses (expired, revoked) ends the session: back to the sign-in page.
  useEffect(() => whenTokenRefused(signOut), [signOut]);
  // A JWT ends when it expires, even if nothing asks the gateway meanwhile.
  useEffect(() => {
    const exp = jwtClaims(token ?? undefined)?.exp;
    if (!token || typeof exp !== 'number') return;
    const timer = setTimeout(signOut, Math.min(Math.max(exp * 1000 - Date.now(), 0), 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [token, signOut]);

  useEffect(() => {
    if (!token || me) return;
    whoami(token)
      .then(setMe)
      .catch(signOut)
      .finally(() => setChecking(false));
  }, [token, me, signOut]);

  if (path === CALLBACK_PATH) {
    return (
      <OidcCallbackPage
        onSignedIn={(value, who, returnTo) => {
          signedIn(value, who);
          navigate(returnTo, { replace: true });
        }}
        onFailed={(message) => {
          setFailure(message);
          navigate('/', { replace: true });
        }}
      />
    );
  }
  if (!token || !me) {
    if (checking) return <p className="muted">Signing in…</p>;
    return <SignInPage onSignedIn={signedIn} failure={failure} />;
  }
  return (
    <SessionProvider value={{ me, token, canRespond: me.role !== 'VIEWER', signOut }}>
      <LiveProvider token={token} onUnauthorized={signOut}>
        <Shell />
      </LiveProvider>
    </SessionProvider>
  );
}

function Shell() {
  const path = usePath();
  const { me, signOut } = useSession();
  const { status } = useLive();
  const incident = /^\/incidents\/([^/]+)$/.exec(path);
  let page;
  if (incident) page = <IncidentPage id={decodeURIComponent(incident[1])} />;
  else if (path === '/deployments') page = <DeploymentsPage />;
  else if (path === '/slos') page = <SlosPage />;
  else page = <OperationsPage />;
  return (
    <>
      <header>
        <strong className="brand">CompanyOS</strong>
        <nav>
          <Link to="/" className={path === '/' ? 'active' : ''}>Operations</Link>
          <Link to="/deployments" className={path === '/deployments' ? 'active' : ''}>Deployments</Link>
          <Link to="/slos" className={path === '/slos' ? 'active' : ''}>SLOs</Link>
        </nav>
        <span className={`live live-${status}`} data-live-status={status}>● {status}</span>
        <span className="who">{me.name} · {me.role.toLowerCase()}</span>
        <button className="link" onClick={signOut}>Sign out</button>
      </header>
      <main>{page}</main>
    </>
  );
}
