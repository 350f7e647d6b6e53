/**
 * Signing in to the engine with Entra ID, end to end without a browser: the engine's msal-node
 * (authorization code flow with PKCE) against the emulator's identity service, the login page
 * pressed as a person would, the session cookie, the CSRF header, roles from the id_token, the
 * audit log; and each way a sign-in can go wrong ends without a session.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../engine/emulator/index.ts';
import { createApp } from '../../engine/server/app.ts';
import { acceptingPort, adminAccess } from '../../engine/server/access/admin-auth.ts';
import { EntraSignIn } from '../../engine/server/access/sign-in/entra-sign-in.ts';
import { SESSION_COOKIE } from '../../engine/server/access/sessions.ts';
import { parseConfig } from '../../engine/config.ts';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import type { DeploymentParts } from '../../engine/deploy/open-deployment.ts';
import { EMULATOR_TEST_DATA_DIR } from '../helpers/emulator-global-setup.ts';
import { openLoginPage, press, redirectOf, signIn } from '../helpers/emulator-sign-in.ts';
import { deployFolder } from '../support/deploy-folder.ts';

const TOKEN = 'sign-in-test-admin-token';
let emulator: RunningEmulator;
let deploy: DeploymentParts;
let server: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ dataDir: EMULATOR_TEST_DATA_DIR });
  dir = mkdtempSync(join(tmpdir(), 'callflow-signin-'));
  cpSync(FLOWS_DIR, dir, { recursive: true });
  deploy = await deployFolder(dir);
  const handler: { app?: Express } = {};
  server = createServer((req, res) => handler.app!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  // Opened as http://localhost:<port>: the emulator, like Entra, ignores the port of a localhost redirect URI.
  base = `http://localhost:${port}`;
  const signIn = new EntraSignIn({
    tenantId: emulator.tenantId,
    clientId: emulator.appId,
    clientSecret: emulator.secret,
    authorityHost: emulator.urls.base,
    redirectUri: `${base}/auth/callback`,
  });
  const config = parseConfig({ CALLFLOW_ADMIN_TOKEN: TOKEN });
  handler.app = createApp(deploy, { access: { ...adminAccess(config, acceptingPort), signInRequired: true }, signIn });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

const cookiesOf = (res: Response) => res.headers.getSetCookie();
const cookieValue = (res: Response, name: string) => cookiesOf(res).find((c) => c.startsWith(`${name}=`));
const pair = (setCookie: string | undefined) => setCookie?.split(';')[0] ?? '';

/** Starts a sign-in; the emulator's authorize URL and the pending cookie. */
async function begin(returnTo = '/?flow=main-menu'): Promise<{ authorize: string; pending: string }> {
  const started = await fetch(`${base}/auth/signin?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });
  expect(started.status).toBe(302);
  return { authorize: started.headers.get('location')!, pending: pair(cookieValue(started, 'callflow_signin')) };
}

async function callback(redirect: URL, pending: string): Promise<Response> {
  return fetch(`${base}/auth/callback${redirect.search}`, { redirect: 'manual', headers: { cookie: pending } });
}

/** Signs `who` in; the session cookie and its CSRF token. */
async function signedIn(who: string): Promise<{ cookie: string; csrf: string; landed: string }> {
  const { authorize, pending } = await begin();
  const back = await callback(await signIn(authorize, who), pending);
  expect(back.status).toBe(302);
  const cookie = pair(cookieValue(back, SESSION_COOKIE));
  const me = (await (await fetch(`${base}/auth/me`, { headers: { cookie } })).json()) as { csrf: string };
  return { cookie, csrf: me.csrf, landed: back.headers.get('location')! };
}

describe('signing in', () => {
  it('sends the browser to Entra ID with PKCE, state and nonce, and remembers them in a short-lived httpOnly cookie', async () => {
    const { authorize, pending } = await begin();
    const url = new URL(authorize);
    expect(url.origin + url.pathname).toBe(`${emulator.urls.base}/${emulator.tenantId}/oauth2/v2.0/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    for (const name of ['code_challenge', 'state', 'nonce', 'client_id']) expect(url.searchParams.get(name)).toBeTruthy();
    expect(url.searchParams.get('redirect_uri')).toBe(`${base}/auth/callback`);
    expect(pending).toMatch(/^callflow_signin=/);
  });

  it('opens a session with the roles of the id_token: an analyst edits a draft and may not publish; all in the audit log', async () => {
    const avery = await signedIn('Avery Analyst');
    expect(avery.landed).toBe('/?flow=main-menu');
    const me = (await (await fetch(`${base}/auth/me`, { headers: { cookie: avery.cookie } })).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ signedIn: true, name: 'Avery Analyst', roles: ['Flows.Read', 'Flows.Edit'], may: ['Flows.Read', 'Flows.Edit'], via: 'session' });

    const draft = (await (await fetch(`${base}/api/flows/main-menu/draft`, { headers: { cookie: avery.cookie } })).json()) as { text: string; version: string };
    const save = (headers: Record<string, string>) =>
      fetch(`${base}/api/flows/main-menu/draft`, {
        method: 'PUT',
        headers: { cookie: avery.cookie, 'content-type': 'application/json', 'if-match': `"${draft.version}"`, ...headers },
        body: JSON.stringify({ text: draft.text.replace('"Main menu"', '"Main menu (draft)"') }),
      });
    expect((await save({})).status).toBe(403); // no CSRF header
    expect((await save({ 'x-callflow-csrf': avery.csrf })).status).toBe(200);
    const publish = await fetch(`${base}/api/flows/main-menu/publish`, {
      method: 'POST',
      headers: { cookie: avery.cookie, 'x-callflow-csrf': avery.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'try' }),
    });
    expect([publish.status, ((await publish.json()) as { error: { role: string } }).error.role]).toEqual([403, 'Flows.Publish']);

    const audit = (await (await fetch(`${base}/api/audit`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as Array<{
      who: string;
      action: string;
    }>;
    expect(audit.filter((entry) => entry.who === 'Avery Analyst').map((entry) => entry.action)).toEqual(['draft.save', 'user.signin']);
  });

  it('keeps only a digest of the session secret in the store; the cookie is httpOnly and SameSite=Lax; signing out ends it', async () => {
    const { authorize, pending } = await begin();
    const back = await callback(await signIn(authorize, 'Pat Publisher'), pending);
    const setCookie = cookieValue(back, SESSION_COOKIE)!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/); // http://localhost
    const secret = pair(setCookie).split('=')[1];
    expect(await deploy.store.webSession(secret, Date.now())).toBeUndefined();
    const cookie = pair(setCookie);
    const { csrf } = (await (await fetch(`${base}/auth/me`, { headers: { cookie } })).json()) as { csrf: string };
    expect((await fetch(`${base}/api/flows`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${base}/auth/signout`, { method: 'POST', headers: { cookie } })).status).toBe(403);
    const out = await fetch(`${base}/auth/signout`, { method: 'POST', headers: { cookie, 'x-callflow-csrf': csrf } });
    expect(((await out.json()) as { logoutUrl: string }).logoutUrl).toContain(`${emulator.urls.base}/${emulator.tenantId}/oauth2/v2.0/logout`);
    expect((await fetch(`${base}/api/flows`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('a sign-in that goes wrong opens no session', () => {
  const refused = async (back: Response) => {
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toMatch(/^\/\?signInError=/);
    expect(cookieValue(back, SESSION_COOKIE) ?? '').not.toMatch(/^callflow_session=[^;]+/);
    return decodeURIComponent(back.headers.get('location')!.split('=')[1]);
  };

  it('another browser’s answer (no or another pending cookie)', async () => {
    const mine = await begin();
    const theirs = await begin();
    const redirect = await signIn(mine.authorize, 'Ada Admin');
    expect(await refused(await callback(redirect, ''))).toMatch(/did not start a sign-in/);
    expect(await refused(await callback(redirect, theirs.pending))).toMatch(/does not belong to this sign-in/);
  });

  it('a code redeemed twice', async () => {
    const { authorize, pending } = await begin();
    const redirect = await signIn(authorize, 'Rey Reader');
    expect((await callback(redirect, pending)).status).toBe(302);
    expect(await refused(await callback(redirect, pending))).toMatch(/AADSTS54005/);
  });

  it('the person cancels at Entra ID', async () => {
    const { authorize, pending } = await begin();
    const { form } = await openLoginPage(authorize);
    expect(await refused(await callback(redirectOf(await press(form, 'Cancel')), pending))).toMatch(/AADSTS65004/);
  });

  it('returns only to a path of this site', async () => {
    for (const target of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { authorize, pending } = await begin(target);
      const back = await callback(await signIn(authorize, 'Rey Reader'), pending);
      expect(back.headers.get('location')).toBe('/');
    }
  });

  it('nobody signed in gets 401 and the way in', async () => {
    const answer = await fetch(`${base}/api/flows`);
    const body = (await answer.json()) as { error: { message: string } };
    expect(answer.status).toBe(401);
    expect(body.error.message).toMatch(/signing in at \/auth\/signin/);
  });
});
