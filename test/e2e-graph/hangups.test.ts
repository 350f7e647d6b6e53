/**
 * A caller who hangs up at an awkward moment — mid-prompt, mid-recording, mid-transfer — leaves
 * nothing behind in the engine: no timer, no unsettled Graph operation, no queued event or effect
 * (the per-call queue is the call's lock). Read from the engine process through the admin-only
 * `GET /api/calls/:id/state`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialIn, warmUp } from './calls.ts';
import { startStack, type Stack } from './stack.ts';

interface HeldState {
  phase: string;
  leg: string;
  timers: unknown[];
  pending: unknown[];
  eventsQueued: boolean;
  effectsQueued: boolean;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ speed: 10 });
  await stack.people.configurePerson('+14255550101', { answer: 'manual' });
  // As in the other files: the engine's first token and compilation are paid before the three calls
  // start at once, not inside their sped-up answer window (at speed 10, on a busy machine, they missed it).
  await warmUp(stack);
});
afterAll(() => stack?.stop());

/** Hangs up, waits until the engine has ended the call and finished its work, and returns what it still holds. */
async function hangUpAndInspect(callId: string): Promise<HeldState> {
  const before = (await stack.api<HeldState>('GET', `/api/calls/${callId}/state`)).body;
  await stack.people.hangUp(callId);
  await stack.people.waitForState(callId, 'terminated');
  const after = await stack.people.waitFor(`the engine to finish ${callId}`, async () => {
    const state = (await stack.api<HeldState>('GET', `/api/calls/${callId}/state`)).body;
    return state.phase === 'ended' && !state.eventsQueued && !state.effectsQueued ? state : undefined;
  });
  // What was held while the call was up, so that "nothing after" means something was released.
  expect(before.phase).toBe('running');
  return after;
}

describe.concurrent('a caller who hangs up', () => {
  it('mid-prompt releases keepAlive and the playing prompt', async () => {
    const call = await dialIn(stack, 'main-menu');
    await stack.people.waitFor(
      'the menu prompt playing',
      async () =>
        (await stack.people.log(call.emulatorCallId)).some(
          (e) => e.kind === 'event' && e.event === 'promptPlaying' && JSON.stringify(e.detail).includes('main-menu.wav'),
        ) || undefined,
    );
    const held = (await stack.api<HeldState>('GET', `/api/calls/${call.flowCallId}/state`)).body;
    expect(held.pending.length + held.timers.length).toBeGreaterThan(0);
    expect(await hangUpAndInspect(call.flowCallId)).toMatchObject({
      phase: 'ended',
      leg: 'gone',
      timers: [],
      pending: [],
      eventsQueued: false,
      effectsQueued: false,
    });
  });

  it('mid-record releases the recording operation and its timers', async () => {
    const call = await dialIn(stack, 'voicemail');
    await stack.people.waitForRecording(call.emulatorCallId);
    const held = (await stack.api<HeldState>('GET', `/api/calls/${call.flowCallId}/state`)).body;
    expect(held.pending).toEqual([expect.objectContaining({ kind: 'recordResponse' })]);
    expect(await hangUpAndInspect(call.flowCallId)).toMatchObject({
      phase: 'ended',
      leg: 'gone',
      timers: [],
      pending: [],
      eventsQueued: false,
      effectsQueued: false,
    });
  });

  it('mid-transfer, while the target rings, releases the transfer', async () => {
    const call = await dialIn(stack, 'main-menu');
    await stack.people.waitFor(
      'the menu prompt playing',
      async () =>
        (await stack.people.log(call.emulatorCallId)).some(
          (e) => e.kind === 'event' && e.event === 'promptPlaying' && JSON.stringify(e.detail).includes('main-menu.wav'),
        ) || undefined,
    );
    await stack.people.pressKeys(call.emulatorCallId, '1');
    await stack.people.waitForRing({ callId: call.emulatorCallId, purpose: 'transfer' });
    expect(await hangUpAndInspect(call.flowCallId)).toMatchObject({
      phase: 'ended',
      leg: 'gone',
      timers: [],
      pending: [],
      eventsQueued: false,
      effectsQueued: false,
    });
    expect((await stack.people.rings({ callId: call.emulatorCallId, ringing: true })).length).toBe(0);
  });
});
