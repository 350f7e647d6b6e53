/**
 * The analyst's words: problems on the canvas and in the Problems list are sentences about the
 * flow, with the JSON pointer and line/column kept under a "Details" disclosure; help texts speak
 * of calls and callers, not of Graph requests or formula internals; nothing is said twice.
 */
import { describe, expect, it } from 'vitest';
import { foreignRequests, useEditor, type EditorPage } from './harness.ts';
import { inspector, nodeOf, selectState, until, clickEmptyCanvas } from './editor-actions.ts';

let editor: EditorPage;

useEditor(
  {
    path: '/?flow=main-menu',
    ready: (opened) => until(async () => (await opened.page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas'),
  },
  (opened) => ({ editor } = opened),
);

const JARGON = /\bGraph\b|\/states\/|\bschema\b|must have exactly one of|needs at least 1 entry/;

describe('plain words', () => {
  it('describes a transfer with nobody to transfer to in a sentence, on the canvas and in the Problems list, with the details tucked away', async () => {
    const { page } = editor;
    await page.getByRole('button', { name: 'Add Transfer block', exact: true }).click();
    await until(async () => (await nodeOf(page, 'transfer').count()) === 1, 'the new transfer block');
    const sentence = 'Choose who to transfer to: a person, a phone number or an app';

    const badge = nodeOf(page, 'transfer').locator('.problem-badge');
    await badge.hover();
    const tooltip = await badge.locator('.problem-tooltip').innerText();
    expect(tooltip).toContain(sentence);
    expect(tooltip).not.toMatch(JARGON);

    await page.getByRole('tab', { name: /Problems/ }).click();
    const item = page.getByRole('list', { name: 'Problems' }).getByRole('listitem').filter({ hasText: sentence });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.innerText()).not.toMatch(/\/states\/|\b\d+:\d+\b/);
    await item.getByText('Details').click();
    expect(await item.innerText()).toMatch(/\/states\/transfer/);
    expect(await item.innerText()).toMatch(/line \d+, column \d+/);
    for (const text of await page.getByRole('list', { name: 'Problems' }).getByRole('button').allInnerTexts()) expect(text).not.toMatch(JARGON);
  });

  it('explains options without Graph or formula internals, and says each help once', async () => {
    const { page } = editor;
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await selectState(page, 'welcome');
    const helps = await inspector(page).locator('.help, .block-description').allInnerTexts();
    expect(helps.join('\n')).not.toMatch(/\bGraph\b|playPrompt|lastResult\.digit(?! in a formula)/);
    expect(helps.join('\n')).toMatch(/placeholder/);

    await clickEmptyCanvas(page);
    expect(await inspector(page).getByText('Flow-wide handlers', { exact: false }).count()).toBe(1);
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
