/**
 * Drafts, publish, history and rollback over HTTP, against a real express app over a copy of the
 * example flows: a draft never changes what is live, a publish that fails lint or a scenario
 * changes nothing, one of two publishes at once wins, and a rollback publishes an earlier version
 * again under a new number.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentParts } from '../engine/deploy/open-deployment.ts';
import { FLOWS_DIR } from '../engine/node/paths.ts';
import { createApp } from '../engine/server/app.ts';
import { deployFolder } from './support/deploy-folder.ts';

const dir = mkdtempSync(join(tmpdir(), 'callflow-lifecycle-'));
let server: Server;
let base: string;
let deploy: DeploymentParts;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag')?.replaceAll('"', '') ?? '', body: text ? JSON.parse(text) : undefined };
}

const live = async (id: string) =>
  (await call('GET', `/api/flows/${id}`)).body as { version: string; flow: { prompts: Record<string, Record<string, { text: string }>> } };
const welcomeWords = async () => (await live('main-menu')).flow.prompts.welcome['en-US'].text;

/** The live main menu with the welcome words changed and, optionally, key 1 sent elsewhere. */
async function edited(words: string, keyOne?: string): Promise<string> {
  const flow = JSON.parse(JSON.stringify((await live('main-menu')).flow));
  flow.prompts.welcome['en-US'].text = words;
  if (keyOne) flow.states.mainMenu.choices['1'] = keyOne;
  return `${JSON.stringify(flow, null, 2)}\n`;
}

async function saveDraft(text: string) {
  const { etag } = await call('GET', '/api/flows/main-menu/draft');
  return call('PUT', '/api/flows/main-menu/draft', { text, author: 'ana@contoso.com' }, { 'if-match': etag });
}

beforeAll(async () => {
  cpSync(FLOWS_DIR, dir, { recursive: true });
  deploy = await deployFolder(dir);
  const app = createApp(deploy);
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('drafts', () => {
  it('starts from the live version, saves over the version it was opened at, and changes nothing live', async () => {
    const opened = await call('GET', '/api/flows/main-menu/draft');
    expect(opened.body).toMatchObject({ id: 'main-menu', draft: false });
    const before = await live('main-menu');
    const saved = await call(
      'PUT',
      '/api/flows/main-menu/draft',
      { text: await edited('Welcome to the new Contoso.'), author: 'ana' },
      { 'if-match': opened.etag },
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ draft: true, author: 'ana' });
    expect((await live('main-menu')).version).toBe(before.version);
    // Someone else saved meanwhile: the conflict answers their draft.
    const stale = await call('PUT', '/api/flows/main-menu/draft', { text: await edited('Mine') }, { 'if-match': opened.etag });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { code: 'conflict' }, author: 'ana' });
    expect(stale.body.text).toContain('Welcome to the new Contoso.');
  });

  it('keeps a draft with errors, with its problems', async () => {
    const broken = (await edited('Half done')).replace('"next": "mainMenu"', '"next": "nowhere"');
    const saved = await saveDraft(broken);
    expect(saved.status).toBe(200);
    expect(saved.body.problems.map((p: { code: string }) => p.code)).toContain('ref.unknown-target');
  });

  it('refuses a draft over the size limit with the limit', async () => {
    const { etag } = await call('GET', '/api/flows/main-menu/draft');
    const huge = await call('PUT', '/api/flows/main-menu/draft', { text: 'x'.repeat(4 * 1024 * 1024 + 1) }, { 'if-match': etag });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toContain('4194304 bytes');
  });
});

