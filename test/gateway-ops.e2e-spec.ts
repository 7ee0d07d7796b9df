import { githubHeaders, Stack, TEST_ALERTMANAGER_TOKEN, TEST_GITHUB_SECRET } from '@companyos/testing';
import { randomBytes } from 'node:crypto';
import net from 'node:net';

const SUBGRAPH_TIMEOUT_MS = 1_500;
const GITHUB_FAILURES_MAX = 3;

/** A "subgraph" that accepts every connection and never answers a byte. */
async function hungServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

/**
 * Sends a request's head and only the first `sentBytes` of a body announced as
 * `contentLength`, then waits (up to `waitMs`) for the status line: an answer
 * means the server decided without reading the body.
 */
function partialRequest(port: number, head: string, contentLength: number, sentBytes: number, waitMs = 5_000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => finish(null), waitMs);
    const finish = (value: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) finish(answer.split('\r\n')[0]);
    });
    socket.on('error', () => finish(answer ? answer.split('\r\n')[0] : null));
    socket.write(`${head}Content-Length: ${contentLength}\r\nConnection: keep-alive\r\n\r\n`);
    socket.write(Buffer.alloc(sentBytes, 'x'));
  });
}

// Issue 11, items 6 and 7 on the real stack: a hung subgraph costs its caller
// SUBGRAPH_TIMEOUT_MS and nobody else anything; refusals are cheap.
describe('Gateway timeouts and cheap refusals (whole stack)', () => {
  let stack: Stack;
  let hung: Awaited<ReturnType<typeof hungServer>>;

  beforeAll(async () => {
    hung = await hungServer();
    stack = await Stack.start({
      gatewayEnv: {
        SUBGRAPH_ALERTS_URL: hung.url,
        SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS),
        GITHUB_SIGNATURE_FAILURES_MAX: String(GITHUB_FAILURES_MAX),
        RATE_LIMIT_WINDOW_MS: '3600000',
      },
    });
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await hung?.close();
  });

  let nextIp = 1;
  const newIp = () => `10.9.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;

  it('answers a query to a subgraph that never answers with an error naming it within SUBGRAPH_TIMEOUT_MS, while /health stays fast', async () => {
    const started = performance.now();
    const pending = stack.graphql('{ alerts(first: 1) { totalCount } }').then((answer) => ({ answer, ms: performance.now() - started }));
    const healthChecks: number[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((done) => setTimeout(done, 200));
      healthChecks.push((await fetch(`${stack.gateway.url}/health`)).status);
    }
    const { answer, ms } = await pending;
    expect(healthChecks).toEqual([200, 200, 200, 200, 200]);
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/subgraph "alerts" did not answer within 1500 ms/),
      extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName: 'alerts' },
    });
    expect(ms).toBeLessThan(SUBGRAPH_TIMEOUT_MS + 1_000);
    // The other subgraphs answer as ever.
    expect((await stack.graphql('{ incidents(first: 1) { totalCount } }')).errors).toBeUndefined();
  });

  it('labels requests to 1,000 random unknown paths with one route, so the number of metric series does not grow', async () => {
    const series = async () => {
      const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
      return text.split('\n').filter((line) => line.startsWith('http_request_duration_seconds_count')).length;
    };
    const randomPaths = (n: number) =>
      Array.from({ length: n }, (_, i) => {
        const path = `/${randomBytes(6).toString('hex')}/${i}`;
        // Without a credential (refused by middleware: 401), with one (no route: 404), under a known route's
        // prefix, and a body the JSON parser refuses (400) before any middleware of the app.
        if (i % 4 === 0) return stack.api(path, {}, null);
        if (i % 4 === 1) return stack.api(path);
        if (i % 4 === 2) return stack.api(`/api/companyos/incidents/${randomBytes(4).toString('hex')}/x/${i}`, {}, null);
        return stack.api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' }, null);
      });
    await Promise.all(randomPaths(30));
    await series(); // its own GET /metrics is a series too
    const before = await series();
    for (let batch = 0; batch < 10; batch++) await Promise.all(randomPaths(100));
    expect(await series()).toBe(before);
    const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    expect(text).toMatch(/route="unmatched"/);
    // A refused request to a real route keeps that route's pattern.
    await stack.api('/api/companyos/incidents/some-id', {}, null);
    expect(await (await fetch(`${stack.gateway.url}/metrics`)).text()).toMatch(/route="\/api\/companyos\/incidents\/:id",status_code="401"/);
  });

  it('audits 401s once per client IP and reason per window', async () => {
    const ip = newIp();
    const other = newIp();
    const send = (from: string, token: string | null) =>
      stack.api('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: '{"query":"{ __typename }"}' }, token);
    const answers = [
      ...(await Promise.all(Array.from({ length: 8 }, () => send(ip, 'cos_unknown-token-guess')))),
      ...(await Promise.all(Array.from({ length: 8 }, () => send(ip, null)))),
      await send(other, null),
    ];
    expect(answers.map((answer) => answer.status)).toEqual(Array(17).fill(401));
    // Written to the gateway's outbox before each answer: read it there.
    const { rows } = await stack.db.query<{ ip: string; detail: string }>(
      `SELECT payload->>'clientIp' AS ip, payload->>'detail' AS detail FROM ingest.outbox WHERE payload->>'clientIp' = ANY($1) `,
      [[ip, other]],
    );
    expect(rows.map((row) => `${row.ip} ${row.detail.split(':')[0]}`).sort()).toEqual(
      [`${ip} TOKEN_UNKNOWN`, `${ip} CREDENTIALS_MISSING`, `${other} CREDENTIALS_MISSING`].sort(),
    );
  });

  it('refuses a wrong Alertmanager token before reading the body', async () => {
    const port = stack.gateway.port;
    const head = (token: string) =>
      `POST /api/companyos/prometheus-webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\n`;
    // 20 MiB announced, 64 kB sent: the answer comes anyway, so nothing waited for (or buffered) the rest.
    expect(await partialRequest(port, head('not-the-alertmanager-token'), 20 * 1024 * 1024, 64 * 1024)).toBe('HTTP/1.1 401 Unauthorized');
    // The right token's request is read in full first: no answer while its body is incomplete.
    expect(await partialRequest(port, head(TEST_ALERTMANAGER_TOKEN), 20 * 1024 * 1024, 64 * 1024, 1_500)).toBeNull();
  });

  it('throttles failed GitHub signatures per client IP and hook, without locking out GitHub\'s own hook', async () => {
    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
    const deliver = (from: string, hookId: string, secret: string) =>
      fetch(`${stack.gateway.url}/api/companyos/github-webhook`, {
        method: 'POST',
        headers: { ...githubHeaders(secret, 'ping', body), 'x-forwarded-for': from, 'x-github-hook-id': hookId },
        body,
      });
    const ip = newIp();
    const forged = [];
    for (let i = 0; i <= GITHUB_FAILURES_MAX; i++) forged.push((await deliver(ip, '111', 'not-our-secret')).status);
    expect(forged).toEqual([...Array(GITHUB_FAILURES_MAX).fill(401), 429]);
    const throttled = await deliver(ip, '111', 'not-our-secret');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    // Our own hook from the same address (GitHub's, shared with other people's hooks) is still heard, and so is another address.
    expect((await deliver(ip, '222', TEST_GITHUB_SECRET)).status).toBe(200);
    expect((await deliver(newIp(), '111', TEST_GITHUB_SECRET)).status).toBe(200);
  });
});
