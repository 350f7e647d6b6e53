/**
 * One engine on the default SQLite store, killed with SIGKILL and started again while callers wait:
 * what was stored survives and is carried on as if nothing had happened — timers that came due
 * while no engine ran fire at start and keys pressed afterwards are handled. A run with two calls
 * (incident-bot: the meeting and the responder's leg) goes on too: the restarted engine finds the
 * leg by its Graph id, takes its key as the leg's, and moves the responder into the meeting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialMainLine, MAIN_MENU_PATHS, pathOf, staffTheMainLine, SUPPORT, waitUntilPlayed } from './calls.ts';
import { startDurableStack, type DurableStack } from './durable-stack.ts';
import type { FlowDocument } from '../../engine/core/types.ts';
import { graphRequests } from '../e2e-graph/wire.ts';
import { readFileSync } from 'node:fs';

const INCIDENT_BOT = JSON.parse(readFileSync('flows/incident-bot.flow.json', 'utf8')) as FlowDocument;
const RESPONDER = String(INCIDENT_BOT.variables!.responderId.default);

const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

let stack: DurableStack;
beforeAll(async () => {
  // Speed 5: the emulator's 15 s answer window is 3 s, enough for 20 calls offered at once.
  stack = await startDurableStack({ engines: 1, speed: 5 });
  await staffTheMainLine(stack.people);
  await stack.people.configurePerson(RESPONDER, { answer: 'manual' });
  // A first call pays for the engine's first token, key download and compilation.
  const first = await dialMainLine(stack.people, '+14255550123');
  await stack.people.waitForState(first, 'established');
  await stack.people.hangUp(first);
}, 120_000);
afterAll(() => stack?.stop());

describe('an engine killed with SIGKILL and started again', () => {
  it('handles the no-input timeouts and keys of 20 callers waiting in the menu as if nothing happened', async () => {
    const [engine] = stack.engines;
    const calls = await Promise.all(Array.from({ length: 20 }, (_, index) => dialMainLine(stack.people, `+1425555${String(1000 + index)}`)));
    await Promise.all(calls.map((id) => waitUntilPlayed(stack.people, id, 'playPrompt mainMenu')));
    await engine!.kill();
    // Longer than the menu's 5 s no-input timeout: every caller's timer comes due while no engine runs.
    await sleep(6000);
    await engine!.start();
    // At start the timers that came due fire: every caller hears the first reprompt.
    await Promise.all(calls.map((id) => waitUntilPlayed(stack.people, id, 'playPrompt noInput1,mainMenu')));
    const pressers = calls.slice(0, 10);
    await Promise.all(pressers.map((id) => stack.people.pressKeys(id, '2')));
    await Promise.all(calls.map((id) => stack.people.waitForState(id, 'terminated')));
    for (const id of pressers)
      expect(await pathOf(stack.people, id)).toEqual([...MAIN_MENU_PATHS.support.slice(0, -1), 'playPrompt noInput1,mainMenu', `transfer phone:${SUPPORT}`]);
    for (const id of calls.slice(10)) expect(await pathOf(stack.people, id)).toEqual(MAIN_MENU_PATHS.silent);
  }, 120_000);

  it('carries on a run with two calls: the responder’s key on their leg, after the restart, moves them into the meeting', async () => {
    const [engine] = stack.engines;
    const meeting = await stack.people.createMeeting({ subject: 'Incident 4712' });
    await stack.people.joinMeeting(meeting.id, { user: { id: 'organizer', displayName: 'Organizer' } });
    const placed = await stack.api<{ callId: string }>(engine!, 'POST', '/api/flows/incident-bot/calls', { vars: { joinUrl: meeting.joinUrl } });
    expect(placed.status).toBe(202);
    const meetingCall = await stack.people.waitFor('the meeting call', async () => {
      const state = await stack.api<{ graphCallId: string | null }>(engine!, 'GET', `/api/calls/${placed.body.callId}/state`);
      return state.body.graphCallId ?? undefined;
    });
    const ring = await stack.people.waitFor('the responder ringing', async () =>
      (await stack.people.rings({ ringing: true })).find((r) => r.person === RESPONDER && r.callId !== meetingCall),
    );
    await stack.people.decideRing(ring.id, 'accept');
    // Killed once the engine has taken the question as asked: the responder's gather listens on their leg.
    await stack.people.waitFor('the gather listening on the leg', async () => {
      const state = await stack.api<{ state: unknown }>(engine!, 'GET', `/api/calls/${placed.body.callId}/state`);
      return JSON.stringify(state.body.state).includes('waiting') || undefined;
    });

    await engine!.kill();
    await engine!.start();
    await stack.people.pressKeys(ring.callId, '1');
    await stack.people.waitForState(ring.callId, 'terminated');
    await stack.people.waitFor(
      'the responder in the meeting',
      async () => (await stack.people.meeting(meeting.id)).participants.some((p) => p.person === RESPONDER) || undefined,
    );
    // The bridge's menu (the second prompt in words, after "the responder has joined") listens for 9.
    await stack.people.waitFor(
      'the bridge menu',
      async () =>
        (await stack.people.requests(meetingCall, 'playPrompt')).filter((e) => JSON.stringify(e.body).includes('/prompts/synth/')).length >= 2 || undefined,
    );
    await stack.people.pressKeys(meetingCall, '9');
    await stack.people.waitForState(meetingCall, 'terminated');

    const invite = (await stack.people.requests(meetingCall, 'invite'))[0] as { body: { participants: Array<{ replacesCallId?: string }> } };
    expect(invite.body.participants[0]?.replacesCallId).toBe(ring.callId);
    expect(graphRequests(await stack.people.log(ring.callId), INCIDENT_BOT)).toEqual([`create user:${RESPONDER}`, 'subscribeToTone', 'playPrompt <words>']);
    expect(graphRequests(await stack.people.log(meetingCall), INCIDENT_BOT).filter((line) => line !== 'cancelMediaProcessing')).toEqual([
      'create meeting',
      'subscribeToTone',
      'playPrompt announcement',
      `invite user:${RESPONDER}`,
      'playPrompt <words>',
      'playPrompt <words>',
      'playPrompt goodbye',
      'delete',
    ]);
  }, 120_000);
});
