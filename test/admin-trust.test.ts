/**
 * Who may save flows and place calls, through the real app on real ports over real HTTP: without
 * CALLFLOW_ADMIN_TOKEN only requests trusted as local (loopback peer, a localhost Host at the served
 * port, no forwarding header, no Azure credentials, a local CALLFLOW_PUBLIC_URL); with it, the bearer
 * token from anywhere. Each refusal is checked to leave the flow file as it was and place no call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, cpSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../engine/config.ts';
import { FLOWS_DIR } from '../engine/node/paths.ts';
import { createApp } from '../engine/server/app.ts';
import { adminAccess, adminAccessNotice, type AccessSettings } from '../engine/server/access/admin-auth.ts';
import { startHarness, type Harness } from './support/engine-harness.ts';
import { sendRaw as send, sendWithoutHost, type RawAnswer as Answer } from './support/raw-http.ts';

const FLOW = 'outbound-reminder';
const TOKEN = 'a-long-admin-token-value';
const AZURE = { AZURE_TENANT_ID: 'tenant', AZURE_CLIENT_ID: 'client', AZURE_CLIENT_SECRET: 'secret' };
const CALL_BODY = { vars: { phone: '+14255550147', appointmentId: 'apt-1', appointmentTime: '2026-01-12T09:30' } };

interface Served {
  port: number;
  address: string;
  close(): Promise<void>;
}

let harness: Harness;
const served: Served[] = [];
const flowFile = () => join(harness.dir, `${FLOW}.flow.json`);
const placedCalls = () => harness.graph.requests.filter((r) => r.method === 'POST' && r.path === '/v1.0/communications/calls').length;

beforeAll(async () => {
  harness = await startHarness();
  copyFileSync(join(FLOWS_DIR, `${FLOW}.flow.json`), flowFile());
  cpSync(join(FLOWS_DIR, 'prompts'), join(harness.dir, 'prompts'), { recursive: true });
  await harness.deploy.disk.syncAll();
});
afterAll(async () => {
  await Promise.all(served.map((s) => s.close()));
  await harness.close();
});

/** The app over the harness's engine with the access rule of `settings`, the port read from the listening server. */
async function serve(settings: AccessSettings, address = '127.0.0.1', oneTimeToken?: string): Promise<Served> {
  const listening: { server?: Server } = {};
  const app = createApp(harness.deploy, {
    engine: harness.engine,
    access: adminAccess(settings, () => (listening.server?.address() as AddressInfo | null | undefined)?.port, oneTimeToken),
  });
  const running = await new Promise<Server>((resolve) => {
    const started = app.listen(0, address, () => resolve(started));
  });
  listening.server = running;
  const entry = {
    port: (running.address() as AddressInfo).port,
    address,
    close: () => new Promise<void>((resolve) => (running.closeAllConnections(), running.close(() => resolve()))),
  };
  served.push(entry);
  return entry;
}

/** Saves the flow with a new name (against the version on disk), as the editor does. */
async function saveFlow(to: Served, headers: Record<string, string | undefined>): Promise<Answer> {
  const text = readFileSync(flowFile(), 'utf8');
  // Reading the version needs Flows.Read: with the caller's token when it has one.
  const opened = await send(to, 'GET', `/api/flows/${FLOW}/source`, {
    host: `127.0.0.1:${to.port}`,
    ...(headers.authorization ? { authorization: headers.authorization } : {}),
  });
  const edited = text.replace(/"name": "[^"]*"/, `"name": "Reminder ${Math.random().toString(36).slice(2)}"`);
  return send(to, 'PUT', `/api/flows/${FLOW}/source`, { ...headers, 'if-match': `"${opened.body.version}"` }, { text: edited });
}

const placeCall = (to: Served, headers: Record<string, string | undefined>) => send(to, 'POST', `/api/flows/${FLOW}/calls`, headers, CALL_BODY);

/** Runs the attempts, checks each answer, and that the flow file is unchanged and no call was placed. */
async function expectNothingDone(attempts: () => Promise<Answer[]>, check: (answer: Answer) => void): Promise<void> {
  const before = readFileSync(flowFile(), 'utf8');
  const callsBefore = placedCalls();
  const answers = await attempts();
  // A call wrongly placed reaches Graph asynchronously: wait for it, so it is counted here.
  await harness.engine.sessions.idle();
  for (const answer of answers) check(answer);
  expect(readFileSync(flowFile(), 'utf8')).toBe(before);
  expect(placedCalls()).toBe(callsBefore);
}

const bothApis = (to: Served, headers: Record<string, string | undefined>) => async () => [await saveFlow(to, headers), await placeCall(to, headers)];

