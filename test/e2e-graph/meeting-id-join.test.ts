/**
 * A join by meeting ID and passcode over the wire: the engine and the emulator as separate
 * processes, a meeting created on the emulator, and a flow (saved through the editor's file API)
 * whose joinMeeting state names the meeting by the ID and passcode Teams shows under "Meeting ID",
 * given when the bot is sent. The exact Graph requests are read from the emulator's log; the
 * create-call body carries joinMeetingIdMeetingInfo {joinMeetingId, passcode} as Microsoft
 * documents it (learn.microsoft.com/graph/api/resources/joinmeetingidmeetinginfo) and no chatInfo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../engine/core/types.ts';
import { placeByApi } from './calls.ts';
import { startStack, type Stack } from './stack.ts';
import { graphRequests } from './wire.ts';

const FLOW: FlowDocument = {
  id: 'meeting-by-id',
  version: 1,
  name: 'Join by meeting ID',
  start: 'join',
  variables: {
    meetingId: { type: 'string', description: 'The meeting ID Teams shows, given when the bot is sent.' },
    passcode: { type: 'string', description: 'The passcode Teams shows beside it.' },
  },
  states: {
    join: {
      type: 'joinMeeting',
      meetingId: '{{vars.meetingId}}',
      passcode: '{{vars.passcode}}',
      displayName: 'Contoso Bot',
      next: 'leave',
      error: 'joinFailed',
    },
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

/** Sends the bot into the meeting these variables name and waits for the call to end; its Graph requests and create-call body. */
async function join(vars: Record<string, string>) {
  const call = await placeByApi(stack, FLOW.id, { vars });
  await stack.people.waitFor(`the end of ${call.flowCallId}`, async () => {
    const state = await stack.api<{ phase: string }>('GET', `/api/calls/${call.flowCallId}/state`);
    // Ended for the engine and for Graph: the bot's hang-up has reached the emulator.
    return state.body.phase === 'ended' && (await stack.people.call(call.emulatorCallId)).state === 'terminated';
  });
  const log = await stack.people.log(call.emulatorCallId);
  const create = log.find((e) => e.kind === 'request' && e.action === 'create') as { body?: Record<string, unknown> } | undefined;
  return { requests: graphRequests(log, FLOW), create: create?.body };
}

describe('joining a meeting by its meeting ID and passcode', () => {
  it('joins with joinMeetingIdMeetingInfo, subscribes to tones, and leaves', async () => {
    const meeting = await stack.people.createMeeting({ subject: 'By meeting ID', joinMeetingId: '234567890123', passcode: 'Xy7Ab2' });
    await stack.people.joinMeeting(meeting.id, { user: { id: 'organizer', displayName: 'Organizer' } });
    // As Teams shows it: digits in groups of three.
    const { requests, create } = await join({ meetingId: '234 567 890 123', passcode: 'Xy7Ab2' });
    expect(requests).toEqual(['create meeting-id:234567890123', 'subscribeToTone', 'delete']);
    expect(create?.meetingInfo).toEqual({ '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo', joinMeetingId: '234567890123', passcode: 'Xy7Ab2' });
    expect(create?.chatInfo).toBeUndefined();
    const roster = await stack.people.meeting(meeting.id);
    expect(roster.participants.some((p) => p.botCallId !== null)).toBe(false);
  });
});