describe('publishing', () => {
  it('refuses a draft with errors and changes nothing live', async () => {
    const before = await live('main-menu');
    const refused = await call('POST', '/api/flows/main-menu/publish', { message: 'half done' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('flowHasErrors');
    expect(refused.body.problems.some((p: { pointer: string }) => p.pointer.endsWith('/next'))).toBe(true);
    expect((await live('main-menu')).version).toBe(before.version);
  });

  it('refuses a draft whose scenarios fail, naming the scenario and its step', async () => {
    await saveDraft(await edited('Hello', 'support'));
    const refused = await call('POST', '/api/flows/main-menu/publish', { message: 'key 1 to support' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('scenariosFailed');
    const failed = refused.body.failedScenarios.find((s: { name: string }) => s.name.startsWith('A caller who presses 1'));
    expect(failed).toMatchObject({ step: expect.any(Number), message: expect.stringContaining("'sales'") });
    expect(await welcomeWords()).toBe('Thank you for calling Contoso.');
  });

  it('publishes a clean draft: a new number, the files in the flows folder, the draft gone, the history newest first', async () => {
    await saveDraft(await edited('Welcome to Contoso, now with words from the editor.'));
    const published = await call('POST', '/api/flows/main-menu/publish', { message: 'New welcome words', author: 'ana@contoso.com' });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ number: 2, passedScenarios: expect.arrayContaining([expect.stringContaining('presses 1')]) });
    expect(published.body.coverage.missedStates).toEqual([]);
    expect(await welcomeWords()).toBe('Welcome to Contoso, now with words from the editor.');
    expect(readFileSync(join(dir, 'main-menu.flow.json'), 'utf8')).toContain('now with words from the editor');
    expect((await call('GET', '/api/flows/main-menu/draft')).body.draft).toBe(false);
    const versions = (await call('GET', '/api/flows/main-menu/versions')).body;
    expect(versions.map((v: { number: number; source: string; author: string; message: string }) => [v.number, v.source, v.author, v.message])).toEqual([
      [2, 'publish', 'ana@contoso.com', 'New welcome words'],
      [1, 'disk', 'the flows folder', 'main-menu.flow.json changed in the flows folder'],
    ]);
  });

  it('lets one of two publishes at once win; the other gets 409', async () => {
    await saveDraft(await edited('Race'));
    const results = await Promise.all([
      call('POST', '/api/flows/main-menu/publish', { message: 'first' }),
      deploy.publisher.publish({
        flowId: 'main-menu',
        files: { flow: await edited('Other') },
        author: 'ben',
        message: 'second',
        source: 'api',
        scenarios: false,
        expectedNumber: 2,
      }),
    ]);
    const statuses = [results[0].status, 'published' in results[1] ? 201 : 409].sort();
    expect(statuses).toEqual([201, 409]);
    expect((await call('GET', '/api/flows/main-menu/versions')).body[0].number).toBe(3);
  });

  it('tells what changed between two versions, as sentences with pointers', async () => {
    const diff = await call('GET', '/api/flows/main-menu/diff?from=1&to=2');
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toEqual([
      expect.objectContaining({ pointer: '/prompts/welcome/en-US/text', sentence: expect.stringContaining('now with words from the editor') }),
    ]);
    expect((await call('GET', '/api/flows/main-menu/diff?from=7')).status).toBe(404);
  });

  it('rolls back by publishing an earlier version again under a new number, and answers 404 for an unknown one', async () => {
    expect((await call('POST', '/api/flows/main-menu/rollback', { number: 99 })).status).toBe(404);
    const first = (await call('GET', '/api/flows/main-menu/versions/1')).body;
    const rolled = await call('POST', '/api/flows/main-menu/rollback', { number: 1 });
    expect(rolled.status).toBe(201);
    expect(rolled.body).toMatchObject({ number: 4, rollbackOf: 1, version: first.version });
    expect(await welcomeWords()).toBe('Thank you for calling Contoso.');
  });
});

describe('the audit log of one flow', () => {
  it('lists what was done to the flow asked for, newest first, and nothing about the others', async () => {
    const entries = (await call('GET', '/api/audit?flow=main-menu')).body as Array<{ action: string; target: string }>;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.target === 'main-menu')).toBe(true);
    expect(entries[0].action).toBe('flow.rollback');
    expect(entries.map((entry) => entry.action)).toContain('flow.publish');
    expect((await call('GET', '/api/audit?flow=survey')).body).toEqual([]);
  });
});

describe('renaming and routes', () => {
  it('refuses to rename a flow a route sends calls to, naming the route', async () => {
    const refused = await call('POST', '/api/flows/main-menu/rename', { to: 'main-line' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/route \d+ of routes\.json/);
  });

  it('publishes a routes table only when it is valid and names live flows', async () => {
    const current = await call('GET', '/api/routes');
    expect(current.body.number).toBe(1);
    expect((await call('PUT', '/api/routes', { text: '{"routes": 5}' }, { 'if-match': current.etag })).status).toBe(422);
    const unknown = await call(
      'PUT',
      '/api/routes',
      { text: JSON.stringify({ routes: [{ called: { phone: '+14255550100' }, flow: 'no-such-flow' }] }) },
      { 'if-match': current.etag },
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toContain('no-such-flow');
    const table = JSON.stringify({ routes: [{ called: { phone: '+14255550100' }, flow: 'survey' }] }, null, 2);
    expect((await call('PUT', '/api/routes', { text: table }, { 'if-match': current.etag })).status).toBe(200);
    expect(deploy.deployment.route({ phone: '+14255550100' })).toMatchObject({ flowId: 'survey' });
    expect(readFileSync(join(dir, 'routes.json'), 'utf8')).toBe(table);
    expect((await call('PUT', '/api/routes', { text: table }, { 'if-match': current.etag })).status).toBe(412);
    writeFileSync(join(dir, 'routes.json'), current.body.text);
  });
});
