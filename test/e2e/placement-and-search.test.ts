/**
 * Placing and connecting blocks, the side panel and search: a block added from the palette with
 * Enter goes to a free spot next to the selected block, blocks dropped close together do not
 * touch, a menu key is added by dragging from its "+ key" handle, the form of a newly selected
 * block starts at its top, and search finds states by name, words, numbers and targets and is
 * cleared when another flow opens.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { foreignRequests, useEditor, type EditorPage } from './harness.ts';
import { documentValue, dropBlock, inspector, nodeOf, openFromPicker, selectState, until } from './editor-actions.ts';
import { overlap } from './canvas-view.ts';

let editor: EditorPage;

useEditor(
  {
    path: '/?flow=main-menu',
    ready: (opened) => until(async () => (await opened.page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas'),
  },
  (opened) => ({ editor } = opened),
);

const boxes = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node')).map((node) => {
      const { x, y, width, height } = node.getBoundingClientRect();
      return { id: node.dataset.id!, x, y, width, height };
    }),
  );

/** Pairs of boxes closer than `gap` screen pixels. */
async function crowded(page: Page, gap: number): Promise<string[]> {
  const all = await boxes(page);
  return all.flatMap((a, i) => all.slice(i + 1).flatMap((b) => (overlap(a, b, gap) > 0 ? [`${a.id} / ${b.id}`] : [])));
}

describe('placing and connecting', () => {
  it('puts a block added with Enter on a free spot next to the selected block', async () => {
    const { page } = editor;
    await selectState(page, 'welcome');
    await page.getByRole('button', { name: 'Add Play block', exact: true }).focus();
    await page.keyboard.press('Enter');
    await until(async () => (await nodeOf(page, 'play').count()) === 1, 'the new play block');
    await until(async () => (await crowded(page, 16)).length === 0, 'every box clear of the others');
    // Both measured now, in one frame: the canvas may pan or zoom to show the new block, which
    // moves every box on the screen alike.
    const all = await boxes(page);
    const [welcome, added] = [all.find((box) => box.id === 'welcome')!, all.find((box) => box.id === 'play')!];
    const distance = Math.hypot(added.x - welcome.x, added.y - welcome.y);
    expect(distance, 'the new block is next to the selected one').toBeLessThan(2.5 * Math.max(welcome.width, welcome.height));
  });

  it('keeps blocks dropped on the same spot apart', async () => {
    const { page } = editor;
    await dropBlock(page, 'Hang up', { x: 420, y: 420 });
    await dropBlock(page, 'Hang up', { x: 430, y: 425 });
    await until(async () => (await crowded(page, 16)).length === 0, 'the dropped blocks clear of each other and of the others');
    expect(await crowded(page, 16)).toEqual([]);
  });

  it('adds a menu key by dragging from the menu’s "+ key" handle to a state', async () => {
    const { page } = editor;
    await selectState(page, 'mainMenu');
    const add = page.getByLabel('Add a key to mainMenu');
    const target = nodeOf(page, 'support');
    await add.scrollIntoViewIfNeeded();
    const from = (await add.boundingBox())!;
    expect(Math.min(from.width, from.height)).toBeGreaterThanOrEqual(20);
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    const to = (await target.boundingBox())!;
    await page.mouse.move(to.x + to.width / 2, to.y + 20, { steps: 12 });
    await page.mouse.up();
    await until(async () => Object.keys((await documentValue(page)).states.mainMenu.choices as object).length === 4, 'a fourth menu key');
    expect((await documentValue(page)).states.mainMenu.choices).toEqual({ '0': 'holdForOperator', '1': 'sales', '2': 'support', '3': 'support' });
    await expect.poll(() => page.locator('.react-flow__handle.source[data-nodeid="mainMenu"][data-handleid="3"]').count()).toBe(1);
  });

  it('shows the form of a newly selected block from its top', async () => {
    const { page } = editor;
    await selectState(page, 'mainMenu');
    const panel = page.locator('#panel-inspector');
    await panel.evaluate((element) => (element.scrollTop = element.scrollHeight));
    expect(await panel.evaluate((element) => element.scrollTop)).toBeGreaterThan(100);
    await nodeOf(page, 'sales').locator('.state-id').click();
    await expect.poll(() => inspector(page).getByLabel('State name', { exact: true }).inputValue()).toBe('sales');
    expect(await panel.evaluate((element) => element.scrollTop)).toBe(0);
  });
});

describe('search', () => {
  const search = (page: Page) => page.getByLabel('Find a state');
  const found = (page: Page) =>
    page.evaluate(() => Array.from(document.querySelectorAll('.state-node.is-found')).map((node) => (node as HTMLElement).dataset.state));

  it.each([
    ['a state id', 'apolo', ['apology']],
    ['the words of a prompt', 'thank you for calling', ['welcome']],
    ['a phone number', '+14255550102', ['support']],
    ['a name shown to the callee', 'Contoso Sales', ['sales']],
    ['a target', 'operatorUnavailable', ['operator', 'operatorUnavailable']],
  ])('finds states by %s', async (_what, term, states) => {
    const { page } = editor;
    await search(page).fill(term);
    await expect.poll(async () => (await found(page)).sort()).toEqual(states);
    await search(page).fill('');
  });

  it('clears the search when another flow opens', async () => {
    const { page } = editor;
    await search(page).fill('sales');
    await openFromPicker(page, 'business-hours');
    expect(await search(page).inputValue()).toBe('');
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
