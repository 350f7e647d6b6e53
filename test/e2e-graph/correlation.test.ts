/**
 * A call's log lines can be found by any of its ids: every line the engine writes about a call
 * carries its session id, Graph's call id, the chain id (`X-Microsoft-Skype-Chain-ID`) and the
 * scenario id, and every Graph request the engine makes for the call sends the chain and scenario
 * ids Graph gave the call — read from the engine's log file and the emulator's call log.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallLogEntry } from '../../engine/emulator/index.ts';
import { dialIn, warmUp } from './calls.ts';
import { startStack, type Stack } from './stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ speed: 10 });
  await warmUp(stack);
});
afterAll(() => stack?.stop());

type RequestEntry = Extract<CallLogEntry, { kind: 'request' }>;

it('every log line about a call carries its session id, call id, chain id and scenario id, and its Graph requests send the chain id', async () => {
  const call = await dialIn(stack, 'main-menu');
  await stack.people.waitFor(
    'the menu prompt playing',
    async () => (await stack.people.log(call.emulatorCallId)).some((e) => e.kind === 'event' && e.event === 'promptPlaying') || undefined,
  );
  await stack.people.pressKeys(call.emulatorCallId, '0');
  await stack.people.hangUp(call.emulatorCallId);
  await stack.people.waitForState(call.emulatorCallId, 'terminated');
  await stack.people.waitFor('the engine to end the call', async () =>
    (await stack.api<{ phase: string }>('GET', `/api/calls/${call.flowCallId}/state`)).body.phase === 'ended' ? true : undefined,
  );

  const requests = (await stack.people.log(call.emulatorCallId)).filter((e): e is RequestEntry => e.kind === 'request');
  expect(requests.map((r) => r.action)).toContain('answer');
  const chainIds = new Set(requests.map((r) => r.chainId));
  const scenarioIds = new Set(requests.map((r) => r.scenarioId));
  // One chain id and one scenario id for the whole call, on every request.
  expect([...chainIds]).toHaveLength(1);
  expect([...scenarioIds]).toHaveLength(1);
  const [chainId] = chainIds;
  const [scenarioId] = scenarioIds;
  expect(chainId).toMatch(/\S{8,}/);
  expect(scenarioId).toMatch(/\S{8,}/);

  // Every line that mentions the call in any way is a line about it, with all four ids.
  const about = stack.engineLog().filter((line) => JSON.stringify(line).includes(call.flowCallId));
  expect(about.length).toBeGreaterThan(10);
  for (const line of about) {
    expect(line, JSON.stringify(line)).toMatchObject({ sessionId: call.flowCallId, callId: call.emulatorCallId, chainId, scenarioId });
  }
  // Graph's answers are tied to Graph's request ids in the log.
  const responses = about.filter((line) => line.kind === 'graph.response');
  expect(responses.map((line) => line.requestId)).toEqual(expect.arrayContaining(requests.filter((r) => r.status < 300).map((r) => r.requestId)));
});
