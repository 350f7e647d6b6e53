/**
 * The History tab and the Routes page against the real engine: two versions published through the
 * API are listed with the live one first, the newest's changes are named in plain words and marked
 * on the canvas, a line reveals its state, a rollback publishes an earlier version under a new
 * number and shows in the audit log; the routes table is edited, published and read back, and a
 * route the engine refuses shows the engine's problem at its row.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, foreignRequests, useEditor, type EditorPage, type Engine } from './harness.ts';
import { nodeOf, until } from './editor-actions.ts';

let engine: Engine;
let editor: EditorPage;
let browser: Browser;

useEditor(
  {
    path: '/?flow=main-menu',
    viewport: { width: 1600, height: 960 },
    ready: (opened) => until(async () => (await opened.page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas'),
  },
  (opened) => ({ engine, editor, browser } = opened),
);

async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; etag: string; body: T }> {
  const response = await fetch(`${engine.base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag') ?? '', body: (text ? JSON.parse(text) : undefined) as T };
}

/** Saves a draft of the main menu changed by `change` and publishes it; answers the new number. */
async function publish(
  message: string,
  change: (flow: { prompts: Record<string, Record<string, { text: string }>>; states: Record<string, Record<string, unknown>> }) => void,
) {
  const opened = await api<{ text: string }>('GET', '/api/flows/main-menu/draft');
  const flow = JSON.parse(opened.body.text);
  change(flow);
  const saved = await api('PUT', '/api/flows/main-menu/draft', { text: `${JSON.stringify(flow, null, 2)}\n` }, { 'if-match': opened.etag });
  expect(saved.status).toBe(200);
  const published = await api<{ number: number }>('POST', '/api/flows/main-menu/publish', { message });
  expect(published.status).toBe(201);
  return published.body.number;
}

