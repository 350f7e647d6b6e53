/**
 * Builds the real calling engine for a benchmark child process, the way `callflow serve` and
 * test/support/engine-harness.ts do: a deployment of the bench flows, the store CALLFLOW_STORE
 * would open (openCallStore), createCallEngine against the Graph sink (msal-node, graph-client,
 * retries, JWT check against the sink's JWKS) and, when asked, createApp listening on a port.
 * Logs go at the production level (info) to /dev/null, so logging costs what it costs in production
 * minus the terminal.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWriteStream } from 'node:fs';
import { parseConfig, type StoreSpec } from '../../engine/config.ts';
import { openDeployment } from '../../engine/deploy/open-deployment.ts';
import { MemoryDeployStore } from '../../engine/store/memory-deploy-store.ts';
import { createApp } from '../../engine/server/app.ts';
import { createCallEngine, type CallEngine } from '../../engine/server/call-engine.ts';
import type { CallStore } from '../../engine/session/call-store.ts';
import type { Clock } from '../../engine/session/clock.ts';
import { createLogger } from '../../engine/session/logger.ts';
import { openCallStore } from '../../engine/store/open-store.ts';
import { APP_ID, TENANT, established, incomingCall } from './payloads.ts';

export interface SinkInfo {
  origin: string;
  graphBaseUrl: string;
  openIdUrl: string;
  token: string;
}

export interface EngineSpec {
  store: StoreSpec;
  flowsDir: string;
  sink: SinkInfo;
}

export interface BuiltEngine {
  engine: CallEngine;
  store: CallStore;
  /** The webhook URL, when listening. */
  url?: string;
  close(): Promise<void>;
}

export async function buildEngine(
  spec: EngineSpec,
  options: { listen?: boolean; wrapStore?: (store: CallStore) => CallStore; clock?: Clock } = {},
): Promise<BuiltEngine> {
  const deploy = await openDeployment({ dir: spec.flowsDir, store: new MemoryDeployStore() });
  const library = deploy.deployment;
  for (const id of ['bench-menu', 'bench-probe']) {
    const entry = library.get(id);
    if (!entry?.latest) throw new Error(`flow ${id} is not deployable: ${JSON.stringify(entry?.problems.filter((p) => p.severity === 'error'))}`);
  }
  const config = parseConfig({
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: APP_ID,
    AZURE_CLIENT_SECRET: 'bench-secret',
    AZURE_AUTHORITY_HOST: spec.sink.origin,
    GRAPH_BASE_URL: spec.sink.graphBaseUrl,
    CALLFLOW_NOTIFICATION_OPENID_URL: spec.sink.openIdUrl,
    CALLFLOW_PUBLIC_URL: 'https://bot.contoso.com',
    CALLFLOW_FLOWS_DIR: spec.flowsDir,
    CALLFLOW_STORE: 'memory:',
  });
  const opened = await openCallStore(spec.store);
  const store = options.wrapStore ? options.wrapStore(opened) : opened;
  const logger = createLogger('info', createWriteStream('/dev/null'));
  const engine = createCallEngine(config, library, { store, logger, ...(options.clock ? { clock: options.clock } : {}) });
  let server: Server | undefined;
  let url: string | undefined;
  if (options.listen) {
    const app = createApp(deploy, { engine });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    server.keepAliveTimeout = 60_000;
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/calling`;
  }
  return {
    engine,
    store,
    url,
    async close() {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await engine.close();
      await opened.close();
    },
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}

/** Opens `ids` as incoming calls to `number` and establishes them; they end up waiting in the menu. */
export async function establishCalls(engine: BuiltEngine['engine'], ids: string[], number?: string): Promise<void> {
  await pool(ids, 20, async (id) => {
    const address = { graphCallId: id };
    await engine.sessions.notify(incomingCall(id, number).value[0], address);
    await engine.sessions.notify(established(id).value[0], address);
  });
  await engine.sessions.idle();
}
