/**
 * Bad input and refused saves: broken JSON and schema violations typed in the code view are marked
 * where they are while the canvas keeps the last valid graph and says it is out of sync; a flow
 * with errors is not saved; and when the engine refuses a save (the file changed on disk, no admin
 * token, a disk error) the user's edits stay exactly as they were.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { foreignRequests, launchChromium, openEditor, startEngine, type EditorPage, type Engine, screenshotIfFailed } from './harness.ts';
import { documentStatus, documentText, fill, inspector, until, clickEmptyCanvas } from './editor-actions.ts';
import { codeText, markers, openCodeView, placeCursor } from './code-view.ts';
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

  it('marks a schema violation on the value and refuses to save it, listing the problem', async () => {
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

    const before = readFileSync(file(), 'utf8');
    await save(page);
    const dialog = page.getByRole('dialog', { name: 'Not saved' });
    await expect.poll(() => dialog.getByText(/'timeoutSeconds' of state 'mainMenu' must be an integer/).count()).toBe(1);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(readFileSync(file(), 'utf8')).toBe(before);
    await page.keyboard.press('Control+z');
    await until(async () => !(await codeText(page)).includes('"five"'), 'undo of the violation');
  });

  it('shows both versions when the file changed on disk, and saves only when told to overwrite', async () => {
    const { page } = editor;
    const mine = await editName(page, 'Contoso line (mine)');
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('Contoso main line', 'Contoso line (theirs)'));
    await save(page);
    const dialog = page.getByRole('dialog', { name: 'main-menu.flow.json changed on disk' });
    await expect.poll(() => dialog.locator('.diff-removed').getByText('Contoso line (theirs)').count()).toBe(1);
    expect(await dialog.locator('.diff-added').getByText('Contoso line (mine)').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    expect(await documentText(page)).toBe(mine);
    expect(readFileSync(file(), 'utf8')).toContain('Contoso line (theirs)');

    await save(page);
    await page.getByRole('dialog').getByRole('button', { name: 'Overwrite with my version' }).click();
    await expect.poll(() => documentStatus(page)).toMatch(/^Saved/);
    expect(readFileSync(file(), 'utf8')).toBe(mine);
  });

  it('asks for the admin token when the engine wants one, keeping the edits meanwhile', async () => {
    const { page } = editor;
    access.adminToken = ADMIN_TOKEN;
    const mine = await editName(page, 'Contoso line (with token)');
    await save(page);
    const dialog = page.getByRole('dialog', { name: 'Admin token needed' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await documentText(page)).toBe(mine);
    expect(readFileSync(file(), 'utf8')).not.toContain('with token');
    await save(page);
    await dialog.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await dialog.getByRole('button', { name: 'Save with token' }).click();
    await until(async () => readFileSync(file(), 'utf8') === mine, 'the save with the token');
  });

  it('reports a disk error and keeps the edits', async () => {
    const { page } = editor;
    const mine = await editName(page, 'Contoso line (disk)');
    mkdirSync(`${file()}.tmp`);
    try {
      await save(page);
      await expect
        .poll(() =>
          page
            .getByRole('alert')
            .filter({ hasText: /Not saved: could not write main-menu.flow.json/ })
            .count(),
        )
        .toBe(1);
      expect(await documentText(page)).toBe(mine);
      expect(
        await page
          .getByRole('alert')
          .filter({ hasText: /your changes are kept in the editor/ })
          .count(),
      ).toBe(1);
    } finally {
      rmSync(`${file()}.tmp`, { recursive: true });
    }
    await save(page);
    await until(async () => readFileSync(file(), 'utf8') === mine, 'the save once the disk works again');
  });

  it('says why the engine refuses a save without a token when it is published, keeping the edits', async () => {
    const { page } = editor;
    access.localTrust = localTrustPolicy(parseConfig({ CALLFLOW_PUBLIC_URL: 'https://abc123.ngrok-free.app' }), acceptingPort);
    const before = readFileSync(file(), 'utf8');
    const mine = await editName(page, 'Contoso line (published)');
    await save(page);
    const alert = page.getByRole('alert').filter({ hasText: /Not saved: CALLFLOW_ADMIN_TOKEN is not set/ });
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.innerText()).toContain('CALLFLOW_PUBLIC_URL is https://abc123.ngrok-free.app');
    expect(await documentText(page)).toBe(mine);
    expect(readFileSync(file(), 'utf8')).toBe(before);
    access.localTrust = localTrust;
    await save(page);
    await until(async () => readFileSync(file(), 'utf8') === mine, 'the save once local trust applies again');
  });

  it('saves without a token from http://localhost:<port> as from http://127.0.0.1:<port>', async () => {
    const port = new URL(engine.base).port;
    const local = await openEditor(browser, `http://localhost:${port}/?flow=main-menu`);
    try {
      await until(async () => (await nodes(local.page)) === 10, 'the main menu on the canvas at localhost');
      const mine = await editName(local.page, 'Contoso line (localhost)');
      await save(local.page);
      await until(async () => readFileSync(file(), 'utf8') === mine, 'the save from localhost');
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
