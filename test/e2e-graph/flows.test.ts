/**
 * Every scenario of every example flow driven over the wire: the engine and the emulator as
 * separate processes, a simulated person walking each scenario of flows/<id>.test.json, and the
 * exact Graph requests the engine made for it, in order, read from the emulator's log.
 *
 * Where the wire differs from the simulator, and how each scenario still happens for real:
 * - Time: a flow with a `schedule` state (business-hours) walks each scenario on an engine whose
 *   clock was moved to the scenario's `call.at` (CALLFLOW_CLOCK_OFFSET_MS; one engine and bot
 *   registration per instant, see stack.ts). The engines boot before any call, so a call arrives
 *   some seconds after its instant: the schedule reads whole minutes (18:00:20 is still "18:00"),
 *   and no scenario instant lies just before a change of hours.
 *   The other flows do not depend on the time and run on an engine on the real clock.
 * - A meeting that refuses the bot (meeting-join's `answer: busy`, the simulator's refusal) is
 *   created with the emulator's `refuseBots` switch: the join ends before the bot is admitted
 *   (200/5855 on the wire, 486 in the simulator; the flow leaves through its error port either way).
 * - A patient who does not pick up (outbound-reminder's `answer: noAnswer`): the flow's ring
 *   timeout runs in the engine in real time, the emulator's own (60 s) is sped up to 12 s, so the
 *   patient's phone rings until the bot gives up (the emulator's `keepsRinging`). The copied flows'
 *   `dial` rings 15 s instead of the flow's 30 s (stack.ts DIAL_RING_SECONDS), the least the block
 *   accepts, so the walk does not wait half a minute.
 *
 * - Flows that start by dialling (outbound-reminder, alarm-callout, huddle: the first ring of its group call is picked up) or by joining a meeting
 *   (meeting-join, standup-timer) are started through the engine's API; a meeting is created on the
 *   emulator with an organizer in it, so a bot that mutes itself is in a group call, as Graph requires.
 * - A wait runs in real time in the engine: the copies' waits are cut to stack.ts WAIT_SECONDS
 *   (standup-timer's 15-minute timebox lasts 3 s).
 * - A flow run only as another's subflow (alarm-notice) has no call of its own: it is walked inside
 *   the calls of the flow that runs it (gallery.ts), whose requests name its prompts too.
 * - A Graph request a scenario `fail`s (graph.transfer, graph.redirect) is answered 403 by the
 *   emulator's fault rules.
 * - A web service's `latencyMs` (voicemail's slow service) is the simulator's: over the wire the
 *   services answer at once, so hold music plays one round, cancelled by the answer.
 *   hold-music.test.ts holds an answer back until two rounds have played.
 *
 * After every call, the last test searches everything the run wrote — every call's trace on every
 * engine, every engine and emulator log line — for the run's credentials (stack.ts `sweep`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_START } from '../../engine/core/sim/scenario.ts';
import { dialIn, placeByApi, warmUp } from './calls.ts';
import { EXPECTED_REQUESTS } from './expected-requests.ts';
import { describeFindings } from '../support/credential-sweep.ts';
import { galleryFlow as flow, scenariosOf as scenarios, WALKED_FLOWS as FLOWS, withSubflowPrompts } from './gallery.ts';
import { startStack, VOICEMAIL_SECRET, type Stack } from './stack.ts';
import { ScenarioWalker, type Scenario, type WiredCall } from './walker.ts';
import { graphRequests } from './wire.ts';

/** Flows whose behaviour depends on the time of day, and the instants their scenarios state. */
const TIMED = FLOWS.filter((id) => Object.values(flow(id).states).some((state) => state.type === 'schedule'));
const instantOf = (scenario: Scenario) => scenario.call?.at ?? DEFAULT_START;
const INSTANTS = [...new Set(TIMED.flatMap((id) => scenarios(id).map(instantOf)))];

/** People the flows transfer to, invite or call: they answer when the walker says so. */
const MANUAL_PEOPLE = [
  '+14255550101',
  '+14255550102',
  '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50',
  '+14255550110',
  '0d8e5b2a-6c1f-4a7e-b3d9-8f2c4e6a1b70',
  '3a9e6c2d-71b4-4f08-a5d2-c8e1f0b7a964',
  'b7c41d9e-2f6a-4e35-9d80-5a1c3e7f2b48',
  '+14255550147',
  '+14255550148',
  // alarm-callout's switchboards.
  '+14255550161',
  '+14255550162',
  // front-desk's duty manager
  '8c4e2f1a-6b3d-4a9e-b7c5-1d0f3e2a4b6c',
  // huddle's lead, deputy and scribe: the walk picks up the first of their rings, the others ring on until the bot hangs up.
  '4e8b2c6a-1d3f-4a57-9b0e-6c2d8f1a3e95',
  '9a1f3d7c-5e2b-4c86-a0d4-2b7e9f3c5d18',
  'c2d6e0a4-8b1f-4e39-b5c7-7f3a1d9e2b64',
];

