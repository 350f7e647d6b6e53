/**
 * A group dial in the editor's simulator: huddle's call rings its three people at once, is
 * established with the bot alone, and reaches the briefing only once the people who picked up
 * are in the call — as over the wire — then hangs up.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { foreignRequests, useEditor, type EditorPage } from './harness.ts';
import { nodeOf, until } from './editor-actions.ts';
import { skipUntil } from './simulator-steps.ts';

let editor: EditorPage;

useEditor(
  {
    path: '/?flow=huddle',
    ready: (opened) => until(async () => (await nodeOf(opened.page, 'callCrew').count()) === 1, 'the huddle on the canvas'),
  },
  (opened) => ({ editor } = opened),
);

const timeline = (page: Page) => page.getByRole('list', { name: 'Timeline' }).innerText();

describe('a group dial in the simulator', () => {
  it('rings everybody in one call, briefs them once someone is in it, and hangs up', async () => {
    const { page } = editor;
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByLabel('Clock').selectOption('manual');
    await page.getByRole('button', { name: 'Start call' }).click();
    await skipUntil(page, /In state brief/);
    const lines = await timeline(page);
    expect(lines).toContain('calls Incident lead Teams user, Deputy Teams user, Scribe Teams user at once (a group call)');
    // Established with the bot alone first; the people who picked up came in the roster after it.
    const connected = lines.indexOf('call connected');
    expect(connected).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf('person-1 joined, person-2 joined, person-3 joined')).toBeGreaterThan(connected);
    await skipUntil(page, /Call ended/);
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
