/**
 * The start screen and the document's status: "Deployed" only for flows a route or the default
 * flow sends calls to, a short "what to do first"; a new flow is asked for by name (its file id
 * derived and shown) and starts with no problem reported anywhere; Rename changes the name, and
 * the file id has its own, explained action; the status bar always tells the truth — unsaved, draft
 * saved (autosaved, with the problems it may still have), published, not saved and why — also
 * after undo and redo.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { foreignRequests, useEditor, type EditorPage, type Engine } from './harness.ts';
import { documentValue, fill, inspector, selectState, until, clickEmptyCanvas } from './editor-actions.ts';

let engine: Engine;
let editor: EditorPage;

useEditor({}, (opened) => ({ engine, editor } = opened));

const bar = (page: Page) => page.getByRole('banner');
const barText = async (page: Page) => (await bar(page).innerText()).replace(/\s+/g, ' ');
/** Autosave waits a second after the last edit; the save itself takes a moment more. */
const SAVED = { timeout: 10_000 };
/** Loads the editor afresh on a flow (each describe starts from a page no earlier test left in a dialog). */
async function openFresh(page: Page, id: string): Promise<void> {
  page.once('dialog', (dialog) => void dialog.accept().catch(() => undefined));
  await page.goto(`${engine.base}/?flow=${id}`);
  await until(async () => (await page.locator('.react-flow__node').count()) > 0, `${id} on the canvas`);
}

const emptyPane = (page: Page) => clickEmptyCanvas(page);

describe('the start screen', () => {
  it('says Deployed only for flows that calls are routed to, and what to do first', async () => {
    const { page } = editor;
    const card = (id: string) => page.getByRole('button', { name: `Open ${id}` });
    await expect.poll(() => card('main-menu').count()).toBe(1);
    expect(await card('main-menu').innerText()).toContain('Deployed');
    expect(await card('business-hours').innerText()).toContain('Deployed');
    for (const id of ['outbound-reminder', 'meeting-join']) expect(await card(id).innerText(), id).not.toContain('Deployed');
    expect(await page.getByRole('heading', { name: 'What to do first' }).count()).toBe(1);
  });

  it('creates a flow from its name, derives the file id, and reports no problem anywhere while it is empty', async () => {
    const { page } = editor;
    await page.getByRole('button', { name: 'New flow' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New flow' });
    await dialog.getByLabel('Flow name').fill('Pizza Palace');
    await expect.poll(() => dialog.getByLabel('File id').inputValue()).toBe('pizza-palace');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await until(async () => (await documentValue(page)).id === 'pizza-palace', 'the new flow');
    expect((await documentValue(page)).name).toBe('Pizza Palace');

    await expect.poll(() => page.getByRole('heading', { name: 'What to do first' }).count()).toBe(1);
    const problemWords = /\d+ (errors?|warnings?|problems?)|The flow has|needs at least/i;
    expect(await barText(page)).not.toMatch(problemWords);
    expect(await page.getByRole('tab', { name: /Problems/ }).innerText()).toBe('Problems');
    for (const tab of ['Simulate', 'Problems', 'Inspector']) {
      await page.getByRole('tab', { name: tab }).click();
      expect(await page.locator('main').innerText(), `the ${tab} tab`).not.toMatch(problemWords);
    }
  });
});

describe('the status bar', () => {
  it('says Unsaved changes until an edit reaches the draft a second later, then Draft saved — never both, also after undo and redo', async () => {
    const { page } = editor;
    await openFresh(page, 'main-menu');
    await expect.poll(() => barText(page)).toMatch(/\bSaved\b.*Published as version \d+/);
    await emptyPane(page);
    await fill(inspector(page), 'Description', 'Calls to the main number.');
    await expect.poll(() => barText(page)).toContain('Unsaved changes');
    expect(await barText(page)).not.toMatch(/\bSaved\b|Draft saved/);
    // Autosave: nothing else to do, the draft has it a second after the last edit.
    await expect.poll(() => barText(page), SAVED).toContain('Draft saved');
    expect(await barText(page)).not.toContain('Unsaved');
    expect(await barText(page)).toContain('Draft — not published');
    expect(await barText(page)).toMatch(/Last edited by .+ at \d/);

    await emptyPane(page);
    await page.keyboard.press('Control+z');
    await expect.poll(() => barText(page)).toContain('Unsaved changes');
    await expect.poll(() => barText(page), SAVED).toContain('Draft saved');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => barText(page)).toContain('Unsaved changes');
    expect(await barText(page), 'no "Draft saved" left over from the last save').not.toContain('Draft saved');
    // Ctrl+S does not wait for the second.
    await page.keyboard.press('Control+s');
    await expect.poll(() => barText(page), SAVED).toContain('Draft saved');
    const draft = (await (await fetch(`${engine.base}/api/flows/main-menu/draft`)).json()) as { draft: boolean; text: string };
    expect(draft.draft).toBe(true);
    expect(JSON.parse(draft.text).description).toBe('Calls to the main number.');
    // A draft is never live: the flow's file is what was published.
    expect(JSON.parse(readFileSync(join(engine.dir, 'main-menu.flow.json'), 'utf8')).description).not.toBe('Calls to the main number.');
  });

  it('saves a draft with errors and says publishing needs none; Publish is refused with the problems, which lead to their block', async () => {
    const { page } = editor;
    await selectState(page, 'hangup');
    await inspector(page).getByRole('button', { name: 'Delete state hangup' }).click();
    await expect.poll(() => barText(page), SAVED).toMatch(/Draft saved · \d+ problems? \(publishing needs none\)/);
    expect(await barText(page)).not.toMatch(/Not saved|Unsaved/);

    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish Contoso main line' });
    await dialog.getByLabel('Message').fill('Without the hang-up');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toMatch(/^Not published: the flow has problems to fix first/);
    const problems = dialog.getByRole('list', { name: 'Problems' }).getByRole('button');
    expect(await problems.count()).toBeGreaterThan(0);
    await problems.first().click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await barText(page)).toContain('Draft — not published');
    await emptyPane(page);
    await page.keyboard.press('Control+z');
    await expect.poll(() => barText(page), SAVED).toMatch(/Draft saved(?! ·)/);
  });
});

