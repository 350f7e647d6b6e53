/**
 * One engine on the default SQLite store, killed with SIGKILL and started again while callers wait:
 * what was stored survives and is carried on as if nothing had happened — timers that came due
 * while no engine ran fire at start and keys pressed afterwards are handled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialMainLine, MAIN_MENU_PATHS, pathOf, staffTheMainLine, SUPPORT, waitUntilPlayed } from './calls.ts';
import { startDurableStack, type DurableStack } from './durable-stack.ts';

const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

let stack: DurableStack;
beforeAll(async () => {
  // Speed 5: the emulator's 15 s answer window is 3 s, enough for 20 calls offered at once.
  stack = await startDurableStack({ engines: 1, speed: 5 });
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
    for (const id of pressers)
      expect(await pathOf(stack.people, id)).toEqual([...MAIN_MENU_PATHS.support.slice(0, -1), 'playPrompt noInput1,mainMenu', `transfer phone:${SUPPORT}`]);
    for (const id of calls.slice(10)) expect(await pathOf(stack.people, id)).toEqual(MAIN_MENU_PATHS.silent);
  }, 120_000);
});
