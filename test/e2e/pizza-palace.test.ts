/**
 * The analyst of issue 14, on a 1440×900 screen: a "Pizza Palace" line built from nothing with
 * the palette, connections and forms only — answer, a greeting, a menu where 1 orders (a transfer
 * to the kitchen) and 2 tells the opening hours, retries when the caller presses nothing — saved,
 * to its draft, and opened again: at first open every text in a box is at least 11 px on screen and
 * the canvas draws exactly the flow's connections. The saved flow passes a scenario run by
 * `callflow test`'s runner. The first-open screenshot is test/artifacts/pizza-palace.png.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { runFlowTests } from '../../engine/node/flow-tests.ts';
import { ARTIFACTS, foreignRequests, openEditor, useEditor, type EditorPage, type Engine } from './harness.ts';
import { addPromptTo, connect, declarePrompt, documentValue, dropBlock, fill, inspector, nodeOf, renameState, until } from './editor-actions.ts';
import { boxText, viewSettled } from './canvas-view.ts';
import { drawnEdges, expectedEdges, installDrawnEdges } from './drawn-edges.ts';
import { draftOf } from './drafts.ts';
import type { Browser } from 'playwright-core';

const SCREEN = { width: 1440, height: 900 };
let engine: Engine;
let editor: EditorPage;
let browser: Browser;

useEditor({ viewport: SCREEN }, (opened) => ({ engine, editor, browser } = opened));

/** Drags from the menu's "+ key" handle to a state: the next free key goes there. */
async function addKey(page: Page, menu: string, to: string): Promise<void> {
  const before = Object.keys((await documentValue(page)).states[menu].choices ?? {}).length;
  const from = (await page.getByLabel(`Add a key to ${menu}`).boundingBox())!;
  const target = (await nodeOf(page, to).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + 16, { steps: 12 });
  await page.mouse.up();
  await until(async () => Object.keys((await documentValue(page)).states[menu].choices ?? {}).length === before + 1, `a new key of ${menu} to ${to}`);
}

describe('building Pizza Palace on a 1440×900 screen', () => {
  it('builds the flow with the palette, connections and forms, and saves it', async () => {
    const { page } = editor;
    await page.getByRole('button', { name: 'New flow' }).first().click();
    await page.getByLabel('Flow name').fill('Pizza Palace');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await until(async () => (await documentValue(page)).id === 'pizza-palace', 'the new flow');

    const form = inspector(page);
    await fill(form.getByRole('group', { name: 'Settings' }), 'Locale', 'en-US');
    await declarePrompt(page, 'greeting', 'prompts/en-US/welcome.wav', 'Welcome to Pizza Palace!');
    await declarePrompt(page, 'choices', 'prompts/en-US/main-menu.wav', 'To order a pizza, press 1. For our opening hours, press 2.');
    await declarePrompt(page, 'hours', 'prompts/en-US/office-closed.wav', 'We are open every day from 11 am to 11 pm.');
    await declarePrompt(page, 'nothingHeard', 'prompts/en-US/menu-no-input-1.wav', "Sorry, I didn't hear a choice.");
    await declarePrompt(page, 'goodbye', 'prompts/en-US/goodbye.wav', 'Goodbye.');

    await dropBlock(page, 'Answer', { x: 140, y: 80 });
    await dropBlock(page, 'Play', { x: 140, y: 230 });
    await renameState(page, 'greeting');
    await addPromptTo(page, 'Prompts', 'greeting');
    await dropBlock(page, 'Menu', { x: 200, y: 390 });
    await renameState(page, 'orderMenu');
    await addPromptTo(page, 'Prompts', 'choices');
    await fill(form, 'Max attempts', '3');
    await addPromptTo(page, 'No input prompts', 'nothingHeard');
    await dropBlock(page, 'Transfer', { x: 120, y: 620 });
    await renameState(page, 'kitchen');
    const who = form.getByRole('group', { name: 'To' });
    await who.getByLabel('Kind', { exact: true }).selectOption('phone');
    await fill(who, 'Phone', '+14255550142');
    await fill(who, 'Display name', 'Pizza Palace kitchen');
    await dropBlock(page, 'Play', { x: 420, y: 620 });
    await renameState(page, 'hoursInfo');
    await addPromptTo(page, 'Prompts', 'hours');
    await addPromptTo(page, 'Prompts', 'goodbye');
    await dropBlock(page, 'Hang up', { x: 640, y: 760 });

    await connect(page, 'answer', 'next', 'greeting');
    await connect(page, 'greeting', 'next', 'orderMenu');
    await addKey(page, 'orderMenu', 'kitchen');
    await addKey(page, 'orderMenu', 'hoursInfo');
    await connect(page, 'orderMenu', 'noInput', 'hangup');
    await connect(page, 'orderMenu', 'noMatch', 'hangup');
    await connect(page, 'kitchen', 'failed', 'hoursInfo');
    await connect(page, 'hoursInfo', 'next', 'hangup');
    expect((await documentValue(page)).states.orderMenu.choices).toEqual({ '1': 'kitchen', '2': 'hoursInfo' });

    await page.getByRole('button', { name: /^Save/ }).click();
    await expect.poll(() => page.getByRole('banner').innerText()).toMatch(/\bDraft saved\b/);
    expect(await page.getByRole('banner').innerText()).not.toMatch(/error/i);
  });

  it('opens the saved flow again with readable boxes and exactly its connections', async () => {
    const opened = await openEditor(browser, `${engine.base}/?flow=pizza-palace`, SCREEN);
    const { page } = opened;
    await until(async () => (await page.locator('.react-flow__node').count()) === 6, 'the six states');
    await viewSettled(page);
    await page.screenshot({ path: join(ARTIFACTS, 'pizza-palace.png') });
    const text = await boxText(page);
    expect(text.smallest, `the smallest box text (${text.where}) at zoom ${text.zoom.toFixed(2)}`).toBeGreaterThanOrEqual(11);
    await installDrawnEdges(page);
    const source = (await draftOf(engine.base, 'pizza-palace')).text;
    await expect.poll(() => drawnEdges(page)).toEqual(expectedEdges(source));
    expect(opened.errors).toEqual([]);
    await page.context().close();
  });

  it('behaves as built: 2 tells the opening hours, 1 reaches the kitchen', async () => {
    // The flow as the editor saved it (a draft until it is published).
    writeFileSync(join(engine.dir, 'pizza-palace.flow.json'), (await draftOf(engine.base, 'pizza-palace')).text);
    const scenario = (name: string, key: string, expectation: object) => ({
      name,
      steps: [{ expect: { play: 'greeting' } }, { expect: { play: 'choices' } }, { press: key }, { expect: expectation }],
    });
    writeFileSync(
      join(engine.dir, 'pizza-palace.test.json'),
      JSON.stringify({
        flow: 'pizza-palace',
        scenarios: [
          scenario('2 tells the opening hours', '2', { play: 'hours' }),
          scenario('1 orders from the kitchen', '1', { transfer: { phone: '+14255550142' } }),
        ],
      }),
    );
    const report = runFlowTests(join(engine.dir, 'pizza-palace.flow.json'));
    expect(report.results.map((result) => [result.name, result.passed, result.failure])).toEqual([
      ['2 tells the opening hours', true, undefined],
      ['1 orders from the kitchen', true, undefined],
    ]);
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
