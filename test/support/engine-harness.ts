/**
 * A whole engine for tests: a temporary flows folder with small flows and routes, the real
 * CallEngine (msal, graph-client, sessions, JWT check) against the recording HTTPS Graph and a
 * local JWKS, served by the real express app on a real port.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../../engine/config.ts';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import type { DeploymentParts } from '../../engine/deploy/open-deployment.ts';
import { deployFolder } from './deploy-folder.ts';
import { createApp } from '../../engine/server/app.ts';
import { createCallEngine, type CallEngine } from '../../engine/server/call-engine.ts';
import { DEFAULT_RETRY_POLICY } from '../../engine/graph/client/retry-handler.ts';
import { silentLogger, type Logger } from '../../engine/session/logger.ts';
import { MemoryCallStore } from '../../engine/store/memory-store.ts';
import type { Secrets } from '../../engine/secrets/secrets.ts';
import { NotificationSigner } from './notification-signer.ts';
import { RecordingGraph, TEST_TENANT } from './recording-graph.ts';

export const APP_ID = '0efc74f7-41c3-47a4-8775-7259bfef4241';
/** The admin token every harness engine has unless a test names another; send `asHarnessAdmin`. */
export const HARNESS_ADMIN_TOKEN = 'harness-admin-token-0123456789';
export const asHarnessAdmin = { authorization: `Bearer ${HARNESS_ADMIN_TOKEN}` };
export const OTHER_APP_ID = '9a8b7c6d-0000-4000-8000-00000000beef';

const prompts = { welcome: { 'en-US': { file: 'prompts/en-US/welcome.wav', text: 'Welcome.' } } };

/** answer → play welcome → hang up; reached by calling the bot's app id. */
export const GREETER = {
  id: 'greeter',
  version: 1,
  name: 'Greeter',
  start: 'answer',
  prompts,
  states: { answer: { type: 'answer', next: 'greet' }, greet: { type: 'play', prompts: ['welcome'], next: 'bye' }, bye: { type: 'hangup' } },
};

/** dial {{vars.phone}} → play welcome → hang up. */
export const CALLER = {
  id: 'caller',
  version: 1,
  name: 'Caller',
  start: 'dial',
  variables: { phone: { type: 'string' } },
  prompts,
  states: {
    dial: { type: 'dial', to: { phone: '{{vars.phone}}' }, next: 'greet', noAnswer: 'bye', failed: 'bye' },
    greet: { type: 'play', prompts: ['welcome'], next: 'bye' },
    bye: { type: 'hangup' },
  },
};

export interface Harness {
  dir: string;
  /** The deployment of the harness's flows folder. */
  deploy: DeploymentParts;
  graph: RecordingGraph;
  signer: NotificationSigner;
  engine: CallEngine;
  store: MemoryCallStore;
  base: string;
  /** POST a notification body with a valid token (or the given headers). */
  post(body: unknown, headers?: Record<string, string>, query?: string): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  logger?: Logger;
  /** More flows for the folder; `routeTo` names the one calls to the bot's app id reach (default greeter). */
  flows?: Array<{ id: string } & Record<string, unknown>>;
  routeTo?: string;
  secrets?: Secrets;
  /** The port to serve on; a free one by default. */
  port?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-engine-'));
  mkdirSync(join(dir, 'prompts', 'en-US'), { recursive: true });
  copyFileSync(join(FLOWS_DIR, 'prompts', 'en-US', 'welcome.wav'), join(dir, 'prompts', 'en-US', 'welcome.wav'));
  writeFileSync(join(dir, 'greeter.flow.json'), JSON.stringify(GREETER, null, 2));
  writeFileSync(join(dir, 'caller.flow.json'), JSON.stringify(CALLER, null, 2));
  for (const flow of options.flows ?? []) writeFileSync(join(dir, `${flow.id}.flow.json`), JSON.stringify(flow, null, 2));
  writeFileSync(join(dir, 'routes.json'), JSON.stringify({ routes: [{ called: { application: APP_ID }, flow: options.routeTo ?? 'greeter' }] }));
  const deploy = await deployFolder(dir);
  const graph = await new RecordingGraph().start();
  const signer = await new NotificationSigner(APP_ID, TEST_TENANT).start();
  const config = parseConfig({
    AZURE_TENANT_ID: TEST_TENANT,
    AZURE_CLIENT_ID: APP_ID,
    AZURE_CLIENT_SECRET: 'test-secret',
    AZURE_AUTHORITY_HOST: graph.origin,
    GRAPH_BASE_URL: graph.graphBaseUrl,
    CALLFLOW_NOTIFICATION_OPENID_URL: signer.openIdUrl,
    CALLFLOW_PUBLIC_URL: 'https://bot.contoso.com',
    CALLFLOW_FLOWS_DIR: dir,
    // Kept recordings beside the flows, in the harness's own temporary folder.
    CALLFLOW_RECORDINGS_DIR: join(dir, '.recordings'),
    CALLFLOW_APP_INSTANCE_ID: 'app-instance-oid',
    CALLFLOW_ADMIN_TOKEN: HARNESS_ADMIN_TOKEN,
    ...options.env,
  });
  const store = new MemoryCallStore();
  const listening: { server?: Server } = {};
  const engine = createCallEngine(config, deploy.deployment, {
    store,
    logger: options.logger ?? silentLogger,
    secrets: options.secrets,
    servedPort: () => (listening.server?.address() as AddressInfo | undefined)?.port,
    retry: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 10, maxDelayMs: 40 },
  });
  const app = createApp(deploy, { engine });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(listening));
  });
  listening.server = server;
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    dir,
    deploy,
    graph,
    signer,
    engine,
    store,
    base,
    async post(body, headers, query = '') {
      const authorization = headers?.authorization ?? `Bearer ${await signer.token()}`;
      return fetch(`${base}/api/calling${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers, authorization },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async close() {
      await engine.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await graph.stop();
      await signer.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
