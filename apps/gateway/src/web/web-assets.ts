import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Where `npm run build` puts the dashboard (apps/web built by Vite): dist/web. */
export const WEB_DIST_DIR = join(__dirname, '..', '..', '..', '..', 'web');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Files larger than this are not served (the build has nothing near it; a stray file must not fill memory). */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface WebAsset {
  body: Buffer;
  /** Gzipped body, when that is smaller. */
  gzip: Buffer | null;
  type: string;
  etag: string;
  /** Vite names built assets by their content hash: they never change and may be cached for a year. */
  immutable: boolean;
}

/**
 * The dashboard's built files, read once at boot into memory by their URL
 * path. Only these are ever served: no path from a request touches the file
 * system, so `..` and friends cannot reach anything else.
 */
export function loadWebAssets(dir = WEB_DIST_DIR): Map<string, WebAsset> {
  const assets = new Map<string, WebAsset>();
  if (!existsSync(dir)) return assets;
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && stat.size <= MAX_FILE_BYTES && TYPES[extname(name)]) {
        const body = readFileSync(path);
        const gzip = /^(text|application\/json|image\/svg)/.test(TYPES[extname(name)]) ? gzipSync(body, { level: 9 }) : null;
        const url = '/' + relative(dir, path).split(sep).join('/');
        assets.set(url, {
          body,
          gzip: gzip && gzip.length < body.length ? gzip : null,
          type: TYPES[extname(name)],
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
          immutable: url.startsWith('/assets/'),
        });
      }
    }
  };
  walk(dir);
  return assets;
}

/** Paths the gateway answers itself (API, webhooks, health, metrics, the explorer): never the dashboard's. */
const SERVER_PATHS = /^\/(api|graphql|explorer|health|metrics)(\/|$)/;

/**
 * Which file answers a GET: the file at that path, else (a client route of
 * the single-page app, asked for by a browser) index.html, else none.
 */
export function pickAsset(assets: ReadonlyMap<string, WebAsset>, path: string, accept: string | undefined): WebAsset | undefined {
  if (SERVER_PATHS.test(path)) return undefined;
  const file = assets.get(path === '/' ? '/index.html' : path);
  if (file) return file;
  // A client route: no file extension, and a browser navigating (it wants HTML).
  if (extname(path) === '' && (accept ?? '').includes('text/html')) return assets.get('/index.html');
  return undefined;
}

/**
 * The dashboard's CSP: scripts, styles, images, fonts and API calls from the
 * gateway's own origin only; no inline script, no eval, no framing, no plugins.
 * With sign-in through an OIDC issuer, the page also fetches the issuer's
 * discovery document and exchanges the code at its token endpoint: its origin
 * (and only it) joins connect-src. The login itself is a top-level navigation
 * to the issuer and back, which CSP does not govern.
 */
export function webCsp(oidcIssuer: string | null = null): string {
  const connect = ["'self'", ...(oidcIssuer ? [new URL(oidcIssuer).origin] : [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
