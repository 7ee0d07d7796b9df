import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { subgraphFetcher } from './subgraph.client';

// The gateway's HTTP client for one subgraph, against a real local HTTP server standing in for it.
describe('subgraphFetcher', () => {
  let server: http.Server;
  let url: string;
  const connections: number[] = [];
  let hang = false;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (hang) return; // accepts, reads, never answers
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { echo: JSON.parse(body), method: req.method, signature: req.headers['x-signature'] } }));
      });
    });
    server.on('connection', (socket) => connections.push(socket.remotePort!));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  beforeEach(() => {
    hang = false;
    connections.length = 0;
  });

  it('sends the request and reads the answer as Apollo reads it, over one kept-alive connection', async () => {
    const { fetcher, agent } = subgraphFetcher('incidents', url, 2_000);
    const send = (n: number) => fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': `s${n}` }, body: JSON.stringify({ n }) });
    const first = await send(1);
    expect(first).toMatchObject({ ok: true, status: 200, url });
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(await first.json()).toEqual({ data: { echo: { n: 1 }, method: 'POST', signature: 's1' } });
    expect(await (await send(2)).json()).toEqual({ data: { echo: { n: 2 }, method: 'POST', signature: 's2' } });
    expect(connections).toHaveLength(1);
    agent.destroy();
  });

  it('fails a request the subgraph does not answer within the timeout with an error naming the subgraph', async () => {
    hang = true;
    const { fetcher, agent } = subgraphFetcher('alerts', url, 300);
    await expect(fetcher(url, { method: 'POST', body: '{}' })).rejects.toMatchObject({
      message: 'subgraph "alerts" did not answer within 300 ms (SUBGRAPH_TIMEOUT_MS)',
      extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName: 'alerts' },
    });
    agent.destroy();
  });

  it('names the subgraph when it cannot be reached', async () => {
    const closed = 'http://127.0.0.1:1/graphql';
    const { fetcher, agent } = subgraphFetcher('deployments', closed, 2_000);
    await expect(fetcher(closed, { method: 'POST', body: '{}' })).rejects.toMatchObject({
      message: expect.stringMatching(/^subgraph "deployments" could not be reached: .*ECONNREFUSED/),
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'deployments' },
    });
    agent.destroy();
  });
});
