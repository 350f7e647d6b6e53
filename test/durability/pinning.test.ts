/**
 * Version pinning across a restart: a call that started on version A of the main line finishes on
 * A after the engine is stopped, version B is deployed and the engine started again; a new call
 * takes B. The flows are a copy, changed in place as a deployment would.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dialMainLine, MAIN_MENU_PATHS, OPERATOR, pathOf, staffTheMainLine, SUPPORT, waitUntilPlayed } from './calls.ts';
import { startDurableStack, type DurableStack } from './durable-stack.ts';

let stack: DurableStack;
beforeAll(async () => {
  stack = await startDurableStack({ engines: 1, speed: 5 });
  await staffTheMainLine(stack.people);
}, 120_000);
afterAll(() => stack?.stop());

type TraceEntry = { kind: string; action?: string; version?: string };
const startedVersion = async (callId: string) => {
  const trace = await stack.api<{ entries: TraceEntry[] }>(stack.engines[0]!, 'GET', `/api/calls/${callId}/trace`);
  return trace.body.entries.find((entry) => entry.kind === 'session' && entry.action === 'started')?.version;
};

it('finishes a call on the version it started on after B is deployed across a restart; new calls take B', async () => {
  const [engine] = stack.engines;
  const onA = await dialMainLine(stack.people, '+14255551001');
  await waitUntilPlayed(stack.people, onA, 'playPrompt mainMenu');
  const versionA = await startedVersion(onA);

  await engine!.kill();
  // Version B: 2 no longer goes to support but to the operator.
  const file = join(stack.flowsDir, 'main-menu.flow.json');
  const flow = JSON.parse(readFileSync(file, 'utf8')) as { states: { mainMenu: { choices: Record<string, string> } } };
  flow.states.mainMenu.choices['2'] = 'holdForOperator';
  writeFileSync(file, `${JSON.stringify(flow, null, 2)}\n`);
  await engine!.start();
  expect(engine!.output()).toMatch(/live\s+main-menu\s+version \d+ \((\w+)\)/);

  const onB = await dialMainLine(stack.people, '+14255551002');
  await waitUntilPlayed(stack.people, onB, 'playPrompt mainMenu');
  const versionB = await startedVersion(onB);
  expect(versionB).toBeDefined();
  expect(versionB).not.toBe(versionA);

  await stack.people.pressKeys(onA, '2');
  await stack.people.pressKeys(onB, '2');
  await Promise.all([onA, onB].map((id) => stack.people.waitForState(id, 'terminated')));
  // The first call's no-input timeout may come due during the restart (a reprompt): left out.
  expect((await pathOf(stack.people, onA)).filter((line) => line !== 'playPrompt noInput1,mainMenu')).toEqual([
    ...MAIN_MENU_PATHS.support.slice(0, -1),
    `transfer phone:${SUPPORT}`,
  ]);
  expect(await pathOf(stack.people, onB)).toEqual([...MAIN_MENU_PATHS.operator.slice(0, -1), `transfer user:${OPERATOR}`]);
  expect(await startedVersion(onA)).toBe(versionA);
}, 120_000);
