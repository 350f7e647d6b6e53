/** Callers of the durability tests: dialling the main line and reading what Graph was asked to do. */
import { readFileSync } from 'node:fs';
import type { FlowDocument } from '../../engine/core/types.ts';
import type { CallLogEntry, EmulatorClient } from '../../engine/emulator/index.ts';
import { E2E_APP } from '../e2e-graph/stack-config.ts';
import { describeRequest, graphRequests } from '../e2e-graph/wire.ts';
import type { DurableStack } from './durable-stack.ts';

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

/** The ways a main-line caller behaves, with the key that makes the choice (none: the caller stays silent). */
export const MAIN_MENU_CHOICES = [
  { path: 'sales', key: '1' },
  { path: 'support', key: '2' },
  { path: 'operator', key: '0' },
  { path: 'silent', key: '' },
] as const;

export interface MainLineCaller {
  index: number;
  choice: (typeof MAIN_MENU_CHOICES)[number];
  /** How long after the menu prompt started the caller presses the key. */
  pressAfterMs: number;
}

/**
 * `count` callers drawn up front in caller order from `random`, so a seed fixes every choice
 * whatever order the calls progress in. Some press during the menu prompt, some after it.
 */
export function drawMainLineCallers(count: number, random: () => number, pressWithinMs: number): MainLineCaller[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    choice: MAIN_MENU_CHOICES[Math.floor(random() * MAIN_MENU_CHOICES.length)]!,
    pressAfterMs: random() * pressWithinMs,
  }));
}

export interface MainLineDialling {
  people: EmulatorClient;
  /** Caller i dials at i × spacingMs. */
  spacingMs: number;
  /** The callers' numbers: this prefix, then 1000 + the caller's index. */
  numberPrefix: string;
  /** Whose emulator log and engines are read when a call's menu never comes. */
  stack: DurableStack;
  seed: number;
}

/** Every caller dials the main line in turn and, once the menu plays, presses their key; resolves with the Graph call ids. */
export function dialMainLineCallers(callers: MainLineCaller[], how: MainLineDialling): Promise<Array<MainLineCaller & { id: string }>> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return Promise.all(
    callers.map(async (caller) => {
      await sleep(caller.index * how.spacingMs);
      const id = await dialMainLine(how.people, `${how.numberPrefix}${String(1000 + caller.index)}`);
      if (caller.choice.key) {
        await how.people
          .waitFor(`the menu on ${id}`, async () => (await pathOf(how.people, id)).includes('playPrompt mainMenu') || undefined)
          .catch(async (error: Error) => {
            throw new Error(`seed ${how.seed}: ${error.message}:\n${await whatWasKnownOf(how.stack, id)}`);
          });
        await sleep(caller.pressAfterMs);
        await how.people.pressKeys(id, caller.choice.key);
      }
      return { id, ...caller };
    }),
  );
}

/** For a failure message: the emulator's log of the call, and each live engine's held state and trace of it. */
async function whatWasKnownOf(stack: DurableStack, callId: string): Promise<string> {
  const log = (await stack.people.log(callId)).map((entry) => {
    const { kind, at, status, attempt, error, changeType, event, action, reason } = entry as unknown as Record<string, unknown>;
    return [at, kind, action ?? changeType ?? event, reason, status, attempt, error].filter((part) => part !== undefined).join(' ');
  });
  const engines = await Promise.all(
    stack.engines
      .filter((engine) => engine.alive())
      .map(async (engine) => {
        const state = await stack.api(engine, 'GET', `/api/calls/${callId}/state`).catch((error: Error) => ({ body: error.message }));
        const trace = await stack.api<{ entries?: unknown[] }>(engine, 'GET', `/api/calls/${callId}/trace`).catch(() => undefined);
        const steps = (trace?.body.entries ?? []).map((step) => JSON.stringify(step).slice(0, 300));
        return [`engine on ${engine.port}: ${JSON.stringify(state.body)}`, ...steps].join('\n');
      }),
  );
  return [...log, ...engines].join('\n');
}
