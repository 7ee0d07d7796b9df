import { Injectable } from '@nestjs/common';
import { AlertsConfig, InjectAlertsConfig } from '../alerts.config';
import type { VectorSample } from './sli.rules';

/** Largest answer read from Prometheus; an SLI reading is a few dozen samples, far below it. */
export const MAX_PROMETHEUS_RESPONSE_BYTES = 1024 * 1024;

/** Prometheus could not answer a query; the message says why, for the graph and the release gate. */
export class PrometheusUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusUnavailable';
  }
}

interface QueryResponse {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

/**
 * Instant queries against Prometheus' HTTP API (`POST /api/v1/query`), with
 * a timeout on every call (also sent to Prometheus as `timeout`) and a bound
 * on the size of the answer. Every failure is a PrometheusUnavailable naming
 * what went wrong.
 */
@Injectable()
export class PrometheusClient {
  constructor(@InjectAlertsConfig() private readonly config: AlertsConfig) {}

  get configured(): boolean {
    return this.config.prometheusUrl !== null;
  }

  async instantVector(query: string, time: Date): Promise<VectorSample[]> {
    const base = this.config.prometheusUrl;
    if (!base) throw new PrometheusUnavailable('PROMETHEUS_URL is not set');
    const timeoutMs = this.config.prometheusTimeoutMs;
    const body = new URLSearchParams({ query, time: (time.getTime() / 1000).toFixed(3), timeout: `${timeoutMs / 1000}s` });
    let status: number;
    let text: string;
    try {
      const response = await fetch(`${base}/api/v1/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await readBounded(response, MAX_PROMETHEUS_RESPONSE_BYTES);
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describe(error);
      throw new PrometheusUnavailable(`Prometheus at ${base} could not be queried: ${reason}`);
    }
    let reply: QueryResponse;
    try {
      reply = JSON.parse(text) as QueryResponse;
    } catch {
      throw new PrometheusUnavailable(`Prometheus at ${base} answered ${status} with a body that is not JSON`);
    }
    if (reply.status !== 'success') {
      throw new PrometheusUnavailable(`Prometheus at ${base} answered ${status}: ${reply.errorType ?? 'error'}: ${reply.error ?? 'no reason given'}`);
    }
    if (reply.data?.resultType !== 'vector' || !Array.isArray(reply.data.result)) {
      throw new PrometheusUnavailable(`Prometheus at ${base} answered a ${reply.data?.resultType ?? 'missing'} result, not a vector`);
    }
    return reply.data.result as VectorSample[];
  }
}

/** The body as text, or an error once it passes `maxBytes`. */
async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) throw new Error(`the answer is ${declared} bytes, more than the ${maxBytes} read`);
  if (!response.body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new Error(`the answer is more than the ${maxBytes} bytes read`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** fetch hides the reason (ECONNREFUSED…) in `cause`. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
