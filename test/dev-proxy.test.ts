/**
 * `npm run dev`: the vite dev server (editor/vite.config.ts) forwards the editor's API calls to a
 * real engine on a real port. Saving from the dev page must pass the engine's local trust rule
 * without a token, while a foreign page's Origin and a rebound Host stay refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { deployFolder } from './support/deploy-folder.ts';
import { FLOWS_DIR, ROOT } from '../engine/node/paths.ts';
import { createApp } from '../engine/server/app.ts';
import { sendRaw } from './support/raw-http.ts';

const work = mkdtempSync(join(tmpdir(), 'callflow-dev-proxy-'));
const flowsDir = join(work, 'flows');
const flowFile = join(flowsDir, 'main-menu.flow.json');
let engine: Server;
let vite: ViteDevServer;
let devPort: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  cpSync(join(FLOWS_DIR, 'main-menu.flow.json'), flowFile);
  cpSync(join(FLOWS_DIR, 'prompts'), join(flowsDir, 'prompts'), { recursive: true });
  const deployed = await deployFolder(flowsDir);
  engine = await new Promise<Server>((resolve) => {
    const listening = createApp(deployed).listen(0, '127.0.0.1', () => resolve(listening));
  });
  const previous = process.env.CALLFLOW_ENGINE_URL;
  process.env.CALLFLOW_ENGINE_URL = `http://127.0.0.1:${(engine.address() as AddressInfo).port}`;
  devPort = await freePort();
  try {
    vite = await createServer({
      configFile: join(ROOT, 'editor', 'vite.config.ts'),
      cacheDir: join(work, 'vite-cache'),
      logLevel: 'silent',
      optimizeDeps: { noDiscovery: true, include: [] },
      server: { port: devPort, strictPort: true, hmr: false, watch: null },
    });
  } finally {
    if (previous === undefined) delete process.env.CALLFLOW_ENGINE_URL;
    else process.env.CALLFLOW_ENGINE_URL = previous;
  }
  await vite.listen();
});

afterAll(async () => {
  await vite?.close();
  engine?.closeAllConnections();
  await new Promise<void>((resolve) => (engine ? engine.close(() => resolve()) : resolve()));
  rmSync(work, { recursive: true, force: true });
});

/** A save as the dev page's fetch sends it: `host` and `origin` as the browser would set them. */
async function saveThroughDevServer(headers: { host: string; origin: string }) {
  const dev = { address: '127.0.0.1', port: devPort };
  const opened = await sendRaw(dev, 'GET', '/api/flows/main-menu/source', { host: `127.0.0.1:${devPort}` });
  expect(opened.status).toBe(200);
  const edited = opened.body.text!.replace(/"name": "[^"]*"/, `"name": "Main line ${Math.random().toString(36).slice(2)}"`);
  const saved = await sendRaw(dev, 'PUT', '/api/flows/main-menu/source', { ...headers, 'if-match': `"${opened.body.version}"` }, { text: edited });
  return { saved, edited };
}

describe('the vite dev server in front of the engine', () => {
  it.each(['127.0.0.1', 'localhost'])('saves from the dev page at http://%s without a token', async (name) => {
    const host = `${name}:${devPort}`;
    const { saved, edited } = await saveThroughDevServer({ host, origin: `http://${host}` });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(readFileSync(flowFile, 'utf8')).toBe(edited);
  });

  it("passes another site's Origin on, and the engine refuses it", async () => {
    const before = readFileSync(flowFile, 'utf8');
    const { saved } = await saveThroughDevServer({ host: `127.0.0.1:${devPort}`, origin: 'https://evil.example' });
    expect(saved.status).toBe(403);
    expect(saved.body.error?.message).toMatch(/requests from https:\/\/evil\.example may not use the editing and call APIs/);
    expect(readFileSync(flowFile, 'utf8')).toBe(before);
  });

  it('refuses a rebound host name before forwarding anything', async () => {
    const before = readFileSync(flowFile, 'utf8');
    const host = `rebind.evil.example:${devPort}`;
    const { saved } = await saveThroughDevServer({ host, origin: `http://${host}` });
    expect(saved.status).toBe(403);
    expect(saved.body.error?.message).toMatch(/Blocked request/);
    expect(readFileSync(flowFile, 'utf8')).toBe(before);
  });
});
