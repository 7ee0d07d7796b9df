import http from 'node:http';
import net from 'node:net';
import { probeReadiness } from './platform-health.service';

/** A real HTTP server on a spare port answering `/health/ready` as `answer` says. */
async function server(answer: (res: http.ServerResponse) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = http.createServer((_req, res) => answer(res));
  srv.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => srv.listen(0, '127.0.0.1', done));
  const { port } = srv.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/health/ready`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((done) => srv.close(() => done()));
    },
  };
}

describe('asking one app for its readiness', () => {
  it('is ready on 200', async () => {
    const ok = await server((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}'));
    try {
      expect(await probeReadiness(ok.url, 1_000)).toEqual({ status: 'ready', latencyMs: expect.any(Number) });
    } finally {
      await ok.close();
    }
  });

  it('names the failing dependencies of a 503, not their messages', async () => {
    const down = await server((res) =>
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"unavailable","failures":{"postgres":"connect ECONNREFUSED 10.1.2.3:5432"}}'),
    );
    try {
      const readiness = await probeReadiness(down.url, 1_000);
      expect(readiness).toEqual({ status: 'unavailable', latencyMs: expect.any(Number), failing: ['postgres'], reason: 'HTTP 503' });
      expect(JSON.stringify(readiness)).not.toContain('10.1.2.3');
    } finally {
      await down.close();
    }
  });

  it('gives up on an app that never answers within the timeout', async () => {
    const hung = await server(() => undefined);
    try {
      const started = performance.now();
      const readiness = await probeReadiness(hung.url, 300);
      expect(readiness).toMatchObject({ status: 'unavailable', reason: 'no answer within 300 ms' });
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      await hung.close();
    }
  });

  it('gives up on an app that sends its headers and then stalls its body', async () => {
    const stalled = await server((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
    });
    try {
      expect(await probeReadiness(stalled.url, 300)).toMatchObject({ status: 'unavailable', reason: 'no answer within 300 ms' });
    } finally {
      await stalled.close();
    }
  });

  it('is unavailable when nothing listens', async () => {
    const gone = await server((res) => res.end());
    await gone.close();
    expect(await probeReadiness(gone.url, 1_000)).toMatchObject({ status: 'unavailable', reason: 'unreachable' });
  });
});
