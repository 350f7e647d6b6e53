/**
 * A burst of acknowledged notifications, and SIGKILL in the middle of it: every notification the
 * engine acknowledged was stored first, so after a restart each one is applied — 500 tones over 50
 * calls, each call's ten keys counted in its trace and its ending sent to Graph. The engine keeps
 * up with a burst, so a kill at a random instant often finds nothing left to recover: from half
 * the burst on, at each tone's 202 the engine is frozen and its SQLite inbox read, and it is killed
 * at the first instant it holds acknowledged tones not applied yet (otherwise it runs on). The
 * restarted engine must apply each of those, once. Tones sent while no engine runs wait at the
 * balancer for the restarted one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDurableStack, type DurableStack } from './durable-stack.ts';

/** A flow that takes exactly ten keys, then says goodbye: every tone notification counts. */
const KEYS_FLOW = {
  id: 'ten-keys',
  version: 1,
  name: 'Ten keys',
  start: 'answer',
  prompts: {
    ask: { 'en-US': { file: 'prompts/en-US/main-menu.wav', text: 'Enter ten digits.' } },
    bye: { 'en-US': { file: 'prompts/en-US/goodbye.wav', text: 'Goodbye.' } },
  },
  settings: { locale: 'en-US' },
  states: {
    answer: { type: 'answer', next: 'keys' },
    keys: {
      type: 'gather',
      prompts: ['ask'],
      minDigits: 10,
      maxDigits: 10,
      finishOnKey: '',
      firstDigitTimeoutSeconds: 60,
      interDigitTimeoutSeconds: 30,
      maxAttempts: 1,
      next: 'bye',
      noInput: 'hangup',
      invalid: 'hangup',
    },
    bye: { type: 'play', prompts: ['bye'], next: 'hangup' },
    hangup: { type: 'hangup' },
  },
};
const KEYS_NUMBER = '+14255550177';
const CALLS = 50;
const TONES = CALLS * 10;
/** From this acknowledged tone on, the engine may be killed: all callers are still pressing. */
const KILL_FROM_TONE = TONES / 2;

type Trace = { entries: Array<{ at: number; kind: string; action?: string; effects?: string[]; event?: { type?: string; digit?: string } }> };

/** `<call id> <digit>` of a tone notification (the emulator's `toneN` for key N), else undefined. */
function toneOf(notification: unknown): string | undefined {
  const { resourceUrl, resourceData } = notification as { resourceUrl?: string; resourceData?: { toneInfo?: { tone?: string } } };
  const digit = /^tone([0-9])$/.exec(resourceData?.toneInfo?.tone ?? '')?.[1];
  const callId = /\/calls\/([^/]+)$/.exec(resourceUrl ?? '')?.[1];
  return digit && callId ? `${callId} ${digit}` : undefined;
}

/** The tones stored in the engine's SQLite inbox and not applied yet; read while the engine is frozen or dead. */
function tonesInInbox(store: string): { entries: number; tones: string[] } {
  expect(store).toMatch(/^sqlite:/);
  const db = new Database(store.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT body FROM inbox').all() as Array<{ body: string }>;
    const items = rows.map((row) => JSON.parse(row.body) as { kind: string; notification?: unknown });
    const tones = items.flatMap((item) => (item.kind === 'notification' && toneOf(item.notification)) || []);
    return { entries: rows.length, tones };
  } finally {
    db.close();
  }
}

