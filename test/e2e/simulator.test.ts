/**
 * The simulator: the path a call took is highlighted on the canvas (states and lines), the "In
 * call" badge goes when the call ends, a call can start at a chosen time (a business-hours flow
 * at night or on a holiday) and with chosen start values, and a web request is answered with a
 * typed answer or one of the flow's test answers instead of always failing.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { foreignRequests, useEditor, type EditorPage } from './harness.ts';
import { nodeOf, openFromPicker, until } from './editor-actions.ts';
import { simStatus, skipUntil } from './simulator-steps.ts';

let editor: EditorPage;

useEditor(
  {
    path: '/?flow=main-menu',
    ready: (opened) => until(async () => (await opened.page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas'),
  },
  (opened) => ({ editor } = opened),
);

async function openFlow(page: Page, id: string, states: number): Promise<void> {
  await openFromPicker(page, id);
  await until(async () => (await page.locator('.react-flow__node').count()) === states, `${id} on the canvas`);
  await page.getByRole('tab', { name: 'Simulate' }).click();
  await page.getByLabel('Clock').selectOption('manual');
}

const visitedStates = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.state-node.is-visited'))
      .map((node) => node.dataset.state!)
      .sort(),
  );
const visitedEdges = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<SVGElement>('.react-flow__edge.is-visited'))
      .map((edge) => edge.dataset.id!)
      .sort(),
  );

describe('the simulator', () => {
  it('highlights the path the call took and clears the "In call" badge when the call ends', async () => {
    const { page } = editor;
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByLabel('Clock').selectOption('manual');
    await page.getByRole('button', { name: 'Start call' }).click();
    await skipUntil(page, /In state mainMenu/);
    await page.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: '1', exact: true }).click();
    await skipUntil(page, /In state sales/);
    expect(await visitedStates(page)).toEqual(['answer', 'mainMenu', 'sales', 'welcome']);
    expect(await visitedEdges(page)).toEqual(['answer\u2192next', 'mainMenu\u21921', 'welcome\u2192next']);
    await skipUntil(page, /Call ended/);
    expect(await page.locator('.active-badge').count()).toBe(0);
    expect(await page.locator('.react-flow').getByText('In call').count()).toBe(0);
    expect(await visitedStates(page)).toEqual(['answer', 'mainMenu', 'sales', 'welcome']);
  });

  it('starts a business-hours call at night, on a holiday, and with the emergency closure set', async () => {
    const { page } = editor;
    await openFlow(page, 'business-hours', 12);
    const startsAt = page.getByLabel('Call starts at');
    const cases: Array<[string, boolean, RegExp]> = [
      ['2026-01-06T03:00', false, /In state closedMessage/],
      ['2026-12-25T15:00', false, /In state holidayMessage/],
      ['2026-01-05T15:00', true, /In state emergencyMessage/],
      ['2026-01-05T15:00', false, /In state reception/],
    ];
    for (const [at, emergency, expected] of cases) {
      await startsAt.fill(at);
      await page.getByRole('group', { name: 'Start values' }).getByLabel('emergencyClosed').setChecked(emergency);
      await page.getByRole('button', { name: 'Start call' }).click();
      const seen = await skipUntil(page, new RegExp(`${expected.source}|Call ended`));
      expect([...seen].join(' / '), `a call at ${at} UTC${emergency ? ', emergency' : ''}`).toMatch(expected);
      if (!/Call ended/.test((await simStatus(page).textContent()) ?? '')) await page.getByRole('button', { name: 'Hang up', exact: true }).click();
    }
  });

  it('answers a web request with a typed answer, or with an answer from the flow’s tests', async () => {
    const { page } = editor;
    await openFlow(page, 'voicemail', 12);
    const answers = page.getByRole('group', { name: 'Web request answers' });
    const call = async (expected: RegExp) => {
      await page.getByRole('button', { name: 'Start call' }).click();
      await skipUntil(page, /In state recordMessage/);
      await page.getByRole('button', { name: 'Speak for 3 s' }).click();
      await skipUntil(page, /In state reviewMenu/);
      await page.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: '1', exact: true }).click();
      const seen = await skipUntil(page, /Call ended/);
      expect([...seen].join(' / ')).toMatch(expected);
    };
    await answers.getByLabel('Answer for saveMessage').selectOption({ label: 'Type an answer' });
    await answers.getByLabel('Status for saveMessage').fill('201');
    await answers.getByLabel('Body for saveMessage').fill('{"id": "msg-7"}');
    await call(/In state messageSent/);
    await expect.poll(() => nodeOf(page, 'messageSent').locator('.state-node.is-visited').count()).toBe(1);
    await expect.poll(() => page.getByRole('list', { name: 'Timeline' }).textContent()).toContain('HTTP answer received: 201');

    const canned = answers.getByLabel('Answer for saveMessage');
    const label = (await canned.locator('option').allInnerTexts()).find((text) => /503/.test(text));
    expect(label, 'an answer from voicemail.test.json').toBeDefined();
    await canned.selectOption({ label: label! });
    // The voicemail keeps the message whatever its service answers: the answer shows in the timeline.
    await call(/In state messageSent/);
    await expect.poll(() => page.getByRole('list', { name: 'Timeline' }).textContent()).toContain('HTTP answer received: 503');
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