const refusedFor =
  (reason: RegExp, wayIn = /Set CALLFLOW_ADMIN_TOKEN/) =>
  (answer: Answer) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="callflow"');
    expect(answer.body.error?.message).toMatch(reason);
    expect(answer.body.error?.message).toMatch(wayIn);
  };

/** Both guarded APIs refuse with 401 naming `reason`; nothing is saved or placed. */
const expectRefused = (to: Served, headers: Record<string, string | undefined>, reason: RegExp, wayIn?: RegExp) =>
  expectNothingDone(bothApis(to, headers), refusedFor(reason, wayIn));

async function expectAccepted(to: Served, headers: Record<string, string | undefined>): Promise<void> {
  const saved = await saveFlow(to, headers);
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect(readFileSync(flowFile(), 'utf8')).toBe(saved.body.text);
  const callsBefore = placedCalls();
  const placed = await placeCall(to, headers);
  expect(placed.status, JSON.stringify(placed.body)).toBe(202);
  await harness.engine.sessions.idle();
  expect(placedCalls()).toBe(callsBefore + 1);
}

describe('without CALLFLOW_ADMIN_TOKEN, on an engine set up for this machine', () => {
  let local: Served;
  beforeAll(async () => {
    local = await serve(parseConfig({}));
  });

  it.each(['127.0.0.1', 'localhost', '[::1]'])('trusts a loopback request whose Host is %s at the served port', async (name) => {
    await expectAccepted(local, { host: `${name}:${local.port}` });
  });

  it('ignores a stale bearer token (an editor tab from before a restart) when it has no token to compare with', async () => {
    await expectAccepted(local, { host: `127.0.0.1:${local.port}`, authorization: 'Bearer token-of-an-earlier-start' });
    await expectRefused(local, { host: 'abc123.ngrok-free.app', authorization: 'Bearer token-of-an-earlier-start' }, /is not localhost/);
  });

  it('says by its error code that only the operator can let a request from elsewhere in (the editor then explains rather than asks for a token)', async () => {
    const answer = await placeCall(local, { host: 'abc123.ngrok-free.app' });
    expect(answer.body.error?.code).toBe('notTrusted');
  });

  it('refuses a tunnel: loopback peer, Host abc123.ngrok-free.app', async () => {
    await expectRefused(local, { host: 'abc123.ngrok-free.app' }, /Host header 'abc123\.ngrok-free\.app' is not localhost/);
  });

  it('refuses DNS rebinding: Host rebind.evil.example at the served port with a matching Origin', async () => {
    const host = `rebind.evil.example:${local.port}`;
    await expectRefused(local, { host, origin: `http://${host}` }, /Host header 'rebind\.evil\.example:\d+' is not localhost/);
  });

  it('refuses the right host name at another port', async () => {
    await expectRefused(
      local,
      { host: `127.0.0.1:${local.port + 1}` },
      new RegExp(`names port ${local.port + 1}, but the engine serves on port ${local.port}`),
    );
  });

  it('refuses a request without a Host header (HTTP/1.0)', async () => {
    const opened = await send(local, 'GET', `/api/flows/${FLOW}/source`, { host: `127.0.0.1:${local.port}` });
    const edited = opened.body.text!.replace(/"name": "[^"]*"/, '"name": "Hostless"');
    await expectNothingDone(
      async () => [
        await sendWithoutHost(local, 'PUT', `/api/flows/${FLOW}/source`, { 'if-match': `"${opened.body.version}"` }, { text: edited }),
        await sendWithoutHost(local, 'POST', `/api/flows/${FLOW}/calls`, {}, CALL_BODY),
      ],
      refusedFor(/it has no Host header/),
    );
  });

  it.each([
    ['Forwarded', 'for=203.0.113.7;proto=https'],
    ['X-Forwarded-For', '203.0.113.7'],
    ['X-Forwarded-Host', 'abc123.ngrok-free.app'],
    ['X-Forwarded-Proto', 'https'],
  ])('refuses a request carrying %s, however local its Host', async (name, value) => {
    await expectRefused(local, { host: `127.0.0.1:${local.port}`, [name]: value }, new RegExp(`proxy or tunnel \\(${name.toLowerCase()} header\\)`));
  });

  it('refuses a peer that is not loopback, even with a local Host', async () => {
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && !entry.internal && entry.family === 'IPv4')?.address;
    expect(lan, 'this test needs a network interface besides loopback').toBeDefined();
    const onLan = await serve(parseConfig({}), lan);
    await expectRefused(onLan, { host: `127.0.0.1:${onLan.port}` }, new RegExp(`comes from ${lan!.replace(/\./g, '\\.')}, not from a loopback address`));
  });
});

