/**
 * The keyboard: what is typed in the code view and in form fields reaches them (the canvas's
 * shortcuts — Space to pan, Delete and Backspace to delete the selection — never take a key from a
 * text field or the code editor), Tab and Shift+Tab leave the code editor the documented way, and
 * walking the whole page with Tab alone never changes the flow.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { foreignRequests, useEditor, type EditorPage } from './harness.ts';
import { documentText, documentValue, inspector, nodeOf, selectState, until } from './editor-actions.ts';
import { openCodeView, placeCursor } from './code-view.ts';

let editor: EditorPage;

useEditor(
  {
    path: '/?flow=main-menu',
    ready: (opened) => until(async () => (await opened.page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas'),
  },
  (opened) => ({ editor } = opened),
);

/** Where the keyboard focus is: "code" inside the code editor, else a short description of the element. */
const focusIsIn = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    if (!active || active === document.body) return 'body';
    if (active.closest('.monaco-editor')) return 'code';
    return `${active.tagName.toLowerCase()}${active.getAttribute('aria-label') ? `[${active.getAttribute('aria-label')}]` : ''}`;
  });

describe('the keyboard', () => {
  it('keeps every space typed in the code view, and Backspace there deletes a character, not the selected state', async () => {
    const { page } = editor;
    await nodeOf(page, 'welcome').locator('.state-id').click();
    await openCodeView(page);
    await placeCursor(page, '"name": "Contoso main line');
    await page.keyboard.type(' for Pizza Palace and friends');
    await until(async () => (await documentValue(page)).name === 'Contoso main line for Pizza Palace and friends', 'the typed words with their spaces');
    for (let i = 0; i < ' and friends'.length; i++) await page.keyboard.press('Backspace');
    await until(async () => (await documentValue(page)).name === 'Contoso main line for Pizza Palace', 'Backspace to delete characters');
    expect(await nodeOf(page, 'welcome').count()).toBe(1);
    expect((await documentValue(page)).states.welcome).toBeDefined();
    expect(await page.locator('.code-view-hint').innerText(), 'how to leave the code editor, said above it').toMatch(/Esc.*then Tab/i);
  });

  it('keeps spaces typed in a form field while a state is selected', async () => {
    const { page } = editor;
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await selectState(page, 'welcome');
    const note = inspector(page).getByLabel('Note', { exact: true });
    await note.click();
    await page.keyboard.type('Says hello to every caller');
    await note.blur();
    await until(async () => (await documentValue(page)).states.welcome.description === 'Says hello to every caller', 'the note with its spaces');
  });

  it('leaves the code editor with Esc then Tab, and back with Shift+Tab, without changing the flow', async () => {
    const { page } = editor;
    await openCodeView(page);
    await placeCursor(page, '"start": "answer"');
    const before = await documentText(page);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await focusIsIn(page)).not.toBe('code');
    await page.keyboard.press('Shift+Tab');
    expect(await focusIsIn(page)).toBe('code');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Tab');
    expect(await focusIsIn(page)).not.toBe('code');
    expect(await documentText(page)).toBe(before);
  });

  it('walks the whole page with Tab alone, through the code editor and out of it, without changing the flow', async () => {
    const { page } = editor;
    await openCodeView(page);
    const before = await documentText(page);
    await page.locator('.brand').click();
    const visited: string[] = [];
    for (let i = 0; i < 160; i++) {
      await page.keyboard.press('Tab');
      visited.push(await focusIsIn(page));
    }
    const inCode = visited.indexOf('code');
    expect(inCode, 'Tab reaches the code editor').toBeGreaterThanOrEqual(0);
    expect(
      visited.slice(inCode).some((where) => where !== 'code'),
      'Tab leaves the code editor',
    ).toBe(true);
    expect(await documentText(page)).toBe(before);
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
