/**
 * Builds the editor into editor/dist, which the engine serves at `/`. `npm run dev` serves it with
 * hot reload and forwards the API to a running engine (CALLFLOW_ENGINE_URL, default
 * http://127.0.0.1:3978), so the dev editor edits the same flows folder as the engine.
 *
 * The engine trusts a request without its admin token only when it names the engine itself as
 * Host and carries no forwarding header. So the proxy sends the engine's own host (changeOrigin),
 * adds no X-Forwarded-* headers (xfwd stays off), and presents the dev page's Origin as the
 * engine's: the page is same-origin with this dev server, which only answers for local host
 * names (vite's allowedHosts). Any other Origin is passed on unchanged and refused by the engine.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { ProxyOptions } from 'vite';

const engine = process.env.CALLFLOW_ENGINE_URL ?? 'http://127.0.0.1:3978';

const toEngine: ProxyOptions = {
  target: engine,
  changeOrigin: true,
  xfwd: false,
  configure: (proxy) =>
    proxy.on('proxyReq', (outgoing, incoming) => {
      if (incoming.headers.origin === `http://${incoming.headers.host}`) outgoing.setHeader('origin', new URL(engine).origin);
    }),
};

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
    proxy: Object.fromEntries(['/api', '/schemas', '/prompts', '/healthz'].map((path) => [path, toEngine])),
  },
});
