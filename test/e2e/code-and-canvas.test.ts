/**
 * A developer's path: the same flow as JSON in the code view. Typing there changes the canvas,
 * dragging on the canvas changes the code, and one undo history covers both; the code view
 * completes from the flow schema.
 */
import { describe, expect, it } from 'vitest';
import { foreignRequests, useEditor, type EditorPage } from './harness.ts';
import { connect, documentValue, nodeOf, until, clickEmptyCanvas } from './editor-actions.ts';
import { codeText, hoverOver, openCodeView, placeCursor } from './code-view.ts';

let editor: EditorPage;

useEditor(
  {
    path: '/?flow=main-menu',
    ready: (opened) => until(async () => (await opened.page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas'),
  },
  (opened) => ({ editor } = opened),
);

describe('code view and canvas', () => {
  it('shows code edits on the canvas and canvas edits in the code, with one undo history for both', async () => {
    const { page } = editor;
    await openCodeView(page);
    const original = await codeText(page);

    await placeCursor(page, '"hangup": {\n      "type": "hangup"\n    }');
    await page.keyboard.insertText(',\n    "goodbye": {\n      "type": "hangup"\n    }');
    await until(async () => (await nodeOf(page, 'goodbye').count()) === 1, 'the state typed in the code view to appear on the canvas');

    await connect(page, 'apology', 'next', 'goodbye');
    await until(
      async () => (await codeText(page)).includes('"technicalProblem"\n      ],\n      "next": "goodbye"'),
      'the connection made on the canvas to show in the code',
    );
    expect((await documentValue(page)).states.apology.next).toBe('goodbye');

    await clickEmptyCanvas(page);
    await page.keyboard.press('Control+z');
    await until(async () => (await codeText(page)).includes('"technicalProblem"\n      ],\n      "next": "hangup"'), 'undo of the canvas edit in the code');
    await placeCursor(page, '"goodbye"');
    await page.keyboard.press('Control+z');
    await until(async () => (await nodeOf(page, 'goodbye').count()) === 0, 'undo of the code edit on the canvas');
    expect(await codeText(page)).toBe(original);

    await page.getByRole('button', { name: 'Redo' }).click();
    await until(async () => (await nodeOf(page, 'goodbye').count()) === 1, 'redo');
    await page.getByRole('button', { name: 'Undo' }).click();
    await until(async () => (await codeText(page)) === original, 'undo from the toolbar');
  });

  it('completes options from the flow schema and explains them on hover', async () => {
    const { page } = editor;
    await placeCursor(page, '"type": "play",');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Space');
    await until(async () => (await page.locator('.suggest-widget').getByText('bargeIn').count()) > 0, 'a completion for the play block option bargeIn');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await hoverOver(page, '"timeoutSeconds"');
    await until(
      async () => (await page.locator('.monaco-hover').getByText('How long to wait for a key').count()) > 0,
      'the schema description of timeoutSeconds on hover',
    );
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
