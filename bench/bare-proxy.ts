/**
 * The least a gateway can be: an HTTP server that forwards each request's
 * bytes, headers and all, to one upstream over keep-alive connections and
 * sends the answer back. No parsing, no authentication, no GraphQL. The
 * gateway bench runs it in its own process (as a gateway is) to measure what
 * the extra hop alone costs on this machine: the floor under any gateway's
 * overhead. `node dist/bench/bare-proxy.js` with PORT and UPSTREAM (a URL).
 */
import http from 'node:http';

const upstream = new URL(process.env.UPSTREAM ?? '');
const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 64 });

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent, timeout: 10_000 },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' }).end(Buffer.concat(body)));
        },
      );
      forward.on('timeout', () => forward.destroy(new Error('upstream timed out')));
      forward.on('error', (error) => res.writeHead(502).end(error.message));
      forward.end(Buffer.concat(chunks));
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('listening'));
