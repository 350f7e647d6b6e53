/**
 * Drafts and publishing, end to end (issue 15): the editor served by a real engine (`callflow
 * serve`, its own process, with an admin token, as in test/e2e-graph) and callers on the Graph
 * emulator. An analyst gives the main menu a new greeting — new words, their new recording — and
 * the edit autosaves to the draft while calls still hear the published greeting; publishing is
 * refused while scenarios expect the old greeting, and the failing step opens in the Tests tab;
 * with the scenarios brought up to date the draft is published, new calls hear the new greeting,
 * and a call that started before the publish finishes on the version it started with; History
 * names what version 2 changed, and rolling back to version 1 gives the next caller the old greeting.
 *
 * Each `it` leaves the flow as the next one expects.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { dialIn, warmUp } from '../e2e-graph/calls.ts';
import { startStack, type Stack } from '../e2e-graph/stack.ts';
import { ADMIN_TOKEN } from '../e2e-graph/stack-config.ts';
import type { WiredCall } from '../e2e-graph/walker.ts';
import { openSignedIn } from './stack-editor.ts';
import { launchChromium, openEditor, screenshotIfFailed, type EditorPage } from './harness.ts';
import { clickEmptyCanvas, declarePrompt, documentStatus, inspector, nodeOf, selectState } from './editor-actions.ts';
import { publishFromEditor, type DraftAnswer } from './drafts.ts';

const FLOW = 'main-menu';
const FLOW_NAME = 'Contoso main line';
const OLD_RECORDING = '/prompts/en-US/welcome.wav';
const NEW_RECORDING = 'prompts/en-US/welcome-winter.wav';
const NEW_WORDS = 'Thank you for calling Contoso. Our winter opening hours start on Monday.';
/** Autosave waits a second after the last edit; the save itself takes a moment more. */
const SAVED = { timeout: 15_000 };

let stack: Stack;
let browser: Browser;
let editor: EditorPage;

/** The recording a call heard first (the greeting), from the emulator's log of what it played. */
async function greetingOf(call: WiredCall): Promise<string> {
  const played = await stack.people.waitForLog(
    call.emulatorCallId,
    'the greeting playing',
    (entry) => entry.kind === 'event' && entry.event === 'promptPlaying',
  );
  return ((played as unknown as { detail: { uris: string[] } }).detail.uris ?? []).join(' ');
}

/** The flow's published versions, newest first. */
async function versions(): Promise<Array<{ number: number; version: string; message: string }>> {
  return (await stack.api<Array<{ number: number; version: string; message: string }>>('GET', `/api/flows/${FLOW}/versions`)).body;
}

const draft = async () => (await stack.api<DraftAnswer>('GET', `/api/flows/${FLOW}/draft`)).body;

