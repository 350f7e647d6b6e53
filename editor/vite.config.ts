/**
 * Builds the editor into editor/dist, which the engine serves at `/`. `npm run dev` serves it with
 * hot reload and forwards the API to a running engine (CALLFLOW_ENGINE_URL, default
 * http://127.0.0.1:3978), so the dev editor edits the same flows folder as the engine.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const engine = process.env.CALLFLOW_ENGINE_URL ?? 'http://127.0.0.1:3978';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Monaco's editor chunk is ~3 MB by nature; it is loaded lazily, so the warning says nothing useful.
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
  },
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    proxy: Object.fromEntries(['/api', '/schemas', '/prompts', '/healthz'].map((path) => [path, { target: engine, changeOrigin: false }])),
  },
});