describe('names and file ids', () => {
  it('renames the flow by its name, and changes the file id only through its own explained action', async () => {
    const { page } = editor;
    await openFresh(page, 'main-menu');
    await page.getByRole('button', { name: 'Rename' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename flow' });
    await rename.getByLabel('Flow name').fill('Contoso front desk');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await until(async () => (await documentValue(page)).name === 'Contoso front desk', 'the new name');
    expect((await documentValue(page)).id).toBe('main-menu');

    // A route sends calls to main-menu: its id cannot change under the route, and the editor says so.
    await emptyPane(page);
    await inspector(page).getByRole('button', { name: 'Change file id…' }).click();
    const change = page.getByRole('dialog', { name: 'Change the file id' });
    expect(await change.innerText()).toMatch(/routes/i);
    await change.getByLabel('File id').fill('reception-desk');
    await change.getByRole('button', { name: 'Change file id' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: /route 1 of routes.json .* sends calls to main-menu; change the route first/ });
    await expect.poll(() => refusal.count()).toBe(1);
    expect((await documentValue(page)).id).toBe('main-menu');
    expect(existsSync(join(engine.dir, 'reception-desk.flow.json'))).toBe(false);

    await openFresh(page, 'outbound-reminder');
    await emptyPane(page);
    await inspector(page).getByRole('button', { name: 'Change file id…' }).click();
    await change.getByLabel('File id').fill('clinic-reminder');
    await change.getByRole('button', { name: 'Change file id' }).click();
    await until(async () => (await documentValue(page)).id === 'clinic-reminder', 'the new id');
    expect(existsSync(join(engine.dir, 'outbound-reminder.flow.json'))).toBe(false);
    expect(JSON.parse(readFileSync(join(engine.dir, 'clinic-reminder.flow.json'), 'utf8')).name).toBe('Contoso Clinic appointment reminder');
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
