/**
 * Hold music in the editor: the http block's form offers `holdMusic` (its prompts picked like
 * playLoop's), choosing one writes `{ "holdMusic": { "prompts": [...] } }` into the JSON, and the
 * simulator's timeline shows the music playing while voicemail's service is asked, then stopped
 * by the answer.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { foreignRequests, useEditor, type EditorPage } from './harness.ts';
import { documentValue, inspector, openFromPicker, selectState, until } from './editor-actions.ts';
import { skipUntil } from './simulator-steps.ts';

let editor: EditorPage;

useEditor(
  {
    path: '/?flow=survey',
    ready: (opened) => until(async () => (await opened.page.locator('.react-flow__node').count()) === 16, 'the survey on the canvas'),
  },
  (opened) => ({ editor } = opened),
);

const timeline = (page: Page) => page.getByRole('list', { name: 'Timeline' });

describe('hold music in the editor', () => {
  it("sets hold music on an http block from its form, prompts picked from the flow's", async () => {
    const { page } = editor;
    await selectState(page, 'submit');
    const music = inspector(page).getByRole('group', { name: 'Hold music', exact: true });
    expect(await music.count()).toBe(1);
    expect(await music.getByLabel('Add to Prompts', { exact: true }).locator('option').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^thanks — /), expect.stringMatching(/^intro — /)]),
    );
    await music.getByLabel('Add to Prompts', { exact: true }).selectOption('thanks');
    await expect.poll(async () => (await documentValue(page)).states.submit?.holdMusic).toEqual({ prompts: ['thanks'] });
  });

  it('shows the music in the simulator timeline, stopped when the web service answers', async () => {
    const { page } = editor;
    await openFromPicker(page, 'voicemail');
    await until(async () => (await page.locator('.react-flow__node').count()) === 12, 'voicemail on the canvas');
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByLabel('Clock').selectOption('manual');
    const answers = page.getByRole('group', { name: 'Web request answers' });
    await answers.getByLabel('Answer for saveMessage').selectOption({ label: 'Type an answer' });
    await answers.getByLabel('Status for saveMessage').fill('201');
    await page.getByRole('button', { name: 'Start call' }).click();
    await skipUntil(page, /In state recordMessage/);
    await page.getByRole('button', { name: 'Speak for 3 s' }).click();
    await skipUntil(page, /In state reviewMenu/);
    await page.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: '1', exact: true }).click();
    await skipUntil(page, /Call ended/);
    const lines = await timeline(page).getByRole('listitem').allInnerTexts();
    const music = lines.findIndex((line) => line.includes('plays hold music: “One moment while we save your message.'));
    const answer = lines.findIndex((line) => line.includes('HTTP answer received: 201'));
    const goodbye = lines.findIndex((line) => line.includes('Your message has been saved'));
    expect(music, lines.join('\n')).toBeGreaterThan(0);
    expect(answer).toBeGreaterThan(music);
    expect(lines.slice(answer).some((line) => line.includes('prompt stopped'))).toBe(true);
    expect(goodbye).toBeGreaterThan(answer);
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
