/**
 * A business analyst's path through the editor, in headless Chromium against the real engine:
 * build the main IVR menu on an empty canvas with the palette, connections and forms only — the
 * draft the editor saved as it went equals the committed example, and so does the file once it is
 * published — then call it in the simulator until it transfers and hangs up, save that call as a
 * test, and publish again through the gate that runs it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFlow } from '../../engine/blocks/language.ts';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import { runFlowTests } from '../../engine/node/flow-tests.ts';
import { foreignRequests, useEditor, type EditorPage, type Engine } from './harness.ts';
import { draftOf, publishFromEditor } from './drafts.ts';
import {
  addPromptTo,
  connect,
  declarePrompt,
  documentStatus,
  dropBlock,
  fill,
  inspector,
  nodeOf,
  renameState,
  until,
  clickEmptyCanvas,
} from './editor-actions.ts';

const committed = readFileSync(join(FLOWS_DIR, 'main-menu.flow.json'), 'utf8');
const example = JSON.parse(committed);
let engine: Engine;
let editor: EditorPage;

useEditor({ without: ['main-menu'] }, (opened) => ({ engine, editor } = opened));

describe('building the main IVR menu from an empty canvas', () => {
  it('creates the flow, its prompts, states and connections with the palette and forms, and saves and publishes the committed example', async () => {
    const { page } = editor;
    // Nothing open yet: the side panel says what to do, not that an empty document is broken JSON.
    const side = page.getByRole('complementary', { name: 'Side panel' });
    await expect.poll(() => side.getByText('Open a flow from the list, or create a new one.').count()).toBe(1);
    expect(await side.getByText('No flow open').count()).toBe(1);
    expect(await page.getByRole('tab', { name: /Problems/ }).count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(/not valid JSON|Problems \(1\)/);
    await page.getByRole('button', { name: 'New flow' }).first().click();
    await page.getByLabel('Flow name').fill(example.name);
    await page.getByLabel('File id').fill('main-menu');
    await page.getByRole('button', { name: 'Create' }).click();

    const form = inspector(page);
    await fill(form, 'Description', example.description);
    await fill(form.getByRole('group', { name: 'Settings' }), 'Locale', 'en-US');
    for (const [key, variants] of Object.entries(example.prompts as Record<string, Record<string, { file: string; text: string }>>)) {
      await declarePrompt(page, key, variants['en-US'].file, variants['en-US'].text);
    }

    // Zoomed out a little so the ten states fit side by side.
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('button', { name: 'Zoom out' }).click();
    const slot = (column: number, row: number) => ({ x: 110 + column * 205, y: 100 + row * 260 });

    await dropBlock(page, 'Answer', slot(0, 0));
    await dropBlock(page, 'Play', slot(1, 0));
    await renameState(page, 'welcome');
    await addPromptTo(page, 'Prompts', 'welcome');

    await dropBlock(page, 'Menu', slot(2, 0));
    await renameState(page, 'mainMenu');
    await fill(form, 'Note', example.states.mainMenu.description);
    await addPromptTo(page, 'Prompts', 'mainMenu');
    await fill(form, 'Timeout', '5');
    await fill(form, 'Max attempts', '3');
    await addPromptTo(page, 'No input prompts', 'noInput1');
    await addPromptTo(page, 'No input prompts', 'noInput2');
    await addPromptTo(page, 'No match prompts', 'noMatch1');
    await addPromptTo(page, 'No match prompts', 'noMatch2');

    const transfer = async (id: string, at: { x: number; y: number }, to: Record<string, string>) => {
      await dropBlock(page, 'Transfer', at);
      await renameState(page, id);
      const who = form.getByRole('group', { name: 'To' });
      await who.getByLabel('Kind', { exact: true }).selectOption(to.user ? 'user' : 'phone');
      await fill(who, to.user ? 'User' : 'Phone', to.user ?? to.phone);
      await fill(who, 'Display name', to.displayName);
    };
    await transfer('sales', slot(0, 1), example.states.sales.to);
    await transfer('support', slot(1, 1), example.states.support.to);
    await dropBlock(page, 'Play', slot(2, 1));
    await renameState(page, 'holdForOperator');
    await addPromptTo(page, 'Prompts', 'connectOperator');
    await transfer('operator', slot(3, 1), example.states.operator.to);
    await dropBlock(page, 'Play', slot(0, 2));
    await renameState(page, 'operatorUnavailable');
    await addPromptTo(page, 'Prompts', 'operatorUnavailable');
    await addPromptTo(page, 'Prompts', 'goodbye');
    await dropBlock(page, 'Play', slot(1, 2));
    await renameState(page, 'apology');
    await fill(form, 'Note', example.states.apology.description);
    await addPromptTo(page, 'Prompts', 'technicalProblem');
    await dropBlock(page, 'Hang up', slot(2, 2));

    await connect(page, 'answer', 'next', 'welcome');
    await connect(page, 'welcome', 'next', 'mainMenu');
    await connect(page, 'mainMenu', 'noInput', 'holdForOperator');
    await connect(page, 'mainMenu', 'noMatch', 'holdForOperator');
    await connect(page, 'sales', 'failed', 'holdForOperator');
    await connect(page, 'support', 'failed', 'holdForOperator');
    await connect(page, 'holdForOperator', 'next', 'operator');
    await connect(page, 'operator', 'failed', 'operatorUnavailable');
    await connect(page, 'operatorUnavailable', 'next', 'hangup');
    await connect(page, 'apology', 'next', 'hangup');

    await nodeOf(page, 'mainMenu').locator('.state-id').click();
    const choices = form.getByRole('group', { name: 'Choices' });
    for (const [key, target] of Object.entries(example.states.mainMenu.choices as Record<string, string>)) {
      await choices.getByLabel('Choices: new key').fill(key);
      await choices.getByLabel('Choices: new target').selectOption(target);
      await choices.getByRole('button', { name: 'Add' }).click();
    }

    await clickEmptyCanvas(page);
    await form.getByRole('group', { name: 'Flow-wide handlers' }).getByLabel('Error', { exact: true }).selectOption('apology');
    await expect.poll(() => documentStatus(page)).toContain('No problems');

    await page.getByRole('button', { name: /^Save/ }).click();
    await expect.poll(() => documentStatus(page)).toMatch(/^Draft saved/);
    expect(await documentStatus(page)).toContain('Draft — never published');
    const draft = await draftOf(engine.base, 'main-menu');
    expect(formatFlow(JSON.parse(draft.text))).toBe(draft.text);
    expect(draft.text).toBe(committed);

    const dialog = await publishFromEditor(page, example.name, 'The main IVR menu');
    await expect.poll(() => dialog.getByRole('status').innerText()).toMatch(/^Published as version 1\b/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => documentStatus(page)).toContain('Published as version 1');
    expect(readFileSync(join(engine.dir, 'main-menu.flow.json'), 'utf8')).toBe(committed);
    expect(JSON.parse(readFileSync(join(engine.dir, 'main-menu.layout.json'), 'utf8')).positions.mainMenu).toBeDefined();
  });

  it('simulates a call that is transferred to sales, and one that ends with the bot hanging up', async () => {
    const { page } = editor;
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByLabel('Clock').selectOption('manual');
    const status = page.locator('.sim-state');
    const skipUntil = async (text: RegExp, seen = new Set<string>()) =>
      until(async () => {
        const now = (await status.textContent()) ?? '';
        seen.add(now);
        if (text.test(now)) return true;
        await page.getByRole('button', { name: 'Skip to next event' }).click();
        return false;
      }, `the call to reach ${text}`);

    await page.getByRole('button', { name: 'Start call' }).click();
    await skipUntil(/In state mainMenu/);
    await expect.poll(() => nodeOf(page, 'mainMenu').locator('.state-node.is-active').count()).toBe(1);
    await page.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: '1', exact: true }).click();
    await skipUntil(/In state sales/);
    await expect.poll(() => page.locator('.sim-timeline').getByText('transfers to Contoso Sales +14255550101', { exact: true }).count()).toBe(1);
    await skipUntil(/Call ended/);

    await page.getByLabel('Transfers are').selectOption('refuse');
    await page.getByRole('button', { name: 'Start call' }).click();
    await skipUntil(/In state mainMenu/);
    await page.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: '0', exact: true }).click();
    const seen = new Set<string>();
    await skipUntil(/Call ended/, seen);
    expect([...seen]).toContain('In state operatorUnavailable');
    expect(await status.textContent()).toBe('Call ended in hangup');
    await expect.poll(() => page.locator('.sim-timeline').getByText('hangs up', { exact: true }).count()).toBe(1);

    await page.getByLabel('Test name').fill('The operator cannot take the call, so the caller hears goodbye.');
    await page.getByRole('button', { name: 'Save as test' }).click();
    await expect.poll(() => page.getByText(/Saved “The operator cannot take the call/).count()).toBe(1);
    // The scenario is in the draft; publishing runs it and writes it beside the flow.
    const dialog = await publishFromEditor(page, example.name, 'A test of the operator being away');
    await expect.poll(() => dialog.getByRole('status').innerText()).toMatch(/^Published as version 2\b/);
    expect(await dialog.innerText()).toContain('1 scenario passed');
    await dialog.getByRole('button', { name: 'Close' }).click();
    const report = runFlowTests(join(engine.dir, 'main-menu.flow.json'));
    expect(report.results.map((result) => [result.name, result.passed, result.failure])).toEqual([
      ['The operator cannot take the call, so the caller hears goodbye.', true, undefined],
    ]);
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