const FRONT_DESK_QUEUE = '6d2a9c4e-3b7f-4e18-a5c0-9f1e2d3c4b5a';

let stack: Stack;
/** The calls the scenarios placed, by flow. */
const placed = new Map<string, WiredCall[]>();
beforeAll(async () => {
  // Speed 5: prompts last long enough for a key pressed during one to find it playing with up to
  // 16 calls at once (vitest.config.ts) on a busy machine.
  stack = await startStack({ speed: 5, instants: INSTANTS });
  for (const key of MANUAL_PEOPLE) await stack.people.configurePerson(key, { answer: 'manual' });
  // front-desk's sales call queue: a resource account, which transfers reach as identity.applicationInstance.
  await stack.people.configurePerson(FRONT_DESK_QUEUE, { answer: 'manual', kind: 'applicationInstance', displayName: 'Contoso Sales queue' });
  await stack.people.configurePerson('+14255550149', { answer: 'busy' });
  // The patient of the "does not pick up" scenario, whose phone the emulator must not give up on.
  await stack.people.configurePerson('+14255550147', { answer: 'manual', keepsRinging: true });
  // The same for the switchboard of the "does not pick up" call-out.
  await stack.people.configurePerson('+14255550162', { answer: 'manual', keepsRinging: true });
  // huddle's crew who do not pick up: their phones ring until the bot's ring time is up, as in the simulator …
  for (const person of ['5b9c3d7e-2e4a-4b68-8c1f-7d3e9a2b4f06', '6c0d4e8f-3f5b-4c79-9d2a-8e4f0b3c5a17', '7d1e5f9a-4a6c-4d8a-ae3b-9f5a1c4d6b28'])
    await stack.people.configurePerson(person, { answer: 'manual', keepsRinging: true });
  // … and the crew who are all busy, so that Graph ends the group call (200/5013, nobody else joined).
  for (const person of ['8e2f6a0b-5b7d-4e9b-bf4c-0a6b2d5e7c39', '9f3a7b1c-6c8e-4fac-8a5d-1b7c3e6f8d4a', 'a04b8c2d-7d9f-4abd-9b6e-2c8d4f7a9e5b'])
    await stack.people.configurePerson(person, { answer: 'busy' });
  // One call first, so that the engine's first token and compilation are not paid inside the
  // sped-up 15 s answer window of the many calls that follow at once.
  await warmUp(stack);
  // The engines at the scenarios' instants (booting since the stack started) are ready and warm
  // before any call: a boot takes seconds of CPU, which would slow running calls down to failing.
  await Promise.all(INSTANTS.map(engineAt));
});
afterAll(() => stack?.stop());

/** The engine at `instant`, started and warmed up once. */
const engines = new Map<string, Promise<Stack>>();
function engineAt(instant: string): Promise<Stack> {
  if (!engines.has(instant))
    engines.set(
      instant,
      stack.at(instant).then(async (engine) => (await warmUp(engine), engine)),
    );
  return engines.get(instant)!;
}

/**
 * Places the scenario's call through `engine` (the main one, or the one at the scenario's instant):
 * a flow that starts by dialling or joining a meeting is started through the engine's API, any other
 * is dialled by a caller through its route.
 */
async function start(engine: Stack, flowId: string, scenario: Scenario): Promise<WiredCall> {
  const document = flow(flowId);
  const startsWith = document.states[document.start].type;
  if (startsWith === 'dial') {
    const call = await placeByApi(engine, flowId, { vars: scenario.call?.vars });
    engine.services.answer(
      call.flowCallId,
      (scenario.http ?? []).map(({ status, body, error }) => ({ status, body, error })),
    );
    if (!scenario.answer) await engine.people.decideRing((await engine.people.waitForRing({ callId: call.emulatorCallId })).id, 'accept');
    return call;
  }
  if (startsWith === 'joinMeeting') {
    const meeting = await engine.people.createMeeting({ subject: scenario.name, refuseBots: scenario.answer === 'busy' });
    await engine.people.joinMeeting(meeting.id, { user: { id: 'organizer', displayName: 'Organizer' } });
    return { ...(await placeByApi(engine, flowId, { vars: { ...scenario.call?.vars, joinUrl: meeting.joinUrl } })), meetingId: meeting.id };
  }
  const failing = (scenario as { fail?: Array<{ effect: string }> }).fail?.map((f) => f.effect) ?? [];
  // A Graph request the scenario has refused (graph.transfer, graph.redirect) is answered 403 once;
  // a refused recording download is answered 401, as for an expired access token.
  const refused = failing.find((effect) => effect.startsWith('graph.'));
  const faults = refused
    ? { http: [{ status: 403, match: { action: refused.slice('graph.'.length) } }] }
    : failing.includes('recording.download')
      ? { http: [{ status: 401, match: { action: 'recording' }, times: 'always' as const }] }
      : undefined;
  const call = await dialIn(engine, flowId, faults, scenario.call?.vars);
  engine.services.answer(
    call.flowCallId,
    (scenario.http ?? []).map(({ status, body, error }) => ({ status, body, error })),
  );
  return call;
}

