/**
 * The explorer page's Content-Security-Policy: its own origin only.
 *
 * * `script-src 'self'`: the bundle, no inline script, no eval.
 * * `worker-src 'self'`: Monaco's editor, JSON and GraphQL workers are bundled files of the same origin (no blob: workers).
 * * `style-src 'self' 'unsafe-inline'`: the bundled stylesheet, plus the `<style>` elements Monaco writes at run time
 *   for its theme and token colours (it has no nonce support for them); styles cannot run code, and everything they
 *   could load is still held to the directives below.
 * * `font-src 'self' data:` / `img-src 'self' data:`: GraphiQL's stylesheet carries its fonts and icons inline as
 *   `data:` URLs (part of the bundle, fetched from nowhere); a font or image cannot run code.
 * * `connect-src 'self'`: operations go to this gateway's /graphql only.
 * * `base-uri`, `form-action`, `frame-ancestors` closed: the page cannot be re-based, post forms or be framed.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
