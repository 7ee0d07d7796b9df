import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dashboard's build: static files in dist/web that the gateway serves at `/`. JSX goes through Vite's own
// (Oxc) transform with React's automatic runtime; no plugin needed. Everything is bundled: nothing is fetched at run time.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // No inline data: URLs for scripts or styles (the CSP allows only the gateway's own files).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
});
