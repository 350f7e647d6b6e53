/**
 * The canvas draws exactly the connections the flow text has, after every kind of change: a port
 * retargeted in the form, a state renamed (with every reference, as one undo step), a block added
 * under a freed name, and another flow opened. The drawn edges are read from the DOM by geometry
 * (drawn-edges.ts) and compared with `flowGraph` of the document text.
 */
import { describe, expect, it } from 'vitest';
import { foreignRequests, useEditor, type EditorPage } from './harness.ts';
import { documentText, inspector, nodeOf, openFromPicker, renameState, selectState, until, clickEmptyCanvas } from './editor-actions.ts';
import { drawnEdges, expectedEdges, installDrawnEdges } from './drawn-edges.ts';

let editor: EditorPage;

useEditor(
  {
    path: '/?flow=main-menu',
    ready: async (opened) => {
      await until(async () => (await opened.page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas');
      await installDrawnEdges(opened.page);
    },
  },
  (opened) => ({ editor } = opened),
);

/** Waits until the canvas draws what the document says, and returns how many edges that is. */
async function drawsTheDocument(): Promise<number> {
  const { page } = editor;
  const expected = expectedEdges(await documentText(page));
  await expect.poll(() => drawnEdges(page)).toEqual(expected);
  return expected.length;
}

describe('the canvas is drawn from the document', () => {
  it('redraws the line of menu key 2 when the form sends it to hangup, and the lines into sales when it is renamed salesDesk', async () => {
    const { page } = editor;
    expect(await drawsTheDocument()).toBe(13);
    await selectState(page, 'mainMenu');
    await inspector(page).getByLabel('2 goes to', { exact: true }).selectOption('hangup');
    await until(async () => (await documentText(page)).includes('"2": "hangup"'), 'key 2 to go to hangup');
    expect(await drawsTheDocument()).toBe(13);
    await selectState(page, 'sales');
    await renameState(page, 'salesDesk');
    expect(await drawsTheDocument()).toBe(13);
  });

  it('keeps the line into a renamed state, undoes the rename as one step, and gives a block added under the freed name no line', async () => {
    const { page } = editor;
    await selectState(page, 'welcome');
    const before = await documentText(page);
    await renameState(page, 'greeting');
    const renamed = await documentText(page);
    expect(renamed).toContain('"next": "greeting"');
    expect(JSON.parse(renamed).states.welcome).toBeUndefined();
    await drawsTheDocument();

    await clickEmptyCanvas(page);
    await page.keyboard.press('Control+z');
    await until(async () => (await documentText(page)) === before, 'one undo to bring back welcome and every reference to it');
    await drawsTheDocument();
    await page.keyboard.press('Control+Shift+z');
    await until(async () => (await documentText(page)) === renamed, 'redo of the rename');

    await page.getByRole('button', { name: 'Add Play block', exact: true }).click();
    await until(async () => (await nodeOf(page, 'play').count()) === 1, 'the new play block');
    await renameState(page, 'welcome');
    const value = JSON.parse(await documentText(page)) as { states: Record<string, { next?: string }> };
    expect(value.states.welcome.next).toBeUndefined();
    expect(value.states.answer.next).toBe('greeting');
    await drawsTheDocument();
  });

  it('draws each flow opened after another with its own lines', async () => {
    const { page } = editor;
    for (const id of ['business-hours', 'survey', 'main-menu']) {
      await openFromPicker(page, id);
      await drawsTheDocument();
    }
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
