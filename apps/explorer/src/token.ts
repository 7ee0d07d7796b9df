/** The API token or JWT lives in this tab's sessionStorage only: closing the tab forgets it; other tabs never see it. */
const KEY = 'companyos.explorer.token';

export function readToken(): string {
  try {
    return sessionStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveToken(token: string) {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode): the token still works for this page's life.
  }
}

/** What to send as Authorization: the bare token, whether or not the person pasted "Bearer " with it. */
export const bearer = (token: string) => `Bearer ${token.trim().replace(/^bearer\s+/i, '')}`;
