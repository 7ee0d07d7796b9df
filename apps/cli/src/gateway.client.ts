import { CliError, exitCodeForGraphqlCodes, exitCodeForStatus, ExitCode } from './cli-errors';
import type { Connection } from './cli-config';

/** An answer larger than this is refused rather than buffered. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export interface GraphqlError {
  message: string;
  extensions?: { code?: string; reason?: string; details?: unknown };
  path?: (string | number)[];
}

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown>;
}

/** One GraphQL call to the gateway; what every command goes through. */
export type Graphql = <T>(request: GraphqlRequest) => Promise<T>;

/** Turns GraphQL errors into one CliError naming each error and its code. */
export function graphqlFailure(errors: GraphqlError[], status: number): CliError {
  const codes = errors.map((error) => error.extensions?.code).filter((code): code is string => typeof code === 'string');
  const lines = errors.slice(0, 20).map((error) => {
    const code = error.extensions?.code;
    const reason = error.extensions?.reason ? ` (${error.extensions.reason})` : '';
    return `${code ? `${code}: ` : ''}${error.message}${reason}`;
  });
  if (errors.length > 20) lines.push(`… and ${errors.length - 20} more errors`);
  const exitCode = codes.length ? exitCodeForGraphqlCodes(codes) : exitCodeForStatus(status);
  const prefix = exitCode === ExitCode.Auth && status === 401 ? 'the gateway refused the token (401): ' : '';
  return new CliError(`${prefix}${lines.join('\n')}`, exitCode, codes);
}

/** Why fetch itself failed, in words: refused, unknown host, timed out, … */
export function networkFailure(url: string, error: unknown, timeoutMs: number): CliError {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return new CliError(`no answer from ${url} within ${timeoutMs} ms (raise it with --timeout or COMPANYOS_TIMEOUT_MS)`, ExitCode.Unreachable);
  }
  const cause = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(error);
  return new CliError(`cannot reach ${url}: ${cause}`, ExitCode.Unreachable);
}

/** Reads a body up to `limit` bytes; more is an error, not an unbounded buffer. */
async function readBounded(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new CliError(`the gateway's answer is ${declared} bytes, more than ${limit}`, ExitCode.Failed);
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new CliError(`the gateway's answer is more than ${limit} bytes`, ExitCode.Failed);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Interprets one HTTP answer of POST /graphql: data, or a CliError naming what went wrong. */
export function interpretAnswer<T>(endpoint: string, status: number, contentType: string, text: string): T {
  let body: { data?: T | null; errors?: GraphqlError[] } | undefined;
  if (contentType.includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (body && Array.isArray(body.errors) && body.errors.length) throw graphqlFailure(body.errors, status);
  if (status === 429) throw new CliError(`rate limited by the gateway (429); try again later`, ExitCode.Failed);
  if (status < 200 || status >= 300 || !body || body.data == null) {
    const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
    const what = body ? 'no data' : `a ${contentType || 'body without a content type'}`;
    throw new CliError(`unexpected answer from ${endpoint}: HTTP ${status} with ${what}${snippet ? `: ${snippet}` : ''} — is this a CompanyOS gateway?`, exitCodeForStatus(status));
  }
  return body.data;
}

/** A thin client over the gateway's GraphQL endpoint: POST <url>/graphql with `Authorization: Bearer <token>`, within a timeout. */
export function gatewayClient(connection: Connection, fetchImpl: typeof fetch = fetch): Graphql {
  const endpoint = `${connection.url}/graphql`;
  return async <T>(request: GraphqlRequest): Promise<T> => {
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: `Bearer ${connection.token}`,
          'user-agent': 'companyos-cli',
        },
        body: JSON.stringify({ query: request.query, variables: request.variables ?? {} }),
        signal: AbortSignal.timeout(connection.timeoutMs),
        redirect: 'error',
      });
      text = await readBounded(response, MAX_RESPONSE_BYTES);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw networkFailure(endpoint, error, connection.timeoutMs);
    }
    return interpretAnswer<T>(endpoint, response.status, response.headers.get('content-type') ?? '', text);
  };
}
