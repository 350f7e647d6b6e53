/**
 * The roster in the editor: conference-host's blocks get their forms from their definitions, and
 * in the simulator people join and leave — the flow mutes the first guest besides the organizer,
 * and the call's people are listed with a button to make each one leave.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { foreignRequests, useEditor, type EditorPage } from './harness.ts';
import { inspector, selectState, until } from './editor-actions.ts';
import { skipUntil } from './simulator-steps.ts';

let editor: EditorPage;

useEditor(
  {
    path: '/?flow=conference-host',
    ready: (opened) => until(async () => (await opened.page.locator('.react-flow__node').count()) === 12, 'the conference host on the canvas'),
  },
  (opened) => ({ editor } = opened),
);

const JOIN_URL =
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting_MjA5YjFkNzQtZWM2Ny00ZWQ4LWE2OWQtMmEzODI4NDZjNzYz%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22550fae72-d251-43ec-868c-373732c2704f%22%7d';
const people = (page: Page) => page.getByRole('group', { name: 'Participants' });

async function join(page: Page, name: string): Promise<void> {
  await people(page).getByLabel('Someone joins').fill(name);
  await people(page).getByRole('button', { name: 'Join', exact: true }).click();
}

describe('the roster in the editor', () => {
  it("shows waitFor's options in its form", async () => {
    const { page } = editor;
    await selectState(page, 'waitForGuest');
    const form = inspector(page);
    expect(await form.getByText('Wait for a participant', { exact: true }).count()).toBeGreaterThan(0);
    expect(await form.getByLabel('Count').inputValue()).toBe('2');
  });

  it('lets people join and leave the simulated meeting, and the flow follows', async () => {
    const { page } = editor;
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByLabel('Clock').selectOption('manual');
    await page.getByLabel('joinUrl').fill(JOIN_URL);
    await page.getByRole('button', { name: 'Start call' }).click();
    await skipUntil(page, /In state waitForGuest/);
    await join(page, 'organizer');
    await join(page, 'guest-ana');
    await skipUntil(page, /In state (guestMuted|waitForLatecomer)/);
    expect(await page.getByRole('list', { name: 'Timeline' }).innerText()).toMatch(/mutes the participant guest-ana/);
    await skipUntil(page, /In state waitForLatecomer/);
    await people(page).getByRole('button', { name: 'guest-ana leaves' }).click();
    expect(
      await people(page)
        .getByRole('button', { name: /leaves$/ })
        .allInnerTexts(),
    ).toEqual(['organizer leaves']);
    await skipUntil(page, /In state (waitForGuestToLeave|goodbye)/);
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
