/**
 * Bad input and refused saves: broken JSON and schema violations typed in the code view are marked
 * where they are while the canvas keeps the last valid graph and says it is out of sync; a flow
 * with errors is saved as a draft but not published; and when the engine refuses a save (the draft
 * changed meanwhile, no admin token, no trust) the user's edits stay exactly as they were.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { foreignRequests, launchChromium, openEditor, startEngine, type EditorPage, type Engine, screenshotIfFailed } from './harness.ts';
import { documentStatus, documentText, fill, inspector, until, clickEmptyCanvas } from './editor-actions.ts';
import { codeText, markers, openCodeView, placeCursor } from './code-view.ts';
import { draftOf, publishFromEditor, untilDraftIs } from './drafts.ts';
import type { EditorWindow } from './page-globals.ts';
import { acceptingPort, adminAccess } from '../../engine/server/access/admin-auth.ts';
import { localTrustPolicy } from '../../engine/server/access/local-trust.ts';
import { parseConfig } from '../../engine/config.ts';

const ADMIN_TOKEN = 'e2e-admin-token-value';
/** The engine's access rule; tests change it as if the engine had been started with other variables. */
const access = adminAccess(parseConfig({}), acceptingPort);
const localTrust = access.localTrust;
let engine: Engine;
let browser: Browser;
let editor: EditorPage;
const file = () => join(engine.dir, 'main-menu.flow.json');
const syncNotice = (page: Page) => page.locator('.sync-notice');
const nodes = (page: Page) => page.locator('.react-flow__node').count();

beforeAll(async () => {
  engine = await startEngine({ access });
  browser = await launchChromium();
  editor = await openEditor(browser, `${engine.base}/?flow=main-menu`);
  await until(async () => (await nodes(editor.page)) === 10, 'the main menu on the canvas');
  await openCodeView(editor.page);
});

afterEach(async (context) => {
  access.adminToken = undefined;
  access.localTrust = localTrust;
  await screenshotIfFailed(editor?.page, context.task);
});

afterAll(async () => {
  await browser?.close();
  await engine?.close();
});

/** Changes the flow's name through the inspector: an edit the engine can be asked to save. */
async function editName(page: Page, name: string): Promise<string> {
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await clickEmptyCanvas(page);
  await fill(inspector(page), 'Name', name);
  await until(async () => (await documentText(page)).includes(`"name": "${name}"`), 'the new name in the document');
  return documentText(page);
}

const save = (page: Page) => page.getByRole('button', { name: /^Save/ }).click();

