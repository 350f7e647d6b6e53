/**
 * `callflow doctor` as the real command, against a real deployment: a `callflow serve` engine with
 * a SQLite store, the Graph calling emulator over HTTPS, and the example flows (their outbound
 * reminder dials phone numbers, so it needs Calls.Initiate.All and an application instance). Each
 * test then breaks one part — a wrong secret, an app registration without a role, an http or dead
 * public URL, a stand-in that accepts unsigned notifications or lacks prompts, an unreachable
 * store, no application instance, a clock ahead of Graph's `Date` — and reads the failing check and
 * its fix from `--json`. No output ever holds the secret or a token.
 */
import express from 'express';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ALL_CALLING_ROLES } from '../engine/emulator/options.ts';
import { freePorts } from './e2e-graph/processes.ts';
import { runCli, startEmulatedEngine, type EmulatedEngine } from './support/emulated-engine.ts';

interface Report {
  ok: boolean;
  checks: Array<{ id: string; ok: boolean; detail: string; fix?: string }>;
}

const TENANT = randomUUID();
const LACKING = {
  appId: randomUUID(),
  secret: `lacking~${randomUUID()}`,
  tenantId: TENANT,
  roles: ALL_CALLING_ROLES.filter((role) => role !== 'Calls.Initiate.All'),
};
let engine: EmulatedEngine;
const servers: Server[] = [];

async function doctor(changes: Record<string, string> = {}): Promise<{ code: number | null; report: Report; output: string }> {
  const run = await runCli(['doctor', '--json'], { ...engine.env, ...changes });
  const output = `${run.stdout}${run.stderr}`;
  // Nothing the doctor prints may hold a secret or a token, whichever check fails.
  for (const secret of [engine.env.AZURE_CLIENT_SECRET, engine.env.CALLFLOW_ADMIN_TOKEN, LACKING.secret, changes.AZURE_CLIENT_SECRET].filter(Boolean))
    expect(output).not.toContain(secret);
  expect(output).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  return { code: run.code, report: JSON.parse(run.stdout) as Report, output };
}

const check = (report: Report, id: string) => report.checks.find((c) => c.id === id)!;

function listen(app: express.Express): Promise<string> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    servers.push(server);
  });
}

beforeAll(async () => {
  engine = await startEmulatedEngine([{ tenantId: TENANT }, LACKING]);
}, 90_000);

afterAll(async () => {
  servers.forEach((server) => server.close());
  await engine?.stop();
});

