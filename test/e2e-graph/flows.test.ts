/**
 * Every example flow driven over the wire: the engine and the emulator as separate processes, a
 * simulated person walking each scenario of flows/<id>.test.json that can happen on a real call,
 * and the exact Graph requests the engine made for it, in order, read from the emulator's log.
 *
 * Left out, and why: business-hours scenarios other than the emergency closure depend on the time
 * of day (the engine runs on the real clock); meeting-join's "meeting refuses the bot" needs an
 * emulator that refuses joins (it creates unknown meetings, a documented choice); outbound-reminder's
 * "does not pick up within 30 seconds" races the flow's 30 s ring timeout (real time, in the engine)
 * against the emulator's own ring timeout, which the speed factor makes 3 s.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../engine/core/types.ts';
import { dialIn, placeByApi } from './calls.ts';
import { EXPECTED_REQUESTS } from './expected-requests.ts';
import { startStack, type Stack } from './stack.ts';
import { ScenarioWalker, type Scenario, type WiredCall } from './walker.ts';
import { graphRequests } from './wire.ts';

const flow = (id: string) => JSON.parse(readFileSync(`flows/${id}.flow.json`, 'utf8')) as FlowDocument;
const scenarios = (id: string) => (JSON.parse(readFileSync(`flows/${id}.test.json`, 'utf8')) as { scenarios: Scenario[] }).scenarios;

/** People the flows transfer to, invite or call: they answer when the walker says so. */
const MANUAL_PEOPLE = ['+14255550101', '+14255550102', '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50', '+14255550110', '0d8e5b2a-6c1f-4a7e-b3d9-8f2c4e6a1b70', '3a9e6c2d-71b4-4f08-a5d2-c8e1f0b7a964', 'b7c41d9e-2f6a-4e35-9d80-5a1c3e7f2b48', '+14255550147', '+14255550148'];

let stack: Stack;
beforeAll(async () => {
  // Speed 10: prompts last long enough for a key pressed during one to find it playing under load.
  stack = await startStack({ speed: 10 });
  for (const key of MANUAL_PEOPLE) await stack.people.configurePerson(key, { answer: 'manual' });
  await stack.people.configurePerson('+14255550149', { answer: 'busy' });
  // One call first, so that the engine's first token and compilation are not paid inside the
  // sped-up 15 s answer window of the many calls that follow at once.
  const warmUp = await stack.people.placeCall({ from: { phone: '+14255550123' }, toPhone: '+14255550100' });
  await stack.people.waitForState(warmUp.id, 'established');
  await stack.people.hangUp(warmUp.id);
});
afterAll(() => stack?.stop());

async function start(flowId: string, scenario: Scenario): Promise<WiredCall> {
  if (flowId === 'outbound-reminder') {
    const call = await placeByApi(stack, flowId, { vars: scenario.call?.vars });
    stack.services.answer(call.flowCallId, (scenario.http ?? []).map(({ status, body, error }) => ({ status, body, error })));
    if (!(scenario as { answer?: string }).answer) await stack.people.decideRing((await stack.people.waitForRing({ callId: call.emulatorCallId })).id, 'accept');
    return call;
  }
  if (flowId === 'meeting-join') {
    const meeting = await stack.people.createMeeting({ subject: scenario.name });
    await stack.people.joinMeeting(meeting.id, { user: { id: 'organizer', displayName: 'Organizer' } });
    return placeByApi(stack, flowId, { vars: { ...scenario.call?.vars, joinUrl: meeting.joinUrl } });
  }
  const faults = (scenario as { fail?: Array<{ effect: string }> }).fail?.some((f) => f.effect === 'graph.transfer') ? { http: [{ status: 403, match: { action: 'transfer' } }] } : undefined;
  const call = await dialIn(stack, flowId, faults);
  stack.services.answer(call.flowCallId, (scenario.http ?? []).map(({ status, body, error }) => ({ status, body, error })));
  return call;
}

const FLOWS: Record<string, (s: Scenario) => boolean> = {
  'main-menu': () => true,
  'business-hours': (s) => s.call?.vars?.emergencyClosed === true,
  voicemail: () => true,
  survey: () => true,
  'outbound-reminder': (s) => (s as { answer?: string }).answer !== 'noAnswer',
  'meeting-join': (s) => (s as { answer?: string }).answer === undefined,
};

for (const [flowId, include] of Object.entries(FLOWS)) {
  describe.concurrent(flowId, () => {
    for (const [index, scenario] of scenarios(flowId).filter(include).entries()) {
      it(scenario.name, async () => {
        // Callers of one flow dial 100 ms apart rather than in the same millisecond.
        await new Promise((wait) => setTimeout(wait, index * 100));
        const call = await start(flowId, scenario);
        await new ScenarioWalker(stack, flow(flowId), scenario, call).run().catch(async (error: Error) => {
          const requests = graphRequests(await stack.people.log(call.emulatorCallId), flow(flowId));
          throw new Error(`${error.message}\nGraph requests so far: ${JSON.stringify(requests)}`);
        });
        await stack.people.waitForState(call.emulatorCallId, 'terminated');
        const requests = graphRequests(await stack.people.log(call.emulatorCallId), flow(flowId));
        expect(requests).toEqual(EXPECTED_REQUESTS[scenario.name]);
      });
    }
  });
}