describe('bad input', () => {
  it('marks broken JSON where it is and keeps the last valid graph, out of sync', async () => {
    const { page } = editor;
    const line = await placeCursor(page, '"start": "answer"');
    await page.keyboard.insertText(' oops');
    await until(
      async () => (await markers(page)).some((marker) => marker.startLineNumber === line && marker.severity === 8),
      `an error marker on line ${line}`,
    );
    expect((await markers(page)).find((marker) => marker.severity === 8)?.message).toMatch(/invalid JSON at 'oops'/);
    await expect.poll(() => syncNotice(page).textContent()).toMatch(/Out of sync/);
    expect(await nodes(page)).toBe(10);
    await page.keyboard.press('Control+z');
    await until(async () => (await syncNotice(page).count()) === 0, 'the canvas back in sync');
  });

  it('marks a schema violation on the value, saves it to the draft and refuses to publish it, listing the problem', async () => {
    const { page } = editor;
    await page.getByRole('tab', { name: 'Code' }).click();
    const line = await placeCursor(page, '"timeoutSeconds": 5', 'select');
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText('"timeoutSeconds": "five"');
    await until(
      async () => (await markers(page)).some((marker) => marker.startLineNumber === line && /must be an integer/.test(marker.message)),
      'a schema marker on the timeout',
    );
    const marker = (await markers(page)).find((found) => /must be an integer/.test(found.message))!;
    expect(await page.evaluate((at) => (window as unknown as EditorWindow).callflowCode.editor.getModel()!.getValueInRange(at), marker)).toBe('"five"');
    await expect.poll(() => syncNotice(page).count()).toBe(1);
    expect(await nodes(page)).toBe(10);

    // A draft may hold errors: it is saved, never live, and publishing is refused with the problem.
    const before = readFileSync(file(), 'utf8');
    const withViolation = await documentText(page);
    await save(page);
    await untilDraftIs(engine.base, 'main-menu', withViolation, 'the draft with the violation');
    await expect.poll(() => documentStatus(page)).toMatch(/Draft saved · \d+ problems? \(publishing needs none\)/);
    const dialog = await publishFromEditor(page, 'Contoso main line', 'A timeout in words');
    await expect.poll(() => dialog.getByText(/'timeoutSeconds' of state 'mainMenu' must be an integer/).count()).toBe(1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(readFileSync(file(), 'utf8')).toBe(before);
    await openCodeView(page);
    await page.keyboard.press('Control+z');
    await until(async () => !(await codeText(page)).includes('"five"'), 'undo of the violation');
  });

  it('shows both versions when someone else saved the draft meanwhile, and saves only when told to overwrite', async () => {
    const { page } = editor;
    await untilDraftIs(engine.base, 'main-menu', await documentText(page), 'the undone violation in the draft');
    // Another person saves the draft, as their editor would (If-Match: the version they opened).
    const current = await draftOf(engine.base, 'main-menu');
    const theirs = current.text.replace('Contoso main line', 'Contoso line (theirs)');
    const put = await fetch(`${engine.base}/api/flows/main-menu/draft`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': `"${current.version}"` },
      body: JSON.stringify({ text: theirs }),
    });
    expect(put.status).toBe(200);
    const mine = await editName(page, 'Contoso line (mine)');
    // Autosave meets the other draft.
    const dialog = page.getByRole('dialog', { name: 'The draft of main-menu changed meanwhile' });
    await expect.poll(() => dialog.locator('.diff-removed').getByText('Contoso line (theirs)').count(), { timeout: 10_000 }).toBe(1);
    expect(await dialog.locator('.diff-added').getByText('Contoso line (mine)').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    expect(await documentText(page)).toBe(mine);
    expect((await draftOf(engine.base, 'main-menu')).text).toBe(theirs);

    await save(page);
    await page.getByRole('dialog').getByRole('button', { name: 'Overwrite with my version' }).click();
    await expect.poll(() => documentStatus(page)).toMatch(/^Draft saved/);
    expect((await draftOf(engine.base, 'main-menu')).text).toBe(mine);
  });

  it('asks for the admin token when the engine wants one, keeping the edits meanwhile', async () => {
    const { page } = editor;
    access.adminToken = ADMIN_TOKEN;
    const mine = await editName(page, 'Contoso line (with token)');
    // Autosave asks.
    const dialog = page.getByRole('dialog', { name: 'Admin token needed' });
    await until(async () => (await dialog.count()) === 1, 'the token question', 10_000);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await documentText(page)).toBe(mine);
    expect((await draftOf(engine.base, 'main-menu', ADMIN_TOKEN)).text).not.toContain('with token');
    await save(page);
    await dialog.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await dialog.getByRole('button', { name: 'Save with token' }).click();
    await untilDraftIs(engine.base, 'main-menu', mine, 'the save with the token', ADMIN_TOKEN);
  });

  it('publishes the draft and says so when the flows folder could not be written (the version is live all the same)', async () => {
    const { page } = editor;
    const mine = await editName(page, 'Contoso line (disk)');
    await untilDraftIs(engine.base, 'main-menu', mine, 'the autosaved name');
    mkdirSync(`${file()}.tmp`);
    try {
      const dialog = await publishFromEditor(page, 'Contoso line (disk)', 'Renamed the line');
      await expect.poll(() => dialog.getByRole('status').innerText()).toMatch(/^Published as version \d+/);
      expect(await dialog.innerText()).toMatch(/is live, but the flows folder could not be written/);
      await dialog.getByRole('button', { name: 'Close' }).click();
      expect(await documentText(page)).toBe(mine);
      expect(await documentStatus(page)).toMatch(/Published as version \d+/);
    } finally {
      rmSync(`${file()}.tmp`, { recursive: true });
    }
  });

  it('says why the engine refuses a save without a token when it is published, keeping the edits', async () => {
    const { page } = editor;
    access.localTrust = localTrustPolicy(parseConfig({ CALLFLOW_PUBLIC_URL: 'https://abc123.ngrok-free.app' }), acceptingPort);
    const mine = await editName(page, 'Contoso line (published)');
    await save(page);
    const alert = page.getByRole('alert').filter({ hasText: /Not saved: CALLFLOW_ADMIN_TOKEN is not set/ });
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.innerText()).toContain('CALLFLOW_PUBLIC_URL is https://abc123.ngrok-free.app');
    expect(await documentText(page)).toBe(mine);
    access.localTrust = localTrust;
    expect((await draftOf(engine.base, 'main-menu')).text).not.toBe(mine);
    await save(page);
    await untilDraftIs(engine.base, 'main-menu', mine, 'the save once local trust applies again');
  });

  it('saves without a token from http://localhost:<port> as from http://127.0.0.1:<port>', async () => {
    const port = new URL(engine.base).port;
    const local = await openEditor(browser, `http://localhost:${port}/?flow=main-menu`);
    try {
      await until(async () => (await nodes(local.page)) === 10, 'the main menu on the canvas at localhost');
      const mine = await editName(local.page, 'Contoso line (localhost)');
      await save(local.page);
      await untilDraftIs(engine.base, 'main-menu', mine, 'the save from localhost');
      expect(local.errors).toEqual([]);
    } finally {
      await local.page.context().close();
    }
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