describe('callflow doctor', { timeout: 60_000 }, () => {
  it('passes every check against the emulator, a running engine and its SQLite store, and exits 0', async () => {
    const { code, report } = await doctor();
    expect(report.checks.map((c) => c.id)).toEqual(['token', 'permissions', 'public-url', 'webhook', 'prompts', 'store', 'app-instance', 'clock']);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
    expect(check(report, 'permissions').detail).toContain('Calls.Initiate.All');
    expect(check(report, 'permissions').detail).toContain("the store's live set");
    expect(check(report, 'prompts').detail).toMatch(/answered 200 audio\//);
    expect(check(report, 'store').detail).toContain('took a write lock');
  });

  it('prints each check as pass or FAIL with its fix, without --json', async () => {
    const run = await runCli(['doctor'], { ...engine.env, CALLFLOW_APP_INSTANCE_ID: '' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^pass {2}token {9}app .* got a Graph token/m);
    expect(run.stdout).toMatch(/^FAIL {2}app-instance {2}alarm-callout\/callSwitchboard, outbound-reminder\/dial dial a phone number/m);
    expect(run.stdout).toMatch(/^ {20}fix: Create a resource account with a phone number/m);
    expect(run.stdout).toContain('1 of 8 checks fail');
    expect(run.stdout).not.toContain(engine.env.AZURE_CLIENT_SECRET);
  });

  it('explains a wrong client secret (AADSTS7000215), an unknown app (700016) and an unknown tenant (90002)', async () => {
    const [secret, app, tenant] = await Promise.all([
      doctor({ AZURE_CLIENT_SECRET: `wrong~${randomUUID()}` }),
      doctor({ AZURE_CLIENT_ID: randomUUID() }),
      doctor({ AZURE_TENANT_ID: randomUUID() }),
    ]);
    for (const { code, report } of [secret, app, tenant]) {
      expect(code).toBe(1);
      expect(check(report, 'permissions')).toMatchObject({ ok: false, fix: 'Fix the token check first.' });
    }
    expect(check(secret.report, 'token')).toMatchObject({ ok: false, detail: expect.stringContaining('AADSTS7000215: the client secret is wrong') });
    expect(check(secret.report, 'token').fix).toContain("Set AZURE_CLIENT_SECRET to the secret's Value");
    expect(check(app.report, 'token').detail).toContain('AADSTS700016: the app (AZURE_CLIENT_ID) was not found in the tenant');
    expect(check(app.report, 'token').fix).toContain('Application (client) ID');
    expect(check(tenant.report, 'token').detail).toContain('AADSTS90002: the tenant (AZURE_TENANT_ID) was not found');
    expect(check(tenant.report, 'token').fix).toContain('Directory (tenant) ID');
  });

  it('names the permission an app registration lacks, the states that need it and the consent link', async () => {
    const { report } = await doctor({ AZURE_CLIENT_ID: LACKING.appId, AZURE_CLIENT_SECRET: LACKING.secret });
    expect(check(report, 'token').ok).toBe(true);
    const permissions = check(report, 'permissions');
    expect(permissions.ok).toBe(false);
    expect(permissions.detail).toMatch(/^the token's roles lack Calls\.Initiate\.All \(.*\boutbound-reminder\/dial\b.*\)$/);
    expect(permissions.detail).toContain('main-menu/sales');
    expect(check(report, 'permissions').fix).toBe(
      `Add Calls.Initiate.All as Microsoft Graph application permissions of app ${LACKING.appId} and have a tenant admin consent: ${engine.env.AZURE_AUTHORITY_HOST}/${TENANT}/adminconsent?client_id=${LACKING.appId}`,
    );
  });

  it('fails a public URL that is not https, and one where nothing listens', async () => {
    const [port] = await freePorts(1);
    const [plain, dead] = await Promise.all([
      doctor({ CALLFLOW_PUBLIC_URL: 'http://callflow.invalid' }),
      doctor({ CALLFLOW_PUBLIC_URL: `http://127.0.0.1:${port}` }),
    ]);
    expect(check(plain.report, 'public-url')).toMatchObject({ ok: false, detail: expect.stringContaining('is not https') });
    expect(check(plain.report, 'public-url').fix).toContain('set CALLFLOW_PUBLIC_URL to its https:// address');
    expect(check(dead.report, 'public-url')).toMatchObject({ ok: false, detail: `http://127.0.0.1:${port}/healthz: ECONNREFUSED` });
    expect(check(dead.report, 'public-url').fix).toContain('Nothing answered there: start the engine');
  });

  it('fails a webhook that accepts unsigned notifications, and a public URL that serves no prompts', async () => {
    // A stand-in for what a misrouted proxy puts in front of the engine: /open accepts anything,
    // /guarded refuses unsigned notifications but has no /prompts.
    const app = express();
    app.get(['/open/healthz', '/guarded/healthz'], (_req, res) => void res.json({ status: 'ok' }));
    app.post('/open/api/calling', (_req, res) => void res.status(202).end());
    app.post('/guarded/api/calling', (_req, res) => void res.status(401).end());
    app.use((_req, res) => void res.status(404).type('text/html').send('<h1>Not Found</h1>'));
    const origin = await listen(app);
    const [open, guarded] = await Promise.all([doctor({ CALLFLOW_PUBLIC_URL: `${origin}/open` }), doctor({ CALLFLOW_PUBLIC_URL: `${origin}/guarded` })]);
    expect(check(open.report, 'public-url').ok).toBe(true);
    expect(check(open.report, 'webhook')).toMatchObject({
      ok: false,
      detail: `an unsigned POST ${origin}/open/api/calling was accepted (202): anyone could send this bot notifications`,
    });
    expect(check(open.report, 'webhook').fix).toContain('Route /api/calling to the engine unchanged');
    expect(check(guarded.report, 'webhook').ok).toBe(true);
    expect(check(guarded.report, 'prompts')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(new RegExp(`^GET ${origin}/guarded/prompts/\\S+\\.wav \\(signed as Graph gets it\\) answered 404`)),
    });
    expect(check(guarded.report, 'prompts').fix).toContain('Forward /prompts to the engine');
  });

  it('fails a store it cannot reach or create, and passes a Redis store it can write', async () => {
    const [port] = await freePorts(1);
    const [redisDown, noFolder, redisUp] = await Promise.all([
      doctor({ CALLFLOW_STORE: `redis://127.0.0.1:${port}` }),
      doctor({ CALLFLOW_STORE: 'sqlite:/etc/hostname/calls.db' }),
      doctor({ CALLFLOW_STORE: inject('redisUrl') }),
    ]);
    expect(check(redisDown.report, 'store')).toMatchObject({ ok: false, detail: expect.stringContaining(`Redis redis://127.0.0.1:${port}`) });
    expect(check(redisDown.report, 'store').fix).toContain('Start Redis or correct CALLFLOW_STORE');
    expect(check(noFolder.report, 'store')).toMatchObject({ ok: false, detail: expect.stringContaining('/etc/hostname is not a folder') });
    expect(check(noFolder.report, 'store').fix).toContain('in a folder the engine user may write');
    expect(check(redisUp.report, 'store')).toMatchObject({ ok: true, detail: expect.stringContaining('answered and took a write') });
  });

  it('fails a flow that dials phone numbers when no application instance is configured', async () => {
    const { report } = await doctor({ CALLFLOW_APP_INSTANCE_ID: '' });
    // Every gallery flow whose dial block calls a phone number.
    expect(check(report, 'app-instance')).toMatchObject({
      ok: false,
      detail: 'alarm-callout/callSwitchboard, outbound-reminder/dial dial a phone number, and CALLFLOW_APP_INSTANCE_ID is not set',
    });
    expect(check(report, 'app-instance').fix).toContain('set CALLFLOW_APP_INSTANCE_ID to its object id');
    expect(report.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(['app-instance']);
  });

  it('fails a clock more than 60 s off the Date header Graph answers with', async () => {
    // Graph stood in for by an HTTPS server (the test CA every worker trusts) whose clock is 10 minutes ahead.
    const tls = process.env.CALLFLOW_TEST_TLS_DIR!;
    const ahead = express().use(
      (_req, res) =>
        void res
          .set('Date', new Date(Date.now() + 600_000).toUTCString())
          .status(401)
          .end(),
    );
    const server = createHttpsServer({ cert: readFileSync(join(tls, 'server.pem')), key: readFileSync(join(tls, 'server.key')) }, ahead);
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { report } = await doctor({ GRAPH_BASE_URL: `https://localhost:${(server.address() as AddressInfo).port}/v1.0` });
    const clock = check(report, 'clock');
    expect(clock).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^this machine's clock is (599|600|601) s behind localhost:\d+, past the bound of 60 s/),
    });
    expect(clock.fix).toContain('Synchronise the clock with NTP');
  });
});