describe('the History tab', () => {
  it('lists the versions, names and marks what the live one changed, and rolls back to an earlier one as a new version', async () => {
    const { page } = editor;
    const first = await publish('New welcome words', (flow) => {
      flow.prompts.welcome['en-US'].text = 'Welcome to Contoso.';
    });
    const second = await publish('Menu explained', (flow) => {
      flow.states.mainMenu.description = 'Sales, support or the operator.';
    });
    expect(second).toBe(first + 1);

    await page.getByRole('tab', { name: 'History' }).click();
    const panel = page.locator('#panel-history');
    const versions = panel.getByRole('list', { name: 'Versions' }).getByRole('listitem');
    await expect.poll(() => versions.count()).toBe(second);
    expect(await versions.first().innerText()).toMatch(new RegExp(`Version ${second}\\s*live[\\s\\S]*Menu explained`));
    expect(await versions.nth(1).innerText()).toMatch(/New welcome words/);

    const changes = panel.getByRole('region', { name: 'Changes' });
    await expect.poll(() => changes.innerText()).toMatch(new RegExp(`What version ${second} changed[\\s\\S]*State 'mainMenu' \\(menu\\): description`));
    await expect.poll(() => nodeOf(page, 'mainMenu').locator('.state-node').getAttribute('class')).toMatch(/is-diff-changed/);
    expect(await nodeOf(page, 'welcome').locator('.state-node').getAttribute('class')).not.toMatch(/is-diff/);

    // The version before: its welcome words, on the state that plays them.
    await versions.nth(1).getByRole('button').click();
    await expect.poll(() => changes.innerText()).toMatch(/Prompt 'welcome' \(en-US\) words changed/);
    await expect.poll(() => nodeOf(page, 'welcome').locator('.state-node').getAttribute('class')).toMatch(/is-diff-changed/);
    await changes.getByRole('button', { name: /Prompt 'welcome'/ }).click();
    await expect.poll(() => nodeOf(page, 'welcome').locator('.state-node').getAttribute('class')).toMatch(/is-selected/);
    await page.screenshot({ path: join(ARTIFACTS, 'history-tab.png') });

    // Leaving the tab takes the marks off the canvas.
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await expect.poll(() => nodeOf(page, 'welcome').locator('.state-node').getAttribute('class')).not.toMatch(/is-diff/);
    await page.getByRole('tab', { name: 'History' }).click();

    await versions.nth(1).getByRole('button').click();
    await panel.getByRole('button', { name: `Roll back to version ${first}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back and publish' }).click();
    await expect.poll(() => panel.getByRole('status').innerText()).toBe(`Rolled back: version ${first} was published as version ${second + 1}.`);
    await expect.poll(() => versions.count()).toBe(second + 1);
    expect(await versions.first().innerText()).toMatch(new RegExp(`Version ${second + 1} \\(rollback to ${first}\\)\\s*live`));
    // The canvas shows what is live now: version 2's welcome words.
    await expect.poll(() => nodeOf(page, 'welcome').innerText()).toMatch(/Welcome to Contoso/);
    const live = await api<Array<{ number: number; rollbackOf?: number }>>('GET', '/api/flows/main-menu/versions');
    expect(live.body[0]).toMatchObject({ number: second + 1, rollbackOf: first });

    const audit = panel.getByRole('region', { name: 'Audit log' });
    await expect.poll(() => audit.innerText()).toMatch(new RegExp(`rolled back to version ${first} \\(published as version ${second + 1}\\)`));
    expect(await audit.innerText()).toMatch(/published version \d+: Menu explained/);
  });

  it('compares the draft with the live version, with a ghost for the state only the draft has', async () => {
    const { page } = editor;
    const opened = await api<{ text: string }>('GET', '/api/flows/main-menu/draft');
    const flow = JSON.parse(opened.body.text);
    flow.states.billing = { type: 'hangup' };
    expect((await api('PUT', '/api/flows/main-menu/draft', { text: JSON.stringify(flow, null, 2) }, { 'if-match': opened.etag })).status).toBe(200);

    // The tab reads the history again each time it is opened.
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.getByRole('tab', { name: 'History' }).click();
    const panel = page.locator('#panel-history');
    await panel.getByRole('button', { name: 'Draft vs live' }).click();
    const changes = panel.getByRole('region', { name: 'Changes' });
    await expect.poll(() => changes.innerText()).toMatch(/From version \d+ to the draft[\s\S]*State 'billing' \(hangup\) added/);
    const ghost = page.locator('.ghost-state[data-state="billing"]');
    await expect.poll(() => ghost.getAttribute('class')).toMatch(/is-diff-added/);
    expect(await ghost.innerText()).toMatch(/billing[\s\S]*only in the other version/);
    await changes.getByRole('button', { name: /State 'billing'/ }).click();
    await until(async () => {
      const box = await ghost.boundingBox();
      const pane = await page.locator('.react-flow__pane').boundingBox();
      return Boolean(box && pane && box.x >= pane.x && box.x + box.width <= pane.x + pane.width);
    }, 'the ghost to be in view');
    await page.screenshot({ path: join(ARTIFACTS, 'history-draft-vs-live.png') });
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await expect.poll(() => ghost.count()).toBe(0);
  });
});

/** The routes of the gallery's table, flows/routes.json, which the engine under test starts with. */
const galleryRoutes = () => (JSON.parse(readFileSync(join(FLOWS_DIR, 'routes.json'), 'utf8')) as { routes: Array<{ called: Record<string, string> }> }).routes;

describe('the Routes page', () => {
  const routeTo = async (phone: string) =>
    (JSON.parse((await api<{ text: string }>('GET', '/api/routes')).body.text) as { routes: Array<{ called: { phone?: string }; flow: string }> }).routes.find(
      (route) => route.called.phone === phone,
    )?.flow;

  it('changes the flow a number reaches and publishes the table', async () => {
    const { page } = editor;
    expect(await routeTo('+14255550100')).toBe('main-menu');
    await page.getByRole('button', { name: 'Routes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Routes' });
    const first = dialog.getByRole('listitem', { name: 'Route 1' });
    await expect.poll(() => first.getByLabel('Phone number').inputValue()).toBe('+14255550100');
    await first.getByLabel('Flow').selectOption('survey');
    // The first route that matches wins: the reception's resource account goes first.
    await dialog.getByRole('button', { name: 'Move route 2 up' }).click();
    await dialog.getByRole('button', { name: 'Publish routes' }).click();
    await expect.poll(() => dialog.getByRole('status').innerText()).toMatch(/Published as routes table \d+/);
    expect(await routeTo('+14255550100')).toBe('survey');
    const table = JSON.parse((await api<{ text: string }>('GET', '/api/routes')).body.text) as { routes: Array<{ called: Record<string, string> }> };
    // The gallery's table with its first two routes swapped.
    const gallery = galleryRoutes();
    const expected = [gallery[1]!, gallery[0]!, ...gallery.slice(2)].map((route) => Object.keys(route.called)[0]);
    expect(expected.slice(0, 2)).toEqual(['applicationInstance', 'phone']);
    expect(table.routes.map((route) => Object.keys(route.called)[0])).toEqual(expected);
  });

  it('shows the engine’s problem at the route it refused, and publishes nothing', async () => {
    const { page } = editor;
    const dialog = page.getByRole('dialog', { name: 'Routes' });
    const second = dialog.getByRole('listitem', { name: 'Route 2' });
    await second.getByLabel('Application instance id').fill('');
    await second.getByLabel('Phone number').fill('555-0100');
    await dialog.getByRole('button', { name: 'Publish routes' }).click();
    await expect.poll(() => second.getByRole('alert').innerText()).toMatch(/phone number must be in E\.164 form/);
    expect(await dialog.locator('.notice.is-error').innerText()).toMatch(/The engine refused the table: the routes table is not valid; nothing was published/);
    await page.screenshot({ path: join(ARTIFACTS, 'routes-page.png') });
    expect(await routeTo('555-0100')).toBeUndefined();
    page.once('dialog', (asked) => void asked.accept());
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('refuses to publish over routes someone else published meanwhile, and reads theirs', async () => {
    const { page } = editor;
    await page.getByRole('button', { name: 'Routes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Routes' });
    const rows = dialog
      .getByRole('list', { name: 'Routes' })
      .getByRole('listitem')
      .filter({ has: page.getByLabel('Flow') });
    await expect.poll(() => rows.count()).toBe(galleryRoutes().length);

    const current = await api<{ text: string; number: number }>('GET', '/api/routes');
    const theirs = JSON.stringify({ routes: [{ called: { phone: '+14255550100' }, flow: 'voicemail' }] }, null, 2);
    expect((await api('PUT', '/api/routes', { text: theirs }, { 'if-match': `"${current.body.number}"` })).status).toBe(200);

    await dialog.getByRole('button', { name: 'Remove route 5' }).click();
    await dialog.getByRole('button', { name: 'Publish routes' }).click();
    await expect.poll(() => dialog.locator('.notice.is-error').innerText()).toMatch(/Someone else published the routes/);
    await dialog.getByRole('button', { name: 'Read the published routes' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getByLabel('Flow').inputValue()).toBe('voicemail');
    expect(await routeTo('+14255550100')).toBe('voicemail');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('lets someone who may edit but not publish read the history and routes, without rollback, audit or publishing', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 960 } });
    const page = await context.newPage();
    try {
      // The engine still trusts this machine; the editor is told this person may only read and edit.
      await page.route('**/auth/me', (route) =>
        route.fulfill({
          json: { signedIn: true, name: 'Ana', roles: ['Flows.Edit'], may: ['Flows.Read', 'Flows.Edit'], via: 'session', csrf: 'c', signIn: '/auth/signin' },
        }),
      );
      await page.goto(`${engine.base}/?flow=main-menu`);
      await page.getByRole('tab', { name: 'History' }).click();
      const panel = page.locator('#panel-history');
      const versions = panel.getByRole('list', { name: 'Versions' }).getByRole('listitem');
      await expect.poll(() => versions.count()).toBeGreaterThan(2);
      await versions.nth(1).getByRole('button').click();
      const rollback = panel.getByRole('button', { name: /^Roll back to version \d+$/ });
      expect(await rollback.isDisabled()).toBe(true);
      expect(await rollback.getAttribute('title')).toBe('Rolling back needs the Flows.Publish role');
      expect(await panel.getByRole('region', { name: 'Audit log' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Routes' }).click();
      const dialog = page.getByRole('dialog', { name: 'Routes' });
      const first = dialog.getByRole('listitem', { name: 'Route 1' });
      await expect.poll(() => first.getByLabel('Phone number').inputValue()).toBe('+14255550100');
      expect(await first.getByLabel('Phone number').isDisabled()).toBe(true);
      expect(await dialog.getByRole('button', { name: 'Publish routes' }).isDisabled()).toBe(true);
      expect(await dialog.getByRole('button', { name: 'Add a route' }).isDisabled()).toBe(true);
      expect(await dialog.innerText()).toMatch(/Changing the routes needs the Flows\.Publish role/);
    } finally {
      await context.close();
    }
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