beforeAll(async () => {
  // Speed 5, as for the replayed call: prompts play quickly, and the menu waits long enough for a key.
  stack = await startStack({ speed: 5 });
  // The recording of the new words, delivered to the prompts folder before the change is made.
  // Other bytes than the old one (its last sample changed): Graph, and the emulator, cache prompts by
  // a resourceId taken from the audio, so the very same bytes would play the old greeting's URI.
  const recording = readFileSync(join(stack.flowsDir, OLD_RECORDING));
  recording[recording.length - 1] ^= 0x01;
  writeFileSync(join(stack.flowsDir, NEW_RECORDING), recording);
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

describe('drafts and publishing', () => {
  it('autosaves a new greeting to the draft, and a call placed meanwhile still hears the published one', async () => {
    const { page } = editor;
    expect(await documentStatus(page)).toMatch(/Published as version 1\b/);
    await clickEmptyCanvas(page);
    await declarePrompt(page, 'winterWelcome', NEW_RECORDING, NEW_WORDS);
    await selectState(page, 'welcome');
    await inspector(page).getByLabel('Prompts 1', { exact: true }).selectOption('winterWelcome');
    await expect.poll(() => documentStatus(page), SAVED).toMatch(/^Draft saved/);
    expect(await documentStatus(page)).toContain('Draft — not published');

    const saved = await draft();
    expect(saved.draft).toBe(true);
    expect(JSON.parse(saved.text).states.welcome.prompts).toEqual(['winterWelcome']);
    expect((await versions()).map((version) => version.number)).toEqual([1]);

    const call = await dialIn(stack, FLOW);
    expect(await greetingOf(call)).toContain(OLD_RECORDING);
    await stack.people.hangUp(call.emulatorCallId);
  });

  it('refuses to publish while scenarios expect the old greeting, and opens the failing step in the Tests tab', async () => {
    const { page } = editor;
    const dialog = await publishFromEditor(page, FLOW_NAME, 'A winter greeting');
    await expect.poll(() => dialog.getByRole('alert').innerText()).toMatch(/^Not published: 2 of 9 scenarios fail/);
    const failing = dialog.getByRole('list', { name: 'Failing scenarios' }).getByRole('listitem');
    expect(await failing.count()).toBe(2);
    const sales = failing.filter({ hasText: 'A caller who presses 1 during the menu is transferred to sales.' });
    expect(await sales.innerText()).toMatch(/Fails at step 1\b.*welcome/s);
    expect(await dialog.innerText()).toMatch(/The scenarios reached \d+ of 10 blocks and \d+ of \d+ connections/);
    expect((await versions()).map((version) => version.number)).toEqual([1]);

    await sales.getByRole('button', { name: 'Open in Tests' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Tests' }).getAttribute('aria-selected')).toBe('true');
    const shown = page.locator('#panel-tests li[aria-current="true"]');
    expect(await shown.locator('.scenario-name').innerText()).toBe('A caller who presses 1 during the menu is transferred to sales.');
    await expect.poll(() => shown.locator('.scenario-result').innerText()).toBe('Failed at step 1');
    expect(await shown.getByRole('list', { name: 'Steps' }).getByRole('listitem').first().getAttribute('data-result')).toBe('failed');
  });

  it('publishes once the scenarios expect the new greeting: new calls hear it, a call in progress finishes on its version', async () => {
    const { page } = editor;
    // The scenarios brought up to date in the draft's tests, as an editor saves them with the draft.
    const current = await draft();
    const tests = JSON.parse(current.tests!) as { scenarios: Array<{ steps: Array<{ expect?: { play?: unknown } }> }> };
    for (const step of tests.scenarios.flatMap((scenario) => scenario.steps)) if (step.expect?.play === 'welcome') step.expect.play = 'winterWelcome';
    const put = await fetch(`${stack.engineUrl}/api/flows/${FLOW}/draft`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'if-match': `"${current.version}"` },
      body: JSON.stringify({ text: current.text, tests: `${JSON.stringify(tests, null, 2)}\n` }),
    });
    expect(put.status).toBe(200);
    await page.reload();
    await openSignedIn(page);
    await page.getByRole('tab', { name: 'Tests' }).click();
    await page.locator('#panel-tests').getByRole('button', { name: 'Run all' }).click();
    await expect.poll(() => page.locator('#panel-tests .tests-summary').innerText()).toMatch(/^9 passed, 0 failed/);

    // A caller is in the menu of version 1 while the draft is published.
    const [live] = await versions();
    const before = await dialIn(stack, FLOW);
    expect(await greetingOf(before)).toContain(OLD_RECORDING);
    await stack.people.waitForLog(
      before.emulatorCallId,
      'the menu prompt playing',
      (entry) => entry.kind === 'event' && entry.event === 'promptPlaying' && JSON.stringify(entry.detail).includes('main-menu.wav'),
    );

    const dialog = await publishFromEditor(page, FLOW_NAME, 'A winter greeting');
    await expect.poll(() => dialog.getByRole('status').innerText()).toMatch(/^Published as version 2\b/);
    expect(await dialog.innerText()).toContain('9 scenarios passed');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => documentStatus(page)).toMatch(/Saved\s+Published as version 2\b/);
    const [published] = await versions();
    expect(published).toMatchObject({ number: 2, message: 'A winter greeting' });

    const after = await dialIn(stack, FLOW);
    expect(await greetingOf(after)).toContain(`/${NEW_RECORDING}`);

    // The call from before goes on in version 1's menu: 2 takes it to support.
    await stack.people.pressKeys(before.emulatorCallId, '2');
    await stack.people.waitFor(`the engine to end ${before.flowCallId}`, async () => {
      const { body } = await stack.api<{ phase: string }>('GET', `/api/calls/${before.flowCallId}/state`);
      return body.phase === 'ended' || undefined;
    });
    type Trace = { flowVersion: string | null; entries: Array<{ kind: string; state?: string; port?: string; target?: string }> };
    const oldTrace = (await stack.api<Trace>('GET', `/api/calls/${before.flowCallId}/trace`)).body;
    expect(oldTrace.flowVersion).toBe(live.version);
    expect(oldTrace.entries).toContainEqual(expect.objectContaining({ kind: 'port', state: 'mainMenu', port: '2', target: 'support' }));
    const newTrace = (await stack.api<Trace>('GET', `/api/calls/${after.flowCallId}/trace`)).body;
    expect(newTrace.flowVersion).toBe(published.version);
    await stack.people.hangUp(after.emulatorCallId);
  });

  it('shows both versions in History with what changed, and a rollback brings the old greeting back for the next call', async () => {
    const { page } = editor;
    await page.getByRole('tab', { name: 'History' }).click();
    const panel = page.locator('#panel-history');
    const listed = panel.getByRole('list', { name: 'Versions' }).getByRole('listitem');
    await expect.poll(() => listed.count()).toBe(2);
    expect(await listed.first().innerText()).toMatch(/Version 2\s*live[\s\S]*A winter greeting/);
    const changes = panel.getByRole('region', { name: 'Changes' });
    await expect
      .poll(() => changes.innerText())
      .toMatch(/What version 2 changed[\s\S]*State 'welcome' \(play\): prompts changed from welcome to winterWelcome/);
    expect(await changes.innerText()).toMatch(/Prompt 'winterWelcome' \(en-US\) added/);
    await expect.poll(() => nodeOf(page, 'welcome').locator('.state-node').getAttribute('class')).toMatch(/is-diff-changed/);

    await listed.nth(1).getByRole('button').click();
    await panel.getByRole('button', { name: 'Roll back to version 1' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back and publish' }).click();
    await expect.poll(() => panel.getByRole('status').innerText()).toBe('Rolled back: version 1 was published as version 3.');
    const [rolledBack, , first] = await versions();
    expect(rolledBack).toMatchObject({ number: 3, version: first.version });

    const next = await dialIn(stack, FLOW);
    expect(await greetingOf(next)).toContain(OLD_RECORDING);
    await stack.people.hangUp(next.emulatorCallId);
  });

  it('raised no page errors', () => {
    expect(editor.errors).toEqual([]);
  });
});
