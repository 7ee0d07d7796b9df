import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import http from 'node:http';
import https from 'node:https';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/** Keep-alive sockets kept open per subgraph when idle (busy sockets are not capped). */
const MAX_FREE_SOCKETS = 64;

/**
 * How the gateway talks to one subgraph: plain HTTP(S) over keep-alive
 * connections (no TCP or TLS handshake per request), and every exchange —
 * connecting, sending, waiting, reading the answer — done within
 * `timeoutMs` (SUBGRAPH_TIMEOUT_MS). Past it the request is destroyed and the
 * caller gets a GraphQL error naming the subgraph (`SUBGRAPH_TIMEOUT`), so a
 * hung subgraph costs a socket for that long at most, never for ever.
 */
export function subgraphFetcher(subgraph: string, url: string, timeoutMs: number): { fetcher: Fetcher; agent: http.Agent } {
  const secure = new URL(url).protocol === 'https:';
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxFreeSockets: MAX_FREE_SOCKETS, scheduling: 'lifo' })
    : new http.Agent({ keepAlive: true, maxFreeSockets: MAX_FREE_SOCKETS, scheduling: 'lifo' });
  const send = secure ? https.request : http.request;

  const fetcher = (target: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> =>
    new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const request = send(target, { method: init.method ?? 'POST', headers: init.headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(new SubgraphResponse(target, response, Buffer.concat(chunks)));
        });
      });
      const timer = setTimeout(() => {
        const error = new GraphQLError(`subgraph "${subgraph}" did not answer within ${timeoutMs} ms (SUBGRAPH_TIMEOUT_MS)`, {
          extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName: subgraph },
        });
        fail(error);
        request.destroy(error);
      }, timeoutMs);
      request.on('error', (error) =>
        fail(
          new GraphQLError(`subgraph "${subgraph}" could not be reached: ${error.message}`, {
            extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: subgraph },
          }),
        ),
      );
      request.end(init.body);
    });
  return { fetcher, agent };
}

/** A subgraph's answer, read in full, in the shape Apollo's data source reads (a small part of fetch's Response). */
class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  readonly bodyUsed = false;
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;

  constructor(
    readonly url: string,
    message: http.IncomingMessage,
    private readonly body: Buffer,
  ) {
    this.status = message.statusCode ?? 0;
    this.statusText = message.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new Headers();
    for (let i = 0; i < message.rawHeaders.length; i += 2) this.headers.append(message.rawHeaders[i], message.rawHeaders[i + 1]);
  }

  text(): Promise<string> {
    return Promise.resolve(this.body.toString('utf8'));
  }

  json(): Promise<any> {
    return Promise.resolve().then(() => JSON.parse(this.body.toString('utf8')));
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.body.buffer.slice(this.body.byteOffset, this.body.byteOffset + this.body.byteLength) as ArrayBuffer);
  }

  clone(): FetcherResponse {
    return this;
  }
}