let stack: DurableStack;
beforeAll(async () => {
  // Speed 5: the emulator's 15 s answer window is 3 s, enough for 50 calls offered at once.
  stack = await startDurableStack({ engines: 0, speed: 5 });
  writeFileSync(join(stack.flowsDir, 'ten-keys.flow.json'), JSON.stringify(KEYS_FLOW, null, 2));
  const routes = JSON.parse(readFileSync(join(stack.flowsDir, 'routes.json'), 'utf8')) as { routes: unknown[] };
  routes.routes.unshift({ called: { phone: KEYS_NUMBER }, flow: 'ten-keys' });
  writeFileSync(join(stack.flowsDir, 'routes.json'), JSON.stringify(routes, null, 2));
  await stack.addEngines(1);
  // A first call pays for the engine's first token, key download and compilation.
  const first = await stack.people.placeCall({ from: { phone: '+14255550123' }, appId: stack.appId, toPhone: KEYS_NUMBER });
  await stack.people.waitForState(first.id, 'established');
  await stack.people.hangUp(first.id);
}, 120_000);
afterAll(() => stack?.stop());

it('applies every acknowledged notification still in the inbox when the engine dies in the middle of a burst', async () => {
  const [engine] = stack.engines;
  // The callers come in ten at a time (the burst is their keys, not their calls): fifty calls offered
  // at once could outlast the emulator's 3 s answer window on a busy machine.
  const calls: string[] = [];
  for (let wave = 0; wave < CALLS / 10; wave++) {
    const placed = await Promise.all(
      Array.from({ length: 10 }, () =>
        stack.people.placeCall({ from: { phone: '+14255550123' }, appId: stack.appId, toPhone: KEYS_NUMBER }).then((call) => call.id),
      ),
    );
    calls.push(...placed);
    for (const id of placed) {
      await stack.people
        .waitFor(`${id} asked for keys`, async () => (await stack.people.requests(id, 'playPrompt')).length > 0 || undefined)
        .catch(async (error: Error) => {
          const log = (await stack.people.log(id)).map((entry) => [
            entry.kind,
            (entry as { action?: string }).action,
            (entry as { status?: number }).status,
            (entry as { reason?: string }).reason,
            entry.at,
          ]);
          throw new Error(`${error.message}\n${JSON.stringify(log)}\n${engine!.output().slice(-3000)}`);
        });
    }
  }
  // 500 tone notifications: ten keys from each of 50 callers at once.
  stack.balancer.waitForEngineMs = 60_000;
  const acknowledged = new Set<string>();
  let checking = false;
  let checks = 0;
  const killed = new Promise<{ entries: number; waiting: string[]; acknowledgedBeforeKill: Set<string> }>((resolve, reject) => {
    // Frozen, the engine can neither apply nor acknowledge: what its store holds is what a crash at
    // this instant leaves. Tones stored, acknowledged (so never sent again) and not applied can only
    // be applied by the restarted engine's recovery of the inbox.
    const check = async () => {
      checks++;
      await engine!.pause();
      const acknowledgedBeforeKill = new Set(acknowledged);
      const inbox = tonesInInbox(stack.store);
      const waiting = inbox.tones.filter((tone) => acknowledgedBeforeKill.has(tone));
      if (waiting.length > 0) {
        await engine!.kill();
        return resolve({ entries: inbox.entries, waiting, acknowledgedBeforeKill });
      }
      engine!.resume();
      checking = false;
      if (acknowledged.size === TONES) reject(new Error(`the engine never held an acknowledged tone it had not applied (${checks} checks)`));
    };
    stack.balancer.onAnswer = (body, status) => {
      if (status !== 202 || !body.includes('toneInfo')) return;
      const tone = toneOf((JSON.parse(body.toString('utf8')) as { value: unknown[] }).value[0]);
      if (tone) acknowledged.add(tone);
      if (acknowledged.size < KILL_FROM_TONE || checking) return;
      checking = true;
      check().catch(reject);
    };
  });
  const pressed = Promise.all(calls.map((id) => stack.people.pressKeys(id, '0123456789', 0)));
  const { entries, waiting, acknowledgedBeforeKill } = await killed;
  stack.balancer.onAnswer = undefined;
  expect(waiting.length).toBeGreaterThan(0);
  const endedBeforeKill = (await Promise.all(calls.map(async (id) => (await stack.people.requests(id, 'delete')).length > 0))).filter(Boolean).length;
  expect(endedBeforeKill).toBeLessThan(CALLS);
  const restartedAt = Date.now();
  await engine!.start();
  await pressed;

  await Promise.all(calls.map((id) => stack.people.waitForState(id, 'terminated'))).catch(async (error: Error) => {
    const stuck: string[] = [];
    for (const id of calls) if ((await stack.people.call(id)).state !== 'terminated') stuck.push(id);
    const state = await stack.api(engine!, 'GET', `/api/calls/${stuck[0]}/state`);
    const trace = await stack.api(engine!, 'GET', `/api/calls/${stuck[0]}/trace`);
    throw new Error(`${error.message}: ${stuck.length} stuck\n${JSON.stringify(state.body)}\n${JSON.stringify(trace.body).slice(-6000)}`);
  });
  let resent = 0;
  let resumedHangups = 0;
  const appliedAfterRestart: string[] = [];
  for (const id of calls) {
    // Nothing is left in the call's inbox once it has ended.
    await stack.people.waitFor(`${id} to hold nothing`, async () => {
      const state = await stack.api<{ phase: string; inbox: number }>(engine!, 'GET', `/api/calls/${id}/state`);
      return (state.body.phase === 'ended' && state.body.inbox === 0) || undefined;
    });
    const trace = await stack.api<Trace>(engine!, 'GET', `/api/calls/${id}/trace`);
    const tones = trace.body.entries.filter((entry) => entry.kind === 'event' && entry.event?.type === 'tone');
    // Each key once, in the order pressed: none lost, none applied twice.
    expect(tones.map((entry) => entry.event?.digit).join('')).toBe('0123456789');
    appliedAfterRestart.push(...tones.filter((entry) => entry.at >= restartedAt).map((entry) => `${id} ${entry.event?.digit}`));
    // Barge-in cancels depend on key timing; `operation` is the restarted engine asking how a prompt
    // sent before it started ended (a read, not an action).
    const requests = (await stack.people.requests(id))
      .map((request) => request.action)
      .filter((action) => action !== 'cancelMediaProcessing' && action !== 'operation');
    // A goodbye whose request was in flight at the kill is parked, then sent again only when Graph
    // never said it was played: either the first request was lost (one goodbye in all) or it was
    // played and Graph's word went to the dead engine (two) — never without the engine tracing it.
    const again = trace.body.entries.filter((entry) => entry.action === 'inDoubtResent').length;
    resent += again;
    const prompts = requests.filter((action) => action === 'playPrompt').length;
    expect(prompts).toBeGreaterThanOrEqual(2);
    expect(prompts).toBeLessThanOrEqual(2 + again);
    // A hang-up in flight at the kill is sent again at once (at least once; Graph answers the second
    // with 404), and only when the restarted engine traced that it resumed it.
    const hangupResumed = trace.body.entries.some((entry) => entry.action === 'resumed' && entry.effects?.includes('graph.hangup'));
    const ending = hangupResumed && requests.at(-2) === 'delete' ? ['delete', 'delete'] : ['delete'];
    resumedHangups += ending.length - 1;
    expect(requests).toEqual(['answer', 'subscribeToTone', ...Array(prompts).fill('playPrompt'), ...ending]);
  }
  // Every tone waiting in the inbox at the kill was applied by the restarted engine.
  expect(waiting.filter((tone) => !appliedAfterRestart.includes(tone))).toEqual([]);
  // A resend is the exception (a request in flight at the very moment of the kill), not the rule.
  expect(resent).toBeLessThan(CALLS / 2);
  console.info(
    `burst: killed at check ${checks} with ${acknowledgedBeforeKill.size} tones acknowledged, ${entries} inbox entries of which ${waiting.length} acknowledged tones; ${appliedAfterRestart.length} tones applied after the restart; ${resent} goodbye(s) in doubt sent again, ${resumedHangups} hang-up(s) sent twice`,
  );
}, 150_000);
