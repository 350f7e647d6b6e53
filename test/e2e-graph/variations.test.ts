/**
 * Where Microsoft's sources disagree, the emulator draws a behaviour per call (engine/emulator/
 * variations.ts), and the other e2e-graph tests meet whatever was drawn. Here each behaviour is
 * fixed on purpose, so every one of them is met in every run: scenarios of the main line and the
 * voicemail walked call by call under each, with the exact Graph requests of their scenario.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../engine/core/types.ts';
import type { VariationSettings } from '../../engine/emulator/index.ts';
import { dialIn, warmUp } from './calls.ts';
import { EXPECTED_REQUESTS } from './expected-requests.ts';
import { startStack, type Stack } from './stack.ts';
import { ScenarioWalker, type Scenario } from './walker.ts';
import { graphRequests } from './wire.ts';

const flow = (id: string) => JSON.parse(readFileSync(`flows/${id}.flow.json`, 'utf8')) as FlowDocument;
const scenario = (id: string, name: string) => {
  const found = (JSON.parse(readFileSync(`flows/${id}.test.json`, 'utf8')) as { scenarios: Scenario[] }).scenarios.find((s) => s.name.startsWith(name));
  if (!found) throw new Error(`no scenario of ${id} starts with '${name}'`);
  return found;
};

const SALES = scenario('main-menu', 'A caller who presses 1 during the menu');
const REFUSED = scenario('main-menu', 'When sales does not take the call');
const SILENT = scenario('main-menu', 'A silent caller hears two escalating reprompts');
const NO_MESSAGE = scenario('voicemail', 'A caller who says nothing after the tone');

/** Each scenario with the behaviours it is walked under. */
const WALKS: Array<[flowId: string, scenario: Scenario, variations: Partial<VariationSettings>]> = [
  ...(['documented', 'inactiveFirst', 'acceptedMissing', 'statesMissing'] as const).map(
    (transferProgress) => ['main-menu', SALES, { transferProgress }] as [string, Scenario, Partial<VariationSettings>],
  ),
  ...(['single', 'twoStep'] as const).map((transferFailure) => ['main-menu', REFUSED, { transferFailure }] as [string, Scenario, Partial<VariationSettings>]),
  ['main-menu', SILENT, { mediaState: 'laterUpdate', establishedRepeats: 'repeated', notificationBatches: 'batched' }],
  ['main-menu', SILENT, { mediaState: 'withEstablished', establishedRepeats: 'once', notificationBatches: 'single' }],
  ['voicemail', NO_MESSAGE, { mediaState: 'laterUpdate', notificationBatches: 'batched' }],
  ['voicemail', NO_MESSAGE, { mediaState: 'withEstablished', notificationBatches: 'single' }],
];

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ speed: 5 });
  for (const key of ['+14255550101', '+14255550102', '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50']) await stack.people.configurePerson(key, { answer: 'manual' });
  await warmUp(stack);
});
afterAll(() => stack?.stop());

describe.concurrent('behaviours the sources disagree on, each met on purpose', () => {
  for (const [index, [flowId, walked, variations]] of WALKS.entries()) {
    it(`${walked.name} — ${JSON.stringify(variations)}`, async () => {
      await new Promise((wait) => setTimeout(wait, index * 150));
      const call = await dialIn(stack, flowId, undefined, walked.call?.vars, variations);
      stack.services.answer(
        call.flowCallId,
        (walked.http ?? []).map(({ status, body, error }) => ({ status, body, error })),
      );
      await new ScenarioWalker(stack, flow(flowId), walked, call).run();
      await stack.people.waitForState(call.emulatorCallId, 'terminated');
      const log = await stack.people.log(call.emulatorCallId);
      expect(graphRequests(log, flow(flowId))).toEqual(EXPECTED_REQUESTS[walked.name]);
      expect(log.filter((e) => e.kind === 'event' && e.event === 'mediaBeforeAudio')).toEqual([]);
      if (variations.notificationBatches === 'batched') expect(log.some((e) => e.kind === 'notification' && (e as { batch?: number }).batch)).toBe(true);
    });
  }
});
