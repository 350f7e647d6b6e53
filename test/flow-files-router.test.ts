import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployFolder } from './support/deploy-folder.ts';
import { createApp } from '../engine/server/app.ts';
import { acceptingPort, adminAccess } from '../engine/server/access/admin-auth.ts';
import { parseConfig } from '../engine/config.ts';
import { FLOWS_DIR } from '../engine/node/paths.ts';
import { formatFlow } from '../engine/blocks/language.ts';

const dir = mkdtempSync(join(tmpdir(), 'callflow-files-'));
let server: Server;
let base: string;
const mainMenu = readFileSync(join(FLOWS_DIR, 'main-menu.flow.json'), 'utf8');
const small = (id: string) => formatFlow({ id, version: 1, name: 'Small', start: 'a', states: { a: { type: 'answer', next: 'b' }, b: { type: 'hangup' } } });

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, at = base) {
  const response = await fetch(`${at}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  cpSync(join(FLOWS_DIR, 'prompts'), join(dir, 'prompts'), { recursive: true });
  writeFileSync(join(dir, 'main-menu.flow.json'), mainMenu);
  const app = createApp(await deployFolder(dir));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('editor file API', () => {
  it('serves a flow source with its version, and saves only against the version that was opened', async () => {
    const opened = await call('GET', '/api/flows/main-menu/source');
    expect(opened.status).toBe(200);
    expect(opened.body.text).toBe(mainMenu);
    expect(opened.headers.get('etag')).toBe(`"${opened.body.version}"`);

    const edited = mainMenu.replace('Contoso main line', 'Contoso line');
    expect((await call('PUT', '/api/flows/main-menu/source', { text: edited })).status).toBe(428);
    const saved = await call('PUT', '/api/flows/main-menu/source', { text: edited }, { 'if-match': `"${opened.body.version}"` });
    expect(saved.status).toBe(200);
    expect(readFileSync(join(dir, 'main-menu.flow.json'), 'utf8')).toBe(edited);

    const stale = await call('PUT', '/api/flows/main-menu/source', { text: mainMenu }, { 'if-match': opened.body.version });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { code: 'conflict' }, text: edited, version: saved.body.version });
    expect((await call('GET', '/api/flows')).body.find((f: { id: string }) => f.id === 'main-menu').name).toBe('Contoso line');
  });

  it('says which flows calls are routed to: by routes.json, or as the default flow', async () => {
    writeFileSync(join(dir, 'routes.json'), JSON.stringify({ routes: [{ called: { phone: '+14255550100' }, flow: 'main-menu' }] }));
    writeFileSync(join(dir, 'other.flow.json'), small('other'));
    const routed = async (defaultFlow?: string) => {
      const app = createApp(await deployFolder(dir, { defaultFlow }));
      const listening = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      try {
        const flows = (await call('GET', '/api/flows', undefined, {}, `http://127.0.0.1:${(listening.address() as AddressInfo).port}`)).body;
        return Object.fromEntries((flows as Array<{ id: string; routed: boolean }>).map((flow) => [flow.id, flow.routed]));
      } finally {
        listening.close();
      }
    };
    try {
      expect(await routed()).toEqual({ 'main-menu': true, other: false });
      expect(await routed('other')).toEqual({ 'main-menu': true, other: true });
    } finally {
      rmSync(join(dir, 'routes.json'));
      rmSync(join(dir, 'other.flow.json'));
    }
  });

  it('writes canonical JSON whatever the formatting it receives', async () => {
    const { body } = await call('GET', '/api/flows/main-menu/source');
    const compact = JSON.stringify(JSON.parse(body.text));
    const saved = await call('PUT', '/api/flows/main-menu/source', { text: compact }, { 'if-match': body.version });
    expect(saved.status).toBe(200);
    expect(saved.body.text).toBe(formatFlow(JSON.parse(compact)));
  });

  it('refuses to save a flow with errors and lists the problems', async () => {
    const { body } = await call('GET', '/api/flows/main-menu/source');
    const broken = body.text.replace('"next": "mainMenu"', '"next": "mainMenuu"');
    const refused = await call('PUT', '/api/flows/main-menu/source', { text: broken }, { 'if-match': body.version });
    expect(refused.status).toBe(422);
    expect(refused.body.problems[0]).toMatchObject({ code: 'ref.unknown-target', pointer: '/states/welcome/next' });
    expect(readFileSync(join(dir, 'main-menu.flow.json'), 'utf8')).toBe(body.text);
  });

  it('creates a flow once, and renames it with its scenarios and layout', async () => {
    expect((await call('POST', '/api/flows', { text: small('tiny') })).status).toBe(201);
    expect((await call('POST', '/api/flows', { text: small('tiny') })).status).toBe(409);
    writeFileSync(join(dir, 'tiny.test.json'), JSON.stringify({ flow: 'tiny', scenarios: [{ name: 'ends', steps: [{ expect: { ended: true } }] }] }));
    expect((await call('PUT', '/api/flows/tiny/layout', { positions: { a: { x: 10.4, y: 20 }, b: { x: 300, y: 20 } } })).status).toBe(200);

    const renamed = await call('POST', '/api/flows/tiny/rename', { to: 'tiny-two' });
    expect(renamed.status).toBe(200);
    expect(JSON.parse(renamed.body.text).id).toBe('tiny-two');
    expect(existsSync(join(dir, 'tiny.flow.json'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'tiny-two.test.json'), 'utf8')).flow).toBe('tiny-two');
    expect((await call('GET', '/api/flows/tiny-two/layout')).body).toEqual({ positions: { a: { x: 10, y: 20 }, b: { x: 300, y: 20 } } });
    const ids = (await call('GET', '/api/flows')).body.map((f: { id: string }) => f.id);
    expect(ids).toContain('tiny-two');
    expect(ids).not.toContain('tiny');
  });

  it('writes scenarios that match the scenario schema and belong to the flow', async () => {
    const scenarios = {
      $schema: '../schemas/scenario.schema.json',
      flow: 'main-menu',
      scenarios: [{ name: 'hangs up', steps: [{ hangup: true }, { expect: { ended: true } }] }],
    };
    expect((await call('PUT', '/api/flows/main-menu/tests', scenarios)).status).toBe(200);
    expect(readFileSync(join(dir, 'main-menu.test.json'), 'utf8')).toBe(`${JSON.stringify(scenarios, null, 2)}\n`);
    expect((await call('PUT', '/api/flows/main-menu/tests', { ...scenarios, flow: 'other' })).status).toBe(422);
    expect((await call('PUT', '/api/flows/main-menu/tests', { flow: 'main-menu', scenarios: [{ steps: [] }] })).status).toBe(422);
  });

  it('needs the admin token when one is configured', async () => {
    const token = 'an-admin-token-of-16+';
    const app = createApp(await deployFolder(dir), { access: adminAccess(parseConfig({ CALLFLOW_ADMIN_TOKEN: token }), acceptingPort) });
    const guarded = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const guardedBase = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}`;
    try {
      const { body } = await call('GET', '/api/flows/main-menu/source');
      const put = (headers: Record<string, string>) =>
        call('PUT', '/api/flows/main-menu/source', { text: body.text }, { 'if-match': body.version, ...headers }, guardedBase);
      const denied = await put({});
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await put({ authorization: 'Bearer nope' })).status).toBe(401);
      expect((await put({ authorization: `Bearer ${token}` })).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => guarded.close(() => resolve()));
    }
  });

  it('refuses writes from a page on another site', async () => {
    const { body } = await call('GET', '/api/flows/main-menu/source');
    const foreign = await call('PUT', '/api/flows/main-menu/source', { text: body.text }, { 'if-match': body.version, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
  });

  it('reports a disk failure without touching the file', async () => {
    const { body } = await call('GET', '/api/flows/main-menu/source');
    mkdirSync(join(dir, 'main-menu.flow.json.tmp'));
    try {
      const failed = await call('PUT', '/api/flows/main-menu/source', { text: body.text.replace('Goodbye.', 'Bye.') }, { 'if-match': body.version });
      expect(failed.status).toBe(500);
      expect(failed.body.error.code).toBe('diskError');
      expect(readFileSync(join(dir, 'main-menu.flow.json'), 'utf8')).toBe(body.text);
    } finally {
      rmSync(join(dir, 'main-menu.flow.json.tmp'), { recursive: true });
    }
  });

  it('lists the prompt recordings a flow can use and rejects malformed ids', async () => {
    const { body } = await call('GET', '/api/prompts');
    expect(body.files).toContain('prompts/en-US/welcome.wav');
    expect((await call('GET', '/api/flows/..%2Fetc/source')).status).toBe(400);
  });
});
