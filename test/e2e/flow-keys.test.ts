/**
 * Flow-wide keys in the editor: front-desk's "0 at any time" shows in the flow's form beside the
 * other flow-wide handlers and as a role of the state it leads to; a key added there lands in the
 * document under `on.key`; and in the simulator, 0 pressed during the welcome goes to the handler.
 */
import { describe, expect, it } from 'vitest';
import { foreignRequests, useEditor, type EditorPage } from './harness.ts';
import { clickEmptyCanvas, documentValue, inspector, nodeOf, until } from './editor-actions.ts';
import { simStatus } from './simulator-steps.ts';

let editor: EditorPage;

useEditor(
  {
    path: '/?flow=front-desk',
    ready: (opened) => until(async () => (await opened.page.locator('.react-flow__node').count()) === 10, 'the front desk on the canvas'),
  },
  (opened) => ({ editor } = opened),
);

describe('flow-wide keys in the editor', () => {
  it("shows the flow's keys beside the other handlers, and adds one to the document", async () => {
    const { page } = editor;
    expect(await nodeOf(page, 'checkManager').locator('.state-role').allInnerTexts()).toEqual(['On key 0']);
    await clickEmptyCanvas(page);
    const keys = inspector(page).getByRole('group', { name: 'Flow-wide handlers' }).getByRole('group', { name: 'Key' });
    expect(await keys.getByLabel('0 goes to').inputValue()).toBe('checkManager');
    await keys.getByLabel('Key: new key').fill('9');
    await keys.getByLabel('Key: new target').selectOption('salesQueue');
    await keys.getByRole('button', { name: 'Add' }).click();
    await expect.poll(async () => (await documentValue(page)).on).toEqual({ error: 'apology', key: { '0': 'checkManager', '9': 'salesQueue' } });
    await until(async () => (await nodeOf(page, 'salesQueue').locator('.state-role').allInnerTexts()).includes('On key 9'), 'the role on salesQueue');
  });

  it('follows the key in the simulator: 0 during the welcome goes to the duty manager', async () => {
    const { page } = editor;
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByLabel('Clock').selectOption('manual');
    await page.getByRole('button', { name: 'Start call' }).click();
    await until(async () => {
      if (/In state welcome/.test((await simStatus(page).textContent()) ?? '')) return true;
      await page.getByRole('button', { name: 'Skip to next event' }).click();
      return false;
    }, 'the welcome playing');
    await page.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: '0', exact: true }).click();
    await until(async () => /In state checkManager/.test((await simStatus(page).textContent()) ?? ''), 'the call in checkManager');
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
