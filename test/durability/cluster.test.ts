/**
 * Three engine processes on one Redis behind a load balancer that sprays every notification to a
 * random engine, 200 callers on the main line at once choosing at random, and one engine killed
 * with SIGKILL while they are in the menu. Every call must end where its caller's choice leads,
 * with exactly the Graph requests of that path: a prompt played twice or a no-input timer fired
 * twice would add a request, a lost one would leave the call hanging.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { dialMainLine, MAIN_MENU_PATHS, pathOf, staffTheMainLine } from './calls.ts';
import { startDurableStack, type DurableStack } from './durable-stack.ts';

const CALLS = 200;
const CHOICES = [
  { path: 'sales', key: '1' },
  { path: 'support', key: '2' },
  { path: 'operator', key: '0' },
  { path: 'silent', key: '' },
] as const;

let stack: DurableStack;
beforeAll(async () => {
  // Database 1 of the run's redis-server: the store tests use database 0.
  const redis = new URL(inject('redisUrl'));
  redis.pathname = '/1';
  // Real time: a call offered to the engine that is killed is answered by another once the dead
  // engine's lease on it has run out (5 s), within Graph's 15 s answer window.
  stack = await startDurableStack({ engines: 3, speed: 1, store: redis.toString() });
  await staffTheMainLine(stack.people);
}, 180_000);
afterAll(() => stack?.stop());

it('ends concurrent calls where their callers chose, with one of three engines killed mid-test', async () => {
  const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));
  const callers = Array.from({ length: CALLS }, (_, index) => ({ index, choice: CHOICES[Math.floor(Math.random() * CHOICES.length)]! }));
  const placed = await Promise.all(
    callers.map(async (caller) => {
      await sleep(caller.index * 100);
      const id = await dialMainLine(stack.people, `+1425556${String(1000 + caller.index)}`);
      if (caller.choice.key) {
        await stack.people
          .waitFor(`the menu on ${id}`, async () => (await pathOf(stack.people, id)).includes('playPrompt mainMenu') || undefined)
          .catch(async (error: Error) => {
            const states = await Promise.all(
              stack.engines
                .filter((engine) => engine.alive())
                .map((engine) => stack.api(engine, 'GET', `/api/calls/${id}/state`).then((r) => JSON.stringify(r.body))),
            );
            throw new Error(
              `${error.message}: ${states.join('\n')}\n${JSON.stringify((await stack.people.log(id)).map((e) => [e.kind, (e as { to?: string }).to, (e as { reason?: string }).reason, (e as { action?: string }).action, (e as { status?: number }).status, (e as { error?: string }).error, (e as { url?: string }).url, e.at]))}`,
            );
          });
        // Some press during the menu prompt, some after it.
        await sleep(Math.random() * 3000);
        await stack.people.pressKeys(id, caller.choice.key);
      }
      return { id, ...caller };
    }),
  );
  const killed = (async () => {
    await sleep(CALLS * 50);
    await stack.engines[1]!.kill();
  })();
  await killed;
  const calls = await placed;
  await Promise.all(calls.map(({ id }) => stack.people.waitForState(id, 'terminated')));
  const wrong: string[] = [];
  for (const call of calls) {
    const path = await pathOf(stack.people, call.id);
    if (JSON.stringify(path) !== JSON.stringify(MAIN_MENU_PATHS[call.choice.path])) wrong.push(`${call.id} (${call.choice.path}): ${path.join(' | ')}`);
  }
  expect(wrong).toEqual([]);
  // Every engine took a share of the notifications before one was killed.
  expect(Object.keys(stack.balancer.stats().sent)).toHaveLength(3);
}, 180_000);
