/**
 * One engine on the default SQLite store, killed with SIGKILL and started again while callers wait:
 * what was stored survives and is carried on as if nothing had happened — timers that came due
 * while no engine ran fire at start, keys pressed afterwards are handled, and every acknowledged
 * notification is applied even when the engine died before it could process it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialMainLine, MAIN_MENU_PATHS, pathOf, staffTheMainLine, SUPPORT, waitUntilPlayed } from './calls.ts';
import { startDurableStack, type DurableStack } from './durable-stack.ts';

const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

/** A flow that takes exactly ten keys, then says goodbye: every tone notification counts. */
const KEYS_FLOW = {
  id: 'ten-keys',
  version: 1,
  name: 'Ten keys',
  start: 'answer',
  prompts: {
    ask: { 'en-US': { file: 'prompts/en-US/main-menu.wav', text: 'Enter ten digits.' } },
    bye: { 'en-US': { file: 'prompts/en-US/goodbye.wav', text: 'Goodbye.' } },
  },
  settings: { locale: 'en-US' },
  states: {
    answer: { type: 'answer', next: 'keys' },
    keys: { type: 'gather', prompts: ['ask'], minDigits: 10, maxDigits: 10, finishOnKey: '', firstDigitTimeoutSeconds: 60, interDigitTimeoutSeconds: 30, maxAttempts: 1, next: 'bye', noInput: 'hangup', invalid: 'hangup' },
    bye: { type: 'play', prompts: ['bye'], next: 'hangup' },
    hangup: { type: 'hangup' },
  },
};
const KEYS_NUMBER = '+14255550177';

let stack: DurableStack;
beforeAll(async () => {
  // Speed 5: the emulator's 15 s answer window is 3 s, enough for 50 calls offered at once.
  stack = await startDurableStack({ engines: 0, speed: 5 });
  writeFileSync(join(stack.flowsDir, 'ten-keys.flow.json'), JSON.stringify(KEYS_FLOW, null, 2));
  const routes = JSON.parse(readFileSync(join(stack.flowsDir, 'routes.json'), 'utf8')) as { routes: unknown[] };
  routes.routes.unshift({ called: { phone: KEYS_NUMBER }, flow: 'ten-keys' });
  writeFileSync(join(stack.flowsDir, 'routes.json'), JSON.stringify(routes, null, 2));
  await stack.addEngines(1);
  await staffTheMainLine(stack.people);
  // A first call pays for the engine's first token, key download and compilation.
  const first = await dialMainLine(stack.people, '+14255550123');
  await stack.people.waitForState(first, 'established');
  await stack.people.hangUp(first);
}, 120_000);
afterAll(() => stack?.stop());

describe('an engine killed with SIGKILL and started again', () => {
  it('handles the no-input timeouts and keys of 20 callers waiting in the menu as if nothing happened', async () => {
    const [engine] = stack.engines;
    const calls = await Promise.all(Array.from({ length: 20 }, (_, index) => dialMainLine(stack.people, `+1425555${String(1000 + index)}`)));
    await Promise.all(calls.map((id) => waitUntilPlayed(stack.people, id, 'playPrompt mainMenu')));
    await engine!.kill();
    // Longer than the menu's 5 s no-input timeout: every caller's timer comes due while no engine runs.
    await sleep(6000);
    await engine!.start();
    // At start the timers that came due fire: every caller hears the first reprompt.
    await Promise.all(calls.map((id) => waitUntilPlayed(stack.people, id, 'playPrompt noInput1,mainMenu')));
    const pressers = calls.slice(0, 10);
    await Promise.all(pressers.map((id) => stack.people.pressKeys(id, '2')));
    await Promise.all(calls.map((id) => stack.people.waitForState(id, 'terminated')));
    for (const id of pressers) expect(await pathOf(stack.people, id)).toEqual([...MAIN_MENU_PATHS.support.slice(0, -1), 'playPrompt noInput1,mainMenu', `transfer phone:${SUPPORT}`]);
    for (const id of calls.slice(10)) expect(await pathOf(stack.people, id)).toEqual(MAIN_MENU_PATHS.silent);
  }, 120_000);

  it('applies every acknowledged notification of a burst when it dies just after the last 202', async () => {
    const [engine] = stack.engines;
    const calls = await Promise.all(Array.from({ length: 50 }, () => stack.people.placeCall({ from: { phone: '+14255550123' }, appId: stack.appId, toPhone: KEYS_NUMBER }).then((call) => call.id)));
    await Promise.all(calls.map((id) => stack.people.waitFor(`${id} asked for keys`, async () => (await stack.people.requests(id, 'playPrompt')).length > 0 || undefined))).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify(await stack.people.log(calls[0]!)).slice(0, 3000)}\n${engine!.output().slice(-3000)}`);
    });
    // 500 tone notifications: ten keys from each of 50 callers at once.
    await Promise.all(calls.map((id) => stack.people.pressKeys(id, '0123456789', 0)));
    const acknowledged = async () => (await Promise.all(calls.map(async (id) => (await stack.people.notifications(id)).filter((n) => n.status === 202 && JSON.stringify(n.body).includes('toneInfo')).length))).reduce((a, b) => a + b, 0);
    for (let count = 0; count < 500; count = await acknowledged()) await sleep(2);
    await engine!.kill();
    await engine!.start();
    await Promise.all(calls.map((id) => stack.people.waitForState(id, 'terminated'))).catch(async (error: Error) => {
      const stuck: string[] = [];
      for (const id of calls) if ((await stack.people.call(id)).state !== 'terminated') stuck.push(id);
      const trace = await stack.api(engine!, 'GET', `/api/calls/${stuck[0]}/trace`);
      const state = await stack.api(engine!, 'GET', `/api/calls/${stuck[0]}/state`);
      throw new Error(`${error.message}: ${stuck.length} stuck\n${JSON.stringify(state.body)}\n${JSON.stringify(trace.body).slice(-6000)}\n${engine!.output().slice(-3000)}`);
    });
    for (const id of calls) {
      const trace = await stack.api<{ entries: Array<{ kind: string; event?: { type?: string } }> }>(engine!, 'GET', `/api/calls/${id}/trace`);
      expect(trace.body.entries.filter((entry) => entry.kind === 'event' && entry.event?.type === 'tone')).toHaveLength(10);
      const requests = (await stack.people.requests(id)).map((request) => request.action);
      expect(requests.filter((action) => action === 'playPrompt')).toHaveLength(2);
      expect(requests.at(-1)).toBe('delete');
    }
  }, 120_000);
});
