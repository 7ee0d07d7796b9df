import type { GraphiQLProps } from 'graphiql';
import { bearer } from './token';

/** The gateway's own endpoint: the page and the graph share one origin (the CSP allows nothing else). */
const ENDPOINT = '/graphql';

/**
 * Sends an operation to the gateway with the token field's value as
 * `Authorization: Bearer …` (the headers tab can add others, but the token
 * field wins), and hands GraphiQL the JSON answer, errors included.
 */
export function gatewayFetcher(token: () => string): GraphiQLProps['fetcher'] {
  return async (params, options) => {
    const headers: Record<string, string> = { ...(options?.headers as Record<string, string> | undefined), 'content-type': 'application/json', accept: 'application/json' };
    const value = token().trim();
    if (value) headers.authorization = bearer(value);
    const response = await fetch(ENDPOINT, { method: 'POST', headers, body: JSON.stringify(params), credentials: 'omit', signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: `the gateway answered HTTP ${response.status} without JSON: ${text.slice(0, 200)}` }] };
    }
  };
}
