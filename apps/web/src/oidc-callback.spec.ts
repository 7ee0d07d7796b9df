import { PENDING_KEY, PENDING_MAX_AGE_MS, pickGatewayToken, savePending, SignInError, takePending, type PendingSignIn } from './oidc-callback';

/** Session storage as the browser keeps it: strings by key. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const aPending = (over: Partial<PendingSignIn> = {}): PendingSignIn => ({
  state: 'state-sent',
  nonce: 'nonce-sent',
  verifier: 'verifier',
  server: { issuer: 'https://sso.example.com', token_endpoint: 'https://sso.example.com/token' },
  returnTo: '/slos',
  startedAt: 1_000_000,
  ...over,
});

const base64url = (value: unknown) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (claims: Record<string, unknown>) => `${base64url({ alg: 'RS256' })}.${base64url(claims)}.signature`;

describe('the OIDC callback (back from the issuer’s login)', () => {
  it('returns the sign-in started in this tab when the state matches and a code came, and forgets it', () => {
    const storage = memoryStorage();
    savePending(storage, aPending());
    expect(takePending(storage, new URLSearchParams('code=abc&state=state-sent'), 1_000_500)).toEqual(aPending());
    expect(storage.getItem(PENDING_KEY)).toBeNull();
    // The same callback again is not a second sign-in.
    expect(() => takePending(storage, new URLSearchParams('code=abc&state=state-sent'), 1_000_500)).toThrow('no sign-in was started in this tab');
  });

  it('refuses an answer with another state (forged or replayed), and forgets the pending sign-in', () => {
    const storage = memoryStorage();
    savePending(storage, aPending());
    expect(() => takePending(storage, new URLSearchParams('code=abc&state=someone-elses'), 1_000_500)).toThrow(
      new SignInError('the answer from the sign-in page does not match the sign-in started here (state mismatch): sign in again'),
    );
    expect(storage.getItem(PENDING_KEY)).toBeNull();
    expect(() => takePending(memoryStorage(), new URLSearchParams('code=abc&state=state-sent'))).toThrow(SignInError);
  });

  it('names the issuer’s refusal, a login left too long, a missing code and a corrupt record', () => {
    const storage = memoryStorage();
    savePending(storage, aPending());
    expect(() => takePending(storage, new URLSearchParams('error=access_denied&error_description=User+cancelled&state=state-sent'), 1_000_500)).toThrow(
      'the issuer refused the sign-in: access_denied (User cancelled)',
    );
    savePending(storage, aPending());
    expect(() => takePending(storage, new URLSearchParams('code=abc&state=state-sent'), 1_000_000 + PENDING_MAX_AGE_MS + 1)).toThrow('took too long');
    savePending(storage, aPending());
    expect(() => takePending(storage, new URLSearchParams('state=state-sent'), 1_000_500)).toThrow('no authorization code');
    storage.setItem(PENDING_KEY, '{not json');
    expect(() => takePending(storage, new URLSearchParams('code=abc&state=state-sent'))).toThrow('no sign-in was started');
  });
});

describe('which of the issuer’s tokens the dashboard sends to the gateway', () => {
  const idToken = jwt({ iss: 'https://sso.example.com', aud: 'companyos-web', sub: 'ana' });

  it('sends the ID token when the gateway’s audience is the client id and the access token is opaque or for another API', () => {
    expect(pickGatewayToken({ access_token: 'opaque-token', id_token: idToken }, 'companyos-web')).toBe(idToken);
    expect(pickGatewayToken({ access_token: jwt({ aud: 'https://billing.example.com' }), id_token: idToken }, 'companyos-web')).toBe(idToken);
  });

  it('sends the access token when it is a JWT for the gateway’s audience (OIDC_AUDIENCE)', () => {
    const access = jwt({ aud: ['https://companyos.example.com', 'https://sso.example.com/userinfo'], sub: 'ana' });
    expect(pickGatewayToken({ access_token: access, id_token: idToken }, 'https://companyos.example.com')).toBe(access);
  });

  it('refuses when neither token is for the gateway, naming the audience', () => {
    expect(() => pickGatewayToken({ access_token: 'opaque', id_token: idToken }, 'companyos-api')).toThrow('aud "companyos-api"');
    expect(() => pickGatewayToken({}, 'companyos-web')).toThrow(SignInError);
  });
});
