/** Callers of the durability tests: dialling the main line and reading what Graph was asked to do. */
import { readFileSync } from 'node:fs';
import type { FlowDocument } from '../../engine/core/types.ts';
import type { CallLogEntry, EmulatorClient } from '../../engine/emulator/index.ts';
import { E2E_APP } from '../e2e-graph/stack-config.ts';
import { describeRequest, graphRequests } from '../e2e-graph/wire.ts';

export const MAIN_MENU = JSON.parse(readFileSync('flows/main-menu.flow.json', 'utf8')) as FlowDocument;
export const SALES = '+14255550101';
export const SUPPORT = '+14255550102';
export const OPERATOR = '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50';

const OPENING = ['answer', 'subscribeToTone', 'playPrompt welcome', 'playPrompt mainMenu'];

/** The Graph requests a main-line call makes for each way the caller behaves (barge-in cancels left out). */
export const MAIN_MENU_PATHS = {
  sales: [...OPENING, `transfer phone:${SALES}`],
  support: [...OPENING, `transfer phone:${SUPPORT}`],
  operator: [...OPENING, 'playPrompt connectOperator', `transfer user:${OPERATOR}`],
  silent: [...OPENING, 'playPrompt noInput1,mainMenu', 'playPrompt noInput2,mainMenu', 'playPrompt connectOperator', `transfer user:${OPERATOR}`],
};

/** People the main line transfers to: they take every transfer. */
export async function staffTheMainLine(people: EmulatorClient): Promise<void> {
  for (const key of [SALES, SUPPORT, OPERATOR]) await people.configurePerson(key, { answer: 'accept' });
}

export async function dialMainLine(people: EmulatorClient, from: string): Promise<string> {
  const call = await people.placeCall({ from: { phone: from }, appId: E2E_APP.appId, toPhone: '+14255550100' });
  return call.id;
}

type RequestEntry = Extract<CallLogEntry, { kind: 'request' }>;

/**
 * Waits until the engine has been told that the last `line` request finished playing: the
 * completion notification naming its clientContext was delivered and acknowledged.
 */
export async function waitUntilPlayed(people: EmulatorClient, callId: string, line: string): Promise<void> {
  await people.waitFor(`'${line}' played on ${callId}`, async () => {
    const log = await people.log(callId);
    const index = log.findLastIndex((entry) => entry.kind === 'request' && describeRequest(entry as RequestEntry, MAIN_MENU) === line);
    if (index < 0) return undefined;
    const context = String(((log[index] as RequestEntry).body as { clientContext?: string }).clientContext);
    const done = log
      .slice(index)
      .some(
        (entry) =>
          entry.kind === 'notification' &&
          entry.status === 202 &&
          JSON.stringify(entry.body).includes(context) &&
          JSON.stringify(entry.body).includes('"completed"'),
      );
    return done || undefined;
  });
}

/** A Graph request of the call as a path line, with when the emulator answered it (ms since the epoch). */
export interface TimedRequest {
  line: string;
  at: number;
}

/** The call's Graph requests without barge-in cancels, whose presence depends on key timing, with their times. */
export async function timedPathOf(people: EmulatorClient, callId: string): Promise<TimedRequest[]> {
  const log = await people.log(callId);
  const times = log.filter((entry) => entry.kind === 'request').map((entry) => Date.parse(entry.at));
  return graphRequests(log, MAIN_MENU)
    .map((line, index) => ({ line, at: times[index]! }))
    .filter(({ line }) => line !== 'cancelMediaProcessing');
}

/** The call's Graph requests without barge-in cancels, whose presence depends on key timing. */
export async function pathOf(people: EmulatorClient, callId: string): Promise<string[]> {
  return (await timedPathOf(people, callId)).map(({ line }) => line);
}
