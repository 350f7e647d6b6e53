/**
 * Replaying a real call in the editor: a caller on the Graph emulator dials the main menu and
 * presses 2, the engine (`callflow serve`, its own process, as in test/e2e-graph) runs the call
 * and transfers it to support, and the editor served by that same engine loads the call's trace
 * from `GET /api/calls/:id/trace` and walks it state by state on the canvas. Nothing is mocked
 * between the call and the canvas.
 *
 * The engine acts for a bot (the emulator's Azure credentials) with an admin token, as a deployed
 * engine does: local trust is off, so the editor opens on its sign-in screen, and the operator signs
 * in through the emulator's Entra ID login page in Chromium (authorization code with PKCE, msal-node
 * in the engine) as Olivia Operator, whose Calls.Operate role lets her read call traces.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dialIn, warmUp } from '../e2e-graph/calls.ts';
import { startStack, type Stack } from '../e2e-graph/stack.ts';
import { launchChromium, openEditor, screenshotIfFailed, type EditorPage } from './harness.ts';
import { nodeOf, until } from './editor-actions.ts';

interface Trace {
  callId: string;
  flowId: string | null;
  status: string | null;
  entries: Array<{ kind: string; state?: string; port?: string; target?: string }>;
}

let stack: Stack;
let browser: Browser;
let editor: EditorPage;

beforeAll(async () => {
  // Speed 5: the menu prompt plays long enough for the key to land while it plays on a busy machine.
  stack = await startStack({ speed: 5 });
  await warmUp(stack);
  browser = await launchChromium();
  // The emulator's https certificate comes from the run's throwaway CA, which Chromium does not know.
  editor = await openEditor(browser, `${stack.engineUrl}/?flow=main-menu`, undefined, { ignoreHTTPSErrors: true });
  const { page } = editor;
  await page.getByRole('heading', { name: 'Sign in to callflow' }).waitFor();
  await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
  await page.getByRole('button', { name: 'Olivia Operator' }).click();
  await until(async () => (await page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas, back from signing in');
  expect(new URL(page.url()).search).toBe('?flow=main-menu');
  expect(await page.getByLabel('Signed in as').innerText()).toMatch(/Olivia Operator/);
});
afterEach(async (context) => {
  await screenshotIfFailed(editor?.page, context.task);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A caller dials the main menu, presses 2 while the menu plays and is transferred to support; resolves with the call id once the engine has ended the call. */
async function callSupport(): Promise<string> {
  const call = await dialIn(stack, 'main-menu');
  await stack.people.waitForLog(
    call.emulatorCallId,
    'the menu prompt playing',
    (entry) => entry.kind === 'event' && entry.event === 'promptPlaying' && JSON.stringify(entry.detail).includes('main-menu.wav'),
  );
  await stack.people.pressKeys(call.emulatorCallId, '2');
  await stack.people.waitFor(`the engine to end ${call.flowCallId}`, async () => {
    const { body } = await stack.api<{ phase: string }>('GET', `/api/calls/${call.flowCallId}/state`);
    return body.phase === 'ended' || undefined;
  });
  return call.flowCallId;
}

describe('replaying a real call', () => {
  it('loads the trace of a call the engine ran from the engine, and walks it on the canvas to the state the call went to', async () => {
    const callId = await callSupport();
    const { status, body: trace } = await stack.api<Trace>('GET', `/api/calls/${callId}/trace`);
    expect(status).toBe(200);
    expect(trace).toMatchObject({ callId, flowId: 'main-menu' });
    // What the engine recorded: the caller's 2 taken by the menu, to support.
    expect(trace.entries).toContainEqual(expect.objectContaining({ kind: 'port', state: 'mainMenu', port: '2', target: 'support' }));

    const { page } = editor;
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByLabel('Call id').fill(callId);
    await page.getByRole('button', { name: 'Load trace' }).click();
    // Signed in as an operator: the trace loads without any token.
    const shown = page.locator('.trace-steps [role="status"]');
    await until(async () => (await shown.count()) === 1, 'the loaded trace');
    expect(await shown.textContent()).toMatch(new RegExp(`^Step 1 of ${trace.entries.length}\\b`));
    expect(editor.requests).toContain(`${stack.engineUrl}/api/calls/${callId}/trace`);

    const visited: string[] = [];
    await until(async () => {
      const state = /in (\w+)$/.exec((await shown.textContent()) ?? '')?.[1];
      if (state && visited.at(-1) !== state) visited.push(state);
      if ((await nodeOf(page, 'support').locator('.is-active').count()) === 1) return true;
      const next = page.getByRole('button', { name: 'Next step' });
      if (await next.isDisabled()) throw new Error(`the replay ended without reaching support; it showed ${visited.join(', ') || 'no state'}`);
      await next.click();
      return false;
    }, 'the replay to reach support');
    expect(await shown.textContent()).toMatch(/in support$/);
    expect(visited).toEqual(['answer', 'welcome', 'mainMenu', 'support']);
    await page.getByRole('button', { name: 'Close replay' }).click();
  });

  it('says so when the engine has no call with that id', async () => {
    const { page } = editor;
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByLabel('Call id').fill('no-such-call');
    await page.getByRole('button', { name: 'Load trace' }).click();
    await until(async () => (await page.getByRole('alert').count()) > 0, 'the error message');
    expect(await page.getByRole('alert').first().textContent()).toBe("Could not load the trace: no call 'no-such-call'");
  });

  it('raised no page errors', () => {
    expect(editor.errors).toEqual([]);
  });
});