for (const flowId of FLOWS) {
  const timed = TIMED.includes(flowId);
  describe.concurrent(flowId, () => {
    for (const [index, scenario] of scenarios(flowId).entries()) {
      it(scenario.name, async () => {
        // Callers of one flow dial 100 ms apart rather than in the same millisecond.
        await new Promise((wait) => setTimeout(wait, index * 100));
        const engine = timed ? await engineAt(instantOf(scenario)) : stack;
        const call = await start(engine, flowId, scenario);
        placed.set(flowId, [...(placed.get(flowId) ?? []), call]);
        const onTheWire = withSubflowPrompts(flowId);
        const drawn = async () => JSON.stringify((await stack.people.log(call.emulatorCallId)).find((e) => e.kind === 'event' && e.event === 'variations'));
        const walker = new ScenarioWalker(engine, onTheWire, scenario, call);
        await walker.run().catch(async (error: Error) => {
          const requests = graphRequests(await stack.people.log(call.emulatorCallId), onTheWire, walker.participants);
          throw new Error(`${error.message}\nGraph requests so far: ${JSON.stringify(requests)}\nbehaviours drawn: ${await drawn()}`);
        });
        await stack.people.waitForState(call.emulatorCallId, 'terminated');
        const log = await stack.people.log(call.emulatorCallId);
        const requests = graphRequests(log, onTheWire, walker.participants);
        expect(requests, `behaviours drawn: ${await drawn()}`).toEqual(EXPECTED_REQUESTS[scenario.name]);
        // As Microsoft's samples do: nothing is played before the call's audio is active.
        expect(log.filter((e) => e.kind === 'event' && e.event === 'mediaBeforeAudio')).toEqual([]);
        // Every notification acknowledged within the documented deadline (about 5 s for an incoming call).
        expect(log.filter((e) => e.kind === 'notification' && !(e.status === 202 && e.durationMs < 5000)).map((e) => JSON.stringify(e).slice(0, 300))).toEqual(
          [],
        );
      });
    }
  });
}

describe('what the run wrote', () => {
  it('holds no credential: every trace and log line searched for the admin token, the secret, the client secrets, recording tokens and JWTs', async () => {
    const report = await stack.sweep();
    console.log(
      `swept ${report.traces.length} traces (${report.traceEntries} entries), ${report.engineLogLines} engine and ${report.emulatorLogLines} emulator log lines for ${JSON.stringify(report.credentials)} and JWTs (${report.accessTokensIssued} access tokens issued, ${report.notificationsSigned} notifications signed)`,
    );
    expect(report.findings, describeFindings(report.findings)).toEqual([]);

    // The secret really flowed: the voicemail service took its token from the calls that posted a message.
    const voicemail = placed.get('voicemail') ?? [];
    const posted = voicemail.flatMap((call) => stack.services.received(call.flowCallId).filter((r) => r.url.startsWith('voicemail.contoso.com/')));
    expect(posted.length, 'voicemail requests').toBeGreaterThan(0);
    expect(posted.map((r) => r.authorization)).toEqual(posted.map(() => 'valid'));
    const withSecret = voicemail.find((call) => stack.services.received(call.flowCallId).length > 0)!;
    const trace = await stack.api<{ entries: unknown[] }>('GET', `/api/calls/${withSecret.flowCallId}/trace`);
    expect(JSON.stringify(trace.body), 'the trace names the secret').toContain(`Bearer {{secrets.${VOICEMAIL_SECRET}}}`);

    // Not a vacuous search: every scenario's call, the one that used the secret among them, and
    // every trace entry logged (debug) beside the other log lines.
    const calls = [...placed.values()].flat().map((call) => call.flowCallId);
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.filter((id) => !report.traces.includes(id))).toEqual([]);
    expect(report.traceEntries).toBeGreaterThan(20 * calls.length);
    expect(report.engineLogLines).toBeGreaterThanOrEqual(report.traceEntries);
    expect(report.emulatorLogLines).toBeGreaterThan(calls.length);
    expect(report.credentials['a recording access token']).toBeGreaterThan(0);
    expect(report.accessTokensIssued, 'Graph access tokens issued').toBeGreaterThan(0);
    expect(report.notificationsSigned, 'notifications with a validation JWT').toBeGreaterThan(calls.length);
    expect(report.credentials[`the secret ${VOICEMAIL_SECRET}`]).toBe(1);
  });
});
