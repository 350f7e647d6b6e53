/**
 * front-desk's transfers over the wire (engine and emulator as separate processes): to a Teams call
 * queue by its resource account (identity.applicationInstance), and consultative transfers to the
 * duty manager — answered, then the caller's call transferred with `replacesCallId` naming the
 * bot's consult call; declined, then the caller still on the line. The exact Graph requests of the
 * caller's call and of the consult call, each in order, from the emulator's logs.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../engine/core/types.ts';
import { dialIn, warmUp } from './calls.ts';
import { EXPECTED_REQUESTS } from './expected-requests.ts';
import { startStack, type Stack } from './stack.ts';
import { ScenarioWalker, type Scenario } from './walker.ts';
import { graphRequests } from './wire.ts';

const flow = JSON.parse(readFileSync('flows/front-desk.flow.json', 'utf8')) as FlowDocument;
const scenarios = (JSON.parse(readFileSync('flows/front-desk.test.json', 'utf8')) as { scenarios: Scenario[] }).scenarios;
const scenario = (start: string) => scenarios.find((s) => s.name.startsWith(start))!;
const QUEUE = '6d2a9c4e-3b7f-4e18-a5c0-9f1e2d3c4b5a';
const MANAGER = '8c4e2f1a-6b3d-4a9e-b7c5-1d0f3e2a4b6c';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ speed: 5 });
  await stack.people.configurePerson(MANAGER, { answer: 'manual' });
  await stack.people.configurePerson(QUEUE, { answer: 'manual', kind: 'applicationInstance', displayName: 'Contoso Sales queue' });
  await warmUp(stack);
});
afterAll(() => stack?.stop());

/** Walks a scenario of front-desk; returns the caller's call's requests and the walker (for the consult call's id). */
async function walk(s: Scenario) {
  // A transfer Graph refuses (the scenario's `fail`): the emulator answers it 403, as flows.test.ts does.
  const refused = (s as { fail?: Array<{ effect: string }> }).fail?.some((f) => f.effect === 'graph.transfer');
  const call = await dialIn(stack, 'front-desk', refused ? { http: [{ status: 403, match: { action: 'transfer' } }] } : undefined);
  const walker = new ScenarioWalker(stack, flow, s, call);
  await walker.run();
  await stack.people.waitForState(call.emulatorCallId, 'terminated');
  const log = await stack.people.log(call.emulatorCallId);
  return { call, walker, log, requests: graphRequests(log, flow) };
}

describe('front-desk transfers over the wire', () => {
  it('transfers the caller to the call queue as identity.applicationInstance, and the queue takes the call', async () => {
    const s = scenario('A caller who presses 1');
    const { log, requests } = await walk(s);
    expect(requests).toEqual(EXPECTED_REQUESTS[s.name]);
    const transfer = log.find((e) => e.kind === 'request' && e.action === 'transfer') as { body: { transferTarget: unknown } };
    expect(transfer.body.transferTarget).toMatchObject({
      identity: { applicationInstance: { id: QUEUE, displayName: 'Contoso Sales queue' } },
    });
    expect(log.find((e) => e.kind === 'event' && e.event === 'transferred')).toMatchObject({ detail: { to: QUEUE } });
  });

  it('consults the duty manager, and once the manager answers transfers the caller replacing the consult call', async () => {
    const s = scenario('A caller who presses 2 is handed');
    const { log, requests, walker } = await walk(s);
    expect(requests).toEqual(EXPECTED_REQUESTS[s.name]);
    const consultId = walker.consultCallId!;
    const transfer = log.find((e) => e.kind === 'request' && e.action === 'transfer') as { body: { transferTarget: { replacesCallId?: string } } };
    expect(transfer.body.transferTarget.replacesCallId).toBe(consultId);
    // The consult call: placed by the bot, then replaced by the caller's call (no request of the bot ends it).
    await stack.people.waitForState(consultId, 'terminated');
    expect(graphRequests(await stack.people.log(consultId), flow)).toEqual([`create user:${MANAGER}`]);
  });

  it('keeps the caller when the duty manager declines the consult call: the flow goes on to the queue', async () => {
    const s = scenario('When the duty manager declines');
    const { requests, walker } = await walk(s);
    expect(requests).toEqual(EXPECTED_REQUESTS[s.name]);
    expect(requests.filter((line) => line.includes('replacing-consult'))).toEqual([]);
    const consultId = walker.consultCallId!;
    await stack.people.waitForState(consultId, 'terminated');
    expect(graphRequests(await stack.people.log(consultId), flow)).toEqual([`create user:${MANAGER}`]);
  });

  // The menu's other ways to the queue, and a transfer Graph refuses: the requests flows.test.ts expects of them.
  for (const s of scenarios.filter((s) => !/presses 1 is|presses 2|declines/.test(s.name)))
    it(`walks "${s.name}" with the requests expected of it`, async () => {
      expect((await walk(s)).requests).toEqual(EXPECTED_REQUESTS[s.name]);
    });
});
