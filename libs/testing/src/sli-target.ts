import { createServer, Server } from 'node:http';
import { freePort } from './ports';

/** A scrape target with a known error ratio and latency, for SLI tests. */
export interface SliTarget {
  server: Server;
  port: number;
  /** `127.0.0.1:<port>`, for a static_configs target. */
  address: string;
  stop(): Promise<void>;
}

/**
 * A small service whose GET /metrics grows, at every scrape, by 100 requests
 * of `app`: 98 answered 200 (93 within 0.25 s, 95 within 0.5 s) and 2 answered
 * 500 (both within 0.25 s), as a prom-client histogram
 * (`http_request_duration_seconds`, labels app and status_code) shows them.
 * So 2 % of requests fail and 3 % are slower than 0.5 s over every window, at
 * every sample: both series of a ratio are sampled in the same scrape and
 * grow in fixed proportion, so Prometheus' extrapolation at a window's edges
 * scales them alike and bad ÷ all stays exact.
 */
export async function startSliTarget(app: string): Promise<SliTarget> {
  let scrapes = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    scrapes += 1;
    const k = scrapes;
    const series = (status: string, le025: number, le05: number, all: number) =>
      [
        `http_request_duration_seconds_bucket{app="${app}",status_code="${status}",le="0.25"} ${k * le025}`,
        `http_request_duration_seconds_bucket{app="${app}",status_code="${status}",le="0.5"} ${k * le05}`,
        `http_request_duration_seconds_bucket{app="${app}",status_code="${status}",le="+Inf"} ${k * all}`,
        `http_request_duration_seconds_sum{app="${app}",status_code="${status}"} ${k * all * 0.1}`,
        `http_request_duration_seconds_count{app="${app}",status_code="${status}"} ${k * all}`,
      ].join('\n');
    const body = [
      '# HELP http_request_duration_seconds HTTP request duration by status code',
      '# TYPE http_request_duration_seconds histogram',
      series('200', 93, 95, 98),
      series('500', 2, 2, 2),
      '',
    ].join('\n');
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    server,
    port,
    address: `127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
