import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The station serves dist/ under a strict CSP (no inline script, nothing third-party):
// everything, fonts and sounds included, comes from this bundle.
export default defineConfig({
  plugins: [react()],
  resolve: {
    // The bundle is built from the TypeScript sources of @scrutin/* (scripts/build.mjs).
    conditions: ['scrutin-source', ...defaultClientConditions],
    alias: {
      '@examples': here('../examples'),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    fs: { allow: [here('..')] },
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
