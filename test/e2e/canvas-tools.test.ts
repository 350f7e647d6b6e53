/**
 * The canvas's tools and its accessibility: search (a state's own id first), copy and paste, delete, problem
 * markers with their message on hover, keyboard selection and moves, an accessible name on every
 * control, and changing the file id. (Replaying a real call's trace: replay-real-call.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { foreignRequests, useEditor, type EditorPage, type Engine } from './harness.ts';
import { documentValue, inspector, nodeOf, selectState, until, clickEmptyCanvas } from './editor-actions.ts';
import type { EditorWindow } from './page-globals.ts';

let engine: Engine;
let editor: EditorPage;
const shownState = (page: Page) => inspector(page).getByLabel('State name', { exact: true }).inputValue();

useEditor(
  {
    path: '/?flow=main-menu',
    ready: (opened) => until(async () => (await opened.page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas'),
  },
  (opened) => ({ engine, editor } = opened),
);

/** Visible controls without an accessible name (label, aria-label, aria-labelledby or text). */
const unnamedControls = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="tab"], .react-flow__node'))
      .filter((element) => element.offsetParent !== null && !element.closest('.monaco-editor'))
      .filter((element) => {
        const labelled = element
          .getAttribute('aria-labelledby')
          ?.split(' ')
          .map((id: string) => document.getElementById(id)?.textContent ?? '')
          .join('');
        const labels = Array.from((element as HTMLInputElement).labels ?? [])
          .map((label) => label.textContent)
          .join('');
        const name =
          element.getAttribute('aria-label') ||
          labelled ||
          labels ||
          (element.tagName === 'BUTTON' || element.getAttribute('role') === 'tab' ? element.textContent : '');
        return !name?.trim();
      })
      .map((element) => element.outerHTML.slice(0, 120)),
  );

describe('canvas tools and accessibility', () => {
  it('finds a state by id, copies and pastes it, marks the copy as unreachable with the reason on hover, and deletes it', async () => {
    const { page } = editor;
    const search = page.getByLabel('Find a state');
    await search.fill('operatorUn');
    await search.press('Enter');
    await expect.poll(() => shownState(page)).toBe('operatorUnavailable');

    await nodeOf(page, 'operatorUnavailable').locator('.state-id').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await until(async () => (await nodeOf(page, 'operatorUnavailable2').count()) === 1, 'the pasted state');
    expect((await documentValue(page)).states.operatorUnavailable2).toEqual({ type: 'play', prompts: ['operatorUnavailable', 'goodbye'], next: 'hangup' });

    const badge = nodeOf(page, 'operatorUnavailable2').locator('.problem-badge');
    await badge.hover();
    await expect.poll(() => badge.locator('.problem-tooltip').isVisible()).toBe(true);
    expect(await badge.locator('.problem-tooltip').textContent()).toContain('Nothing leads to the “Play” block yet');
    expect(await badge.getAttribute('aria-label')).toMatch(/warning/);

    await expect.poll(() => shownState(page)).toBe('operatorUnavailable2');
    await page.keyboard.press('Delete');
    await until(async () => (await nodeOf(page, 'operatorUnavailable2').count()) === 0, 'the deleted state to go');
    expect((await documentValue(page)).states.operatorUnavailable2).toBeUndefined();
    await search.fill('');
  });

  it('selects and moves a state with the keyboard', async () => {
    const { page } = editor;
    await clickEmptyCanvas(page);
    const node = nodeOf(page, 'welcome');
    await node.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => shownState(page)).toBe('welcome');
    const before = await page.evaluate(() => JSON.stringify((window as unknown as EditorWindow).callflowEditor.layout.positions.welcome));
    await page.keyboard.press('ArrowDown');
    await until(
      async () => (await page.evaluate(() => JSON.stringify((window as unknown as EditorWindow).callflowEditor.layout.positions.welcome))) !== before,
      'the keyboard move to be kept',
    );
    expect(await node.getAttribute('aria-label')).toBe('State welcome, Play');
  });

  it('names every control, in every panel', async () => {
    const { page } = editor;
    await selectState(page, 'mainMenu');
    expect(await unnamedControls(page)).toEqual([]);
    for (const tab of ['Simulate', 'Problems', 'Code']) {
      await page.getByRole('tab', { name: tab }).click();
      expect(await unnamedControls(page)).toEqual([]);
    }
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await clickEmptyCanvas(page);
    expect(await unnamedControls(page)).toEqual([]);
  });

  it('changes the file id of the flow with its own action, which renames the file', async () => {
    const { page } = editor;
    // A flow no route sends calls to (the engine refuses to rename one under its route).
    await page.goto(`${engine.base}/?flow=outbound-reminder`);
    await until(async () => (await page.locator('.react-flow__node').count()) > 0, 'the reminder on the canvas');
    await clickEmptyCanvas(page);
    await inspector(page).getByRole('button', { name: 'Change file id…' }).click();
    await page.getByRole('dialog').getByLabel('File id').fill('contoso-reminder');
    await page.getByRole('dialog').getByRole('button', { name: 'Change file id' }).click();
    await until(async () => (await documentValue(page)).id === 'contoso-reminder', 'the new id in the document');
    expect(existsSync(join(engine.dir, 'outbound-reminder.flow.json'))).toBe(false);
    expect(JSON.parse(readFileSync(join(engine.dir, 'contoso-reminder.flow.json'), 'utf8')).id).toBe('contoso-reminder');
    await expect.poll(() => page.url()).toMatch(/\?flow=contoso-reminder$/);
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
