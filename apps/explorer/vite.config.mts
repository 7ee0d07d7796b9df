import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The offline GraphQL explorer: GraphiQL, Monaco and Monaco's workers bundled
 * into dist/explorer, served by the gateway under /explorer/ (see
 * apps/gateway/src/explorer). TSX goes through Vite's own transformer with
 * React's automatic JSX runtime (no React plugin).
 */
export default defineConfig({
  root: here,
  base: '/explorer/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  worker: { format: 'es' },
  build: {
    outDir: resolve(here, '../../dist/explorer'),
    emptyOutDir: true,
    // Fonts and icons as files of this origin, never data: URLs (the page's CSP allows 'self').
    assetsInlineLimit: 0,
    // No inline preload polyfill: every script is a file of this origin.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 8_000,
    sourcemap: false,
    rolldownOptions: {
      // framer-motion (a GraphiQL dependency) marks modules "use client", which means nothing in a static bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