describe('without CALLFLOW_ADMIN_TOKEN, on an engine that others can reach', () => {
  it('refuses local requests when Azure credentials are configured', async () => {
    const withAzure = await serve(parseConfig(AZURE));
    await expectRefused(withAzure, { host: `127.0.0.1:${withAzure.port}` }, /Azure credentials are set/, /signing in at \/auth\/signin/);
  });

  it('refuses local requests when CALLFLOW_PUBLIC_URL is not local, and lets in only the one-time token printed at start', async () => {
    const settings = parseConfig({ CALLFLOW_PUBLIC_URL: 'https://abc123.ngrok-free.app' });
    const policy = adminAccess(settings, () => undefined);
    expect(policy.oneTimeToken).toMatch(/^[\w-]{32}$/);
    const published = await serve(settings, '127.0.0.1', policy.oneTimeToken);
    await expectRefused(published, { host: `localhost:${published.port}` }, /CALLFLOW_PUBLIC_URL is https:\/\/abc123\.ngrok-free\.app/, /one-time token/);
    await expectRefused(published, { host: 'abc123.ngrok-free.app', authorization: `Bearer ${policy.oneTimeToken!.slice(1)}x` }, /not the admin token/, /./);
    await expectAccepted(published, { host: 'abc123.ngrok-free.app', authorization: `Bearer ${policy.oneTimeToken}` });
    // Another start draws another token.
    expect(adminAccess(settings, () => undefined).oneTimeToken).not.toBe(policy.oneTimeToken);
  });
});

describe('with CALLFLOW_ADMIN_TOKEN', () => {
  let exposed: Served;
  let localWithToken: Served;
  beforeAll(async () => {
    exposed = await serve(parseConfig({ ...AZURE, CALLFLOW_PUBLIC_URL: 'https://abc123.ngrok-free.app', CALLFLOW_ADMIN_TOKEN: TOKEN }));
    localWithToken = await serve(parseConfig({ CALLFLOW_ADMIN_TOKEN: TOKEN }));
  });

  it('accepts the right bearer token from anywhere: through a tunnel, forwarded, on an engine with Azure credentials', async () => {
    await expectAccepted(exposed, { host: 'abc123.ngrok-free.app', 'x-forwarded-for': '203.0.113.7', authorization: `Bearer ${TOKEN}` });
  });

  it.each([
    ['a wrong token through the tunnel', () => exposed, { host: 'abc123.ngrok-free.app', authorization: 'Bearer wrong-token-wrong-token' }],
    ['a wrong token from this machine', () => localWithToken, { authorization: 'Bearer wrong-token-wrong-token' }],
    ['no token from this machine, on an engine otherwise set up for local use', () => localWithToken, {}],
  ])('answers 401 with a Bearer challenge to %s', async (_name, target: () => Served, headers: Record<string, string>) => {
    const to = target();
    await expectNothingDone(bothApis(to, { host: `127.0.0.1:${to.port}`, ...headers }), (answer) => {
      expect(answer.status).toBe(401);
      expect(answer.body.error?.code).toBe(headers.authorization ? 'unauthorized' : 'tokenRequired');
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="callflow"');
    });
  });
});

describe('what callflow serve says about access at start', () => {
  const notice = (env: Record<string, string>) => {
    const config = parseConfig(env);
    return adminAccessNotice(
      config,
      adminAccess(config, () => 3978),
      'http://localhost:3978',
    );
  };

  it('names the mode: the token, sign-in, this machine only, or the one-time token with the reasons', () => {
    expect(notice({ CALLFLOW_ADMIN_TOKEN: TOKEN, CALLFLOW_SIGNIN: 'off' })).toEqual({
      closed: false,
      lines: ['  Editing and call APIs: Authorization: Bearer <CALLFLOW_ADMIN_TOKEN>'],
    });
    expect(notice({ ...AZURE, CALLFLOW_PUBLIC_URL: 'https://bot.contoso.com' }).lines.join('\n')).toMatch(
      new RegExp(`signing in with Entra ID \\(app ${AZURE.AZURE_CLIENT_ID}\\) at http://localhost:3978/auth/signin`),
    );
    const local = notice({});
    expect(local.closed).toBe(false);
    expect(local.lines.join('\n')).toMatch(/open to this machine only \(http:\/\/127\.0\.0\.1:3978 .*set CALLFLOW_ADMIN_TOKEN or sign-in before exposing/);
    const closed = notice({ ...AZURE, CALLFLOW_SIGNIN: 'off', CALLFLOW_PUBLIC_URL: 'https://bot.contoso.com' });
    expect(closed.closed).toBe(true);
    const text = closed.lines.join('\n');
    expect(text).toMatch(/Azure credentials are set/);
    expect(text).toMatch(/CALLFLOW_PUBLIC_URL is https:\/\/bot\.contoso\.com/);
    expect(text).toMatch(/Open http:\/\/localhost:3978\/auth\/token\?token=[\w-]{32} in a browser/);
  });
});
