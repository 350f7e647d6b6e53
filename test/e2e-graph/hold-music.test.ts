/**
 * Hold music over the wire (engine and emulator as separate processes): voicemail's slow-service
 * scenario, with the voicemail service's answer held back until the emulator has received the
 * second round of "one moment…", so the hold music has really played in rounds — each round
 * requested only once Graph reported the one before completed — when the answer arrives. The
 * answer stops the round playing (cancelMediaProcessing under that round's operation id) and the
 * flow goes on to its goodbye. The exact Graph requests of the call, in order, from the emulator's log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallLogEntry } from '../../engine/emulator/index.ts';
import { dialIn, warmUp } from './calls.ts';
import { galleryFlow, scenariosOf } from './gallery.ts';
import { startStack, type Stack } from './stack.ts';
import { ScenarioWalker } from './walker.ts';
import { graphRequests } from './wire.ts';

const flow = galleryFlow('voicemail');
const scenario = scenariosOf('voicemail').find((s) => s.name.startsWith('A slow voicemail service'))!;
type RequestEntry = Extract<CallLogEntry, { kind: 'request' }>;
type NotificationEntry = Extract<CallLogEntry, { kind: 'notification' }>;

let stack: Stack;
beforeAll(async () => {
  // Speed 4: a round of the 4 s prompt lasts about a second, long next to the few milliseconds
  // between the answer's release and the cancel, and two rounds fit the request's 5 s timeout.
  stack = await startStack({ speed: 4 });
  await warmUp(stack);
});
afterAll(() => stack?.stop());

describe('hold music against the emulator', () => {
  it('plays rounds while the voicemail service has not answered, and cancels the one playing when it does', async () => {
    let release!: () => void;
    const released = new Promise<void>((done) => (release = done));
    const call = await dialIn(stack, 'voicemail');
    stack.services.answer(call.flowCallId, [{ status: 201, body: { id: 'msg-1' }, heldUntil: released }]);
    const plays = async () =>
      (await stack.people.log(call.emulatorCallId)).filter(
        (e): e is RequestEntry => e.kind === 'request' && e.action === 'playPrompt' && graphRequests([e], flow)[0] === 'playPrompt savingMessage',
      );
    // The service's answer waits for the second round; the walker meanwhile waits for the goodbye.
    const second = stack.people.waitFor('the second round of hold music', async () => ((await plays()).length >= 2 ? true : undefined)).then(release);
    await Promise.all([new ScenarioWalker(stack, flow, scenario, call).run(), second]);
    await stack.people.waitForState(call.emulatorCallId, 'terminated');

    const log = await stack.people.log(call.emulatorCallId);
    expect(graphRequests(log, flow)).toEqual([
      'answer',
      'subscribeToTone',
      'recordResponse leaveMessage',
      'playPrompt yourMessage,<recording>',
      'playPrompt reviewMenu',
      'cancelMediaProcessing',
      'playPrompt savingMessage',
      'playPrompt savingMessage',
      'cancelMediaProcessing',
      'playPrompt messageSent',
      'delete',
    ]);
    const contexts = log
      .filter((e): e is RequestEntry => e.kind === 'request' && (e.action === 'playPrompt' || e.action === 'cancelMediaProcessing'))
      .map((e) => `${e.action} ${String((e.body as { clientContext?: unknown }).clientContext)}`)
      .slice(-4, -1);
    expect(contexts).toEqual(['playPrompt saveMessage#1.0.hold0', 'playPrompt saveMessage#1.0.hold1', 'cancelMediaProcessing saveMessage#1.0.hold1']);
    // The first round ended by itself (Graph's completion started the second); the second was cancelled.
    const about = (round: string) =>
      log
        .filter((e): e is NotificationEntry => e.kind === 'notification' && !e.duplicate)
        .map((e) => JSON.stringify(e.body))
        .filter((body) => body.includes(`"saveMessage#1.0.${round}"`));
    expect(about('hold0').some((body) => body.includes('"status":"completed"') && body.includes('"code":200'))).toBe(true);
    expect(about('hold1').some((body) => body.includes('"status":"failed"') && body.includes('"subcode":8508'))).toBe(true);

    const trace = await stack.api<{ entries: Array<{ kind: string; state?: string; port?: string }> }>('GET', `/api/calls/${call.flowCallId}/trace`);
    expect(trace.body.entries.filter((e) => e.kind === 'port' && e.state === 'saveMessage').map((e) => e.port)).toEqual(['next']);
  });
});
