/**
 * incident-bot (Microsoft's IncidentBot sample as a flow) over the wire, engine and emulator as
 * separate processes: the bot joins the incident meeting (its main call), calls the responder on a
 * call leg of its own, the responder presses 1 and is invited into the meeting with
 * `replacesCallId` naming their call, which Graph then drops; the bot keeps the meeting call alive
 * (keepAlive, every half minute here: CALLFLOW_KEEPALIVE_MINUTES=0.5) and the roster it is told of tracks
 * the responder; someone presses 9 and the bot leaves. The exact Graph requests of both calls, each
 * in order, from the emulator's logs.
 *
 * The flow has two calls, so the common walk (flows.test.ts, which follows one) leaves it to this
 * test (gallery.ts WALKED_APART).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeByApi, warmUp } from './calls.ts';
import { galleryFlow, scenariosOf } from './gallery.ts';
import { startStack, type Stack } from './stack.ts';
import { graphRequests } from './wire.ts';

const flow = galleryFlow('incident-bot');
const RESPONDER = String(flow.variables!.responderId.default);
const SCENARIO = scenariosOf('incident-bot')[0];
/** Graph ends a call that gets no keepAlive for 45 minutes; the engine sends one every CALLFLOW_KEEPALIVE_MINUTES. */
const KEEPALIVE_MS = 30_000;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ speed: 5, env: { CALLFLOW_KEEPALIVE_MINUTES: '0.5' } });
  await stack.people.configurePerson(RESPONDER, { answer: 'manual' });
  await warmUp(stack);
});
afterAll(() => stack?.stop());

/** Polls until `probe` returns something, for up to `ms` (longer than the client's own waits). */
async function within<T>(ms: number, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 200));
  }
}

describe('incident-bot over the wire', () => {
  it(`walks "${SCENARIO.name}" with both calls' exact Graph requests`, { timeout: 180_000 }, async () => {
    // 1. The bot joins the incident meeting, where the incident's organizer already is.
    const meeting = await stack.people.createMeeting({ subject: 'Incident 4711' });
    await stack.people.joinMeeting(meeting.id, { user: { id: 'organizer', displayName: 'Organizer' } });
    const call = await placeByApi(stack, 'incident-bot', { vars: { joinUrl: meeting.joinUrl } });
    await stack.people.waitForState(call.emulatorCallId, 'established');

    // 2. It calls the responder: a second call of the same run, ringing the responder one to one.
    const ring = await stack.people.waitFor('the responder ringing', async () =>
      (await stack.people.rings({ ringing: true })).find((r) => r.person === RESPONDER && r.callId !== call.emulatorCallId),
    );
    const legId = ring.callId;
    await stack.people.decideRing(ring.id, 'accept');

    // 3. The responder hears the question on their own call and presses 1: invited into the meeting, replacing their call.
    await stack.people.waitForLog(legId, 'the question to the responder', (e) => e.kind === 'request' && e.action === 'playPrompt');
    await stack.people.waitFor('the question to have been asked', async () => {
      const { media } = await stack.people.call(legId);
      return media.current === null && media.queued.length === 0;
    });
    await stack.people.pressKeys(legId, '1');
    await stack.people.waitForState(legId, 'terminated');
    const invite = (await stack.people.requests(call.emulatorCallId, 'invite'))[0] as { body: { participants: Array<Record<string, unknown>> } };
    expect(invite.body.participants).toHaveLength(1);
    expect(invite.body.participants[0]).toMatchObject({ identity: { user: { id: RESPONDER } }, replacesCallId: legId });
    const roster = await stack.people.waitFor('the responder in the meeting', async () => {
      const { participants } = await stack.people.meeting(meeting.id);
      return participants.find((p) => p.person === RESPONDER) ? participants : undefined;
    });

    // The run's state: Graph's id of each call, and the responder's leg gone once the engine has heard Graph drop it.
    type RunState = { graphCallId: string; legs?: Record<string, { graphCallId?: string; state: string }> };
    const state = await stack.people.waitFor('the engine to note the responder’s leg gone', async () => {
      const { body } = await stack.api<RunState>('GET', `/api/calls/${call.flowCallId}/state`);
      return body.legs?.responder?.state === 'gone' ? body : undefined;
    });
    expect(state.graphCallId).toBe(call.emulatorCallId);
    expect(state.legs?.responder).toEqual({ graphCallId: legId, state: 'gone' });

    // 4. The bot holds the bridge: keepAlive on the meeting call, and the roster it is told of has the responder.
    await within(KEEPALIVE_MS + 30_000, 'a keepAlive on the meeting call', async () => (await stack.people.requests(call.emulatorCallId, 'keepAlive'))[0]);
    const responderId = roster.find((p) => p.person === RESPONDER)!.id;
    const trace = await stack.api<{ entries: Array<{ kind: string; event?: { type: string; joined?: string[]; leg?: string } }> }>(
      'GET',
      `/api/calls/${call.flowCallId}/trace`,
    );
    const joined = trace.body.entries.filter((e) => e.kind === 'event' && e.event?.type === 'participants.updated').flatMap((e) => e.event!.joined ?? []);
    expect(joined).toContain(responderId);
    // The responder's keys reached the flow as their leg's, never as the meeting's.
    const tones = trace.body.entries.filter((e) => e.kind === 'event' && /tone$/.test(e.event?.type ?? '')).map((e) => [e.event!.type, e.event!.leg]);
    expect(tones).toEqual([['leg.tone', 'responder']]);

    // Someone in the meeting closes the bridge; the bot says goodbye and leaves. (The bridge's menu,
    // asked after the call's keepAlive timer was armed, waits 60 s for a key: it is still waiting.)
    await stack.people.pressKeys(call.emulatorCallId, '9');
    await within(30_000, 'the bot leaving the meeting', async () => ((await stack.people.call(call.emulatorCallId)).state === 'terminated' ? true : undefined));

    expect(graphRequests(await stack.people.log(call.emulatorCallId), flow)).toEqual([
      'create meeting',
      'subscribeToTone',
      'playPrompt announcement',
      'invite user:0d8e5b2a-6c1f-4a7e-b3d9-8f2c4e6a1b70',
      'playPrompt <words>',
      'playPrompt <words>',
      'keepAlive',
      'playPrompt goodbye',
      'delete',
    ]);
    expect(graphRequests(await stack.people.log(legId), flow)).toEqual([`create user:${RESPONDER}`, 'subscribeToTone', 'playPrompt <words>']);
  });
});
