/**
 * Prompts from words through the real stack (issue 17's acceptance): the editor served by
 * `callflow serve` with espeak-ng and callers on the Graph emulator. An analyst adds words to the
 * main menu's greeting from the state's form and publishes; the next caller hears them — the
 * emulator fetched the synthesized WAV, 16 kHz mono, longer than 0 s.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dialIn, warmUp } from '../e2e-graph/calls.ts';
import { startStack, type Stack } from '../e2e-graph/stack.ts';
import { openSignedIn } from './stack-editor.ts';
import { launchChromium, openEditor, screenshotIfFailed, type EditorPage } from './harness.ts';
import { inspector, selectState } from './editor-actions.ts';
import { publishFromEditor } from './drafts.ts';

const FLOW = 'main-menu';
const KEY = 'winterHours';
const WORDS = 'Our winter opening hours start on Monday.';

interface PlayedMedia {
  uri: string;
  sampleRate: number;
  channels: number;
  durationMs: number;
}

let stack: Stack;
let browser: Browser;
let editor: EditorPage;

beforeAll(async () => {
  stack = await startStack({ speed: 5 });
  await warmUp(stack);
  browser = await launchChromium();
  editor = await openEditor(browser, `${stack.engineUrl}/?flow=${FLOW}`);
  await openSignedIn(editor.page);
});
afterEach(async (context) => {
  await screenshotIfFailed(editor?.page, context.task);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('prompts from words, called', () => {
  it('plays words an analyst typed and published to the next caller, synthesized at 16 kHz mono', async () => {
    const { page } = editor;
    await selectState(page, 'welcome');
    const form = inspector(page);
    await form.getByLabel('Add to Prompts', { exact: true }).selectOption({ label: 'New prompt…' });
    const create = form.getByRole('group', { name: 'New prompt' });
    await create.getByLabel('Key of the new prompt').fill(KEY);
    await create.getByLabel(/^Words callers hear/).fill(WORDS);
    await create.getByRole('button', { name: 'Create prompt' }).click();
    await expect.poll(() => form.getByRole('button', { name: `Listen to ${KEY}` }).count()).toBe(1);
    const dialog = await publishFromEditor(page, 'Contoso main line', 'Winter hours, in words');
    await expect.poll(() => dialog.getByRole('status').innerText()).toMatch(/Published as version 2\b/);

    // Every other prompt of the main menu is a recording: the one synthesized WAV is the new words.
    const call = await dialIn(stack, FLOW);
    const media = await stack.people.waitFor('the new words playing', async () => {
      const log = await stack.people.log(call.emulatorCallId);
      const playing = log.filter((entry) => entry.kind === 'event' && entry.event === 'promptPlaying');
      const all = playing.flatMap((entry) => (entry.kind === 'event' ? ((entry.detail?.media as PlayedMedia[] | undefined) ?? []) : []));
      return all.find((played) => played.uri.includes('/prompts/synth/'));
    });
    expect(media).toMatchObject({ sampleRate: 16_000, channels: 1 });
    expect(media.durationMs).toBeGreaterThan(0);
    await stack.people.hangUp(call.emulatorCallId);
  });
});
