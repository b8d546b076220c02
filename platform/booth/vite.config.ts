import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The platform serves dist/ under a strict CSP (script-src 'self', style-src 'self'): everything, evote
// included, comes from this bundle; nothing is fetched from a CDN.
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  // The bundle is built from the TypeScript sources of @scrutin/* (scripts/build.mjs).
  resolve: { conditions: ['scrutin-source', ...defaultClientConditions] },
  build: { outDir: here('dist'), emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900, modulePreload: { polyfill: false } },
  server: { fs: { allow: [here('../..')] }, proxy: { '/api': 'http://127.0.0.1:4100' } },
});
