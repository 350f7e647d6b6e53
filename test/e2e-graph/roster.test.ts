/**
 * The roster over the wire, beyond the gallery's conference-host: a participant id that is not in
 * the meeting is refused (participant-mute.md: Graph answers 404 for an unknown participant) and the
 * state leaves through its error port; `call.roster.ids` names the guest, whom removeParticipant
 * drops (participant-delete.md: 204), and the roster notification that follows ends a waitFor on
 * that guest leaving. The exact Graph requests are read from the emulator's log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../engine/core/types.ts';
import { placeByApi } from './calls.ts';
import { startStack, type Stack } from './stack.ts';
import { graphRequests } from './wire.ts';

const FLOW = {
  id: 'roster-over-the-wire',
  version: 1,
  name: 'Roster over the wire',
  start: 'join',
  variables: {
    joinUrl: { type: 'string' },
    stranger: { type: 'string', description: 'A participant id nobody in the meeting has.' },
    guest: { type: 'string', default: '' },
  },
  states: {
    join: { type: 'joinMeeting', joinUrl: '{{vars.joinUrl}}', next: 'waitForGuest', error: 'joinFailed' },
    waitForGuest: { type: 'waitFor', event: 'join', count: 2, timeoutSeconds: 20, next: 'muteStranger', timeout: 'leave' },
    muteStranger: { type: 'muteParticipant', participant: '{{vars.stranger}}', next: 'leave', error: 'rememberGuest' },
    rememberGuest: { type: 'set', values: { guest: 'call.roster.ids[1]' }, next: 'removeGuest' },
    removeGuest: { type: 'removeParticipant', participant: '{{vars.guest}}', next: 'waitForGone', error: 'leave' },
    waitForGone: { type: 'waitFor', event: 'leave', participant: '{{vars.guest}}', timeoutSeconds: 20, next: 'leave', timeout: 'leave' },
    leave: { type: 'hangup' },
    joinFailed: { type: 'end' },
  },
} as unknown as FlowDocument;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ speed: 5 });
  const saved = await stack.api('POST', '/api/flows', { text: JSON.stringify(FLOW) });
  if (saved.status !== 201) throw new Error(`saving the flow answered ${saved.status}: ${JSON.stringify(saved.body)}`);
});
afterAll(() => stack?.stop());

describe('the roster against the emulator', () => {
  it('refuses a participant not in the meeting, removes the guest the roster names, and sees them go', async () => {
    const meeting = await stack.people.createMeeting({ subject: 'Roster over the wire' });
    await stack.people.joinMeeting(meeting.id, { user: { id: 'organizer', displayName: 'Organizer' } });
    const call = await placeByApi(stack, FLOW.id, { vars: { joinUrl: meeting.joinUrl, stranger: 'no-such-participant' } });
    await stack.people.waitFor('the bot listening', async () => {
      const requests = await stack.people.requests(call.emulatorCallId);
      return requests.some((e) => e.action === 'subscribeToTone');
    });
    const guest = await stack.people.joinMeeting(meeting.id, { user: { id: 'guest-ana', displayName: 'Ana' } });
    await stack.people.waitForState(call.emulatorCallId, 'terminated');

    const log = await stack.people.log(call.emulatorCallId);
    expect(graphRequests(log, FLOW, new Map([[guest, 'guest-ana']]))).toEqual([
      'create meeting',
      'subscribeToTone',
      'participantMute no-such-participant',
      'removeParticipant guest-ana',
      'delete',
    ]);
    const requests = await stack.people.requests(call.emulatorCallId);
    expect(requests.filter((e) => e.action === 'participantMute' || e.action === 'removeParticipant').map((e) => [e.method, e.status])).toEqual([
      ['POST', 404],
      ['DELETE', 204],
    ]);
    expect((await stack.people.meeting(meeting.id)).participants.map((p) => p.person)).toEqual(['organizer']);

    const trace = await stack.api<{ entries: Array<{ kind: string; state?: string; port?: string }> }>('GET', `/api/calls/${call.flowCallId}/trace`);
    const ports = trace.body.entries.filter((e) => e.kind === 'port').map((e) => `${e.state}:${e.port}`);
    expect(ports).toEqual(['join:next', 'waitForGuest:next', 'muteStranger:error', 'rememberGuest:next', 'removeGuest:next', 'waitForGone:next']);
  });
});
