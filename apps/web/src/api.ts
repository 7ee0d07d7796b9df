/** The dashboard's one API: POST /graphql on the gateway that served it, with the signed-in token. */

const TOKEN_KEY = 'companyos.token';

export const getToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (token: string) => sessionStorage.setItem(TOKEN_KEY, token);
export const clearToken = () => sessionStorage.removeItem(TOKEN_KEY);

/** Told when the gateway refuses the kept token (expired, revoked): the page goes back to sign-in. */
let onRefused: () => void = () => undefined;
export const whenTokenRefused = (handler: () => void) => {
  onRefused = handler;
};

export class GraphqlError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface GraphqlResult<T> {
  data: T | null;
  /** Errors of a partial answer (some fields failed, the rest is in data). */
  errors: string[];
}

/** Runs an operation; throws when nothing came back (network, 401, 403, a failed mutation), returns partial data otherwise. */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token = getToken()): Promise<GraphqlResult<T>> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    // A gateway that never answers must not pin the page's query (and its reloads) for ever.
    signal: AbortSignal.timeout(30_000),
  });
  if (response.status === 401 && token && token === getToken()) onRefused();
  let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new GraphqlError(`the gateway answered ${response.status} without JSON`, null, response.status);
  }
  const errors = body.errors ?? [];
  if (!body.data) {
    const first = errors[0];
    throw new GraphqlError(errors.map((e) => e.message).join('; ') || `HTTP ${response.status}`, first?.extensions?.code ?? null, response.status);
  }
  return { data: body.data, errors: errors.map((e) => e.message) };
}

/** A mutation: any error is a failure. */
export async function mutate<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const { data, errors } = await graphql<T>(query, variables);
  if (errors.length) throw new GraphqlError(errors.join('; '), null, 200);
  return data as T;
}

export type Role = 'VIEWER' | 'RESPONDER' | 'ADMIN';
export interface Me {
  id: string;
  name: string;
  role: Role;
}

export async function whoami(token: string): Promise<Me> {
  const { data } = await graphql<{ whoami: Me }>('query Whoami { whoami { id name role } }', {}, token);
  return data!.whoami;
}
