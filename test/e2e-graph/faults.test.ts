/**
 * Graph misbehaving, injected by the emulator, with the engine and emulator as separate processes:
 * throttling and unavailability are retried (honouring Retry-After) and the call goes on;
 * duplicated and reordered notifications neither replay a prompt nor skip a state; fifty calls at
 * once, some of them faulted, each end as they should without disturbing the others.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../engine/core/types.ts';
import type { FaultRules } from '../../engine/emulator/index.ts';
import { dialIn } from './calls.ts';
import { EXPECTED_REQUESTS } from './expected-requests.ts';
import { startStack, type Stack } from './stack.ts';
import { ScenarioWalker, type Scenario } from './walker.ts';
import { graphRequests } from './wire.ts';

const flow = (id: string) => JSON.parse(readFileSync(`flows/${id}.flow.json`, 'utf8')) as FlowDocument;
const scenario = (id: string, name: string) =>
  (JSON.parse(readFileSync(`flows/${id}.test.json`, 'utf8')) as { scenarios: Scenario[] }).scenarios.find((s) => s.name === name)!;

const SALES = 'A caller who presses 1 during the menu is transferred to sales.';
const SURVEY = 'A caller who answers 5, 4 and yes has the complete results posted and is thanked.';

let stack: Stack;
beforeAll(async () => {
  // Speed 3: the 15 s answer window is 5 s, room for a throttled answer and for fifty calls at once
  // on a busy machine.
  stack = await startStack({ speed: 3 });
  await stack.people.configurePerson('+14255550101', { answer: 'manual' });
  const warmUp = await stack.people.placeCall({ from: { phone: '+14255550123' }, toPhone: '+14255550100' });
  await stack.people.waitForState(warmUp.id, 'established');
  await stack.people.hangUp(warmUp.id);
});
afterAll(() => stack?.stop());

/**
 * The scenario with every key pressed in the silence after the prompt: whether a key pressed during
 * a prompt still finds it playing depends on timing under faults and load, and then so would the
 * barge-in (`cancelMediaProcessing`); what these tests are about may not.
 */
function inSilence(flowId: string, name: string): Scenario {
  const s = scenario(flowId, name);
  return { ...s, steps: s.steps.flatMap((step) => (step.press ? [{ wait: '1s' }, step] : [step])) };
}
const withoutBargeIn = (name: string) => EXPECTED_REQUESTS[name].filter((line) => line !== 'cancelMediaProcessing');

/** Walks a scenario on a call with `faults` and returns the Graph requests the engine made. */
async function walk(flowId: string, name: string | Scenario, faults?: FaultRules): Promise<{ requests: string[]; emulatorCallId: string }> {
  const s = typeof name === 'string' ? scenario(flowId, name) : name;
  const call = await dialIn(stack, flowId, faults);
  stack.services.answer(
    call.flowCallId,
    (s.http ?? []).map(({ status, body, error }) => ({ status, body, error })),
  );
  await new ScenarioWalker(stack, flow(flowId), s, call).run().catch(async (error: Error) => {
    const log = await stack.people.log(call.emulatorCallId);
    const story = log.map((e) =>
      e.kind === 'request'
        ? `${e.action} ${e.status}`
        : e.kind === 'notification'
          ? `notify ${e.changeType} ${e.status ?? e.error}`
          : e.kind === 'state'
            ? `state ${e.to}`
            : `${e.kind}`,
    );
    throw new Error(`${error.message}\nGraph requests so far: ${JSON.stringify(graphRequests(log, flow(flowId)))}\n${story.join(' | ')}`);
  });
  await stack.people.waitForState(call.emulatorCallId, 'terminated');
  return { requests: graphRequests(await stack.people.log(call.emulatorCallId), flow(flowId)), emulatorCallId: call.emulatorCallId };
}

describe.concurrent('Graph faults over the wire', () => {
  it('retries a 429 (after its Retry-After) and a 503 on answer and on playPrompt, and the call completes', async () => {
    const faults: FaultRules = {
      http: [
        { status: 429, retryAfterSeconds: 0.3, match: { action: 'answer' } },
        { status: 503, match: { action: 'answer' } },
        { status: 429, retryAfterSeconds: 0.5, match: { action: 'playPrompt' } },
        { status: 503, match: { action: 'playPrompt' } },
      ],
    };
    const { requests, emulatorCallId } = await walk('main-menu', inSilence('main-menu', SALES), faults);
    const expected = withoutBargeIn(SALES);
    expected.splice(0, 1, 'answer 429', 'answer 503', 'answer');
    expected.splice(4, 1, 'playPrompt welcome 429', 'playPrompt welcome 503', 'playPrompt welcome');
    expect(requests).toEqual(expected);
    const times = (await stack.people.requests(emulatorCallId)).map((r) => ({ line: `${r.action} ${r.status}`, at: Date.parse(r.at) }));
    const after = (line: string) => times[times.findIndex((t) => t.line === line) + 1].at - times.find((t) => t.line === line)!.at;
    expect(after('answer 429')).toBeGreaterThanOrEqual(300);
    expect(after('playPrompt 429')).toBeGreaterThanOrEqual(500);
  });

  it('plays every prompt once and skips no question when each notification arrives twice', async () => {
    expect((await walk('survey', inSilence('survey', SURVEY), { notifications: { duplicate: true } })).requests).toEqual(withoutBargeIn(SURVEY));
  });

  it('plays every prompt once and skips no question when notifications arrive in swapped pairs', async () => {
    const { requests } = await walk('survey', inSilence('survey', SURVEY), { notifications: { reorder: true } });
    // A swapped pair can hand the engine a key before the completion of the prompt it followed:
    // the engine then cuts that prompt short (cancelMediaProcessing right after it), harmlessly.
    // Every prompt and question must still come exactly once, in order.
    expect(requests.filter((line) => line !== 'cancelMediaProcessing')).toEqual(withoutBargeIn(SURVEY));
    requests.forEach((line, i) => {
      if (line === 'cancelMediaProcessing') expect(requests[i - 1]).toMatch(/^playPrompt /);
    });
  });

  it('ends fifty concurrent calls correctly and independently, a few of them with faults', async () => {
    const faulty = (i: number): FaultRules | undefined =>
      i % 10 === 3
        ? { http: [{ status: 503, match: { action: 'playPrompt' } }] }
        : i % 10 === 7
          ? { http: [{ status: 429, retryAfterSeconds: 0.2, match: { action: 'transfer' } }], notifications: { duplicate: true } }
          : undefined;
    // Callers dial 40 ms apart (not all in the same millisecond, as no real callers do); each call
    // lasts seconds, so all fifty are up together.
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        new Promise((wait) => setTimeout(wait, i * 40)).then(() => walk('main-menu', inSilence('main-menu', SALES), faulty(i))).then((r) => r.requests),
      ),
    );
    results.forEach((requests, i) => {
      const expected = withoutBargeIn(SALES);
      if (i % 10 === 3) expected.splice(2, 1, 'playPrompt welcome 503', 'playPrompt welcome');
      if (i % 10 === 7) expected.splice(4, 1, 'transfer phone:+14255550101 429', 'transfer phone:+14255550101');
      expect({ call: i, requests }).toEqual({ call: i, requests: expected });
    });
  });
});
