import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The dashboard bundle: `src/web` is the Vite root, the output goes to `dist/web`, which the server serves at `/`
 * (src/api/web-ui.ts). Tests build into a temporary directory with `--outDir`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The server's CSP allows only this origin's scripts; no inline script is emitted.
    modulePreload: { polyfill: false },
  },
});
