/**
 * Invitations (audit rows 5 and 18). With `replacesCallId` the first invitee moves from their P2P
 * call with the bot into the group call or meeting; the others are not read, and a `deleted` for
 * the replaced call follows (invitationparticipantinfo.md: "the call will be dropped once the
 * participant is added successfully"). On a P2P call, invite is refused (400) or the call escalates
 * to a group call (comms-samples issue 413), drawn per call.
 */
import { describe, expect, it } from 'vitest';
import { SERVICE_HOSTED, data, first, p2pCallBody } from '../helpers/emulator-calls.ts';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { graphError } from '../helpers/emulator-graph.ts';

const invitee = (userId: string, replacesCallId?: string) => ({
  '@odata.type': '#microsoft.graph.invitationParticipantInfo',
  identity: { user: { id: userId, displayName: userId } },
  ...(replacesCallId && { replacesCallId }),
});

/** The bot calls `userId` and waits until the call is established; returns its id. */
async function established(f: EmulatorFixture, userId: string): Promise<string> {
  const { id } = (await f.graph.api('/communications/calls').post(p2pCallBody(f, userId))) as { id: string };
  await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
  return id;
}

describe('invite with replacesCallId', () => {
  it('moves the first invitee into the meeting without a ring, ignores the others, and drops the replaced call', async () => {
    const f = await startFixture();
    try {
      const responderCall = await established(f, 'responder');
      const meeting = await f.emulator.people.createMeeting({});
      const { id } = (await f.graph.api('/communications/calls').post({
        callbackUri: f.bot.callbackUri,
        requestedModalities: ['audio'],
        mediaConfig: SERVICE_HOSTED,
        meetingInfo: { '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo', joinMeetingId: meeting.joinMeetingId, passcode: meeting.passcode },
      })) as { id: string };
      await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
      const operation = (await f.graph
        .api(`/communications/calls/${id}/participants/invite`)
        .post({ participants: [invitee('responder', responderCall), invitee('bystander')], clientContext: 'move' })) as { id: string; participants: unknown[] };
      expect(operation.participants).toEqual([invitee('responder', responderCall)]);
      const done = await f.bot.waitFor(id, 'the invite to finish', (n) => first(n).resourceUrl?.endsWith(operation.id) ?? false);
      expect(data(done)).toMatchObject({ status: 'completed', resultInfo: { code: 200, subcode: 0 } });
      const dropped = await f.bot.waitFor(responderCall, 'the replaced call to be dropped', (n) => first(n).changeType === 'deleted');
      expect(data(dropped)).toMatchObject({ state: 'terminated' });
      expect((await f.emulator.people.meeting(meeting.id)).participants.map((p) => p.person)).toContain('responder');
      expect((await f.emulator.people.rings({ callId: id })).map((r) => r.person)).toEqual([]);
    } finally {
      await f.stop();
    }
  });

  it('refuses a replacesCallId that names no live call of the app', async () => {
    const f = await startFixture();
    try {
      const meeting = await f.emulator.people.createMeeting({});
      const { id } = (await f.graph.api('/communications/calls').post({
        callbackUri: f.bot.callbackUri,
        requestedModalities: ['audio'],
        mediaConfig: SERVICE_HOSTED,
        meetingInfo: { '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo', joinMeetingId: meeting.joinMeetingId, passcode: meeting.passcode },
      })) as { id: string };
      await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
      const error = await graphError(f.graph.api(`/communications/calls/${id}/participants/invite`).post({ participants: [invitee('x', 'no-such-call')] }));
      expect([error.statusCode, error.message]).toEqual([400, expect.stringContaining('replacesCallId')]);
    } finally {
      await f.stop();
    }
  });
});

describe('invite on a peer-to-peer call', () => {
  it('is refused with 400 when drawn refused', async () => {
    const f = await startFixture({ variations: { p2pInvite: 'refused' } });
    try {
      const id = await established(f, 'peer-a');
      const error = await graphError(f.graph.api(`/communications/calls/${id}/participants/invite`).post({ participants: [invitee('third')] }));
      expect([error.statusCode, error.message]).toEqual([400, expect.stringContaining('group calls and meetings')]);
    } finally {
      await f.stop();
    }
  });

  it('escalates the call to a group call when drawn escalated: a new meeting token, then a roster of bot, peer and invitee', async () => {
    const f = await startFixture({ variations: { p2pInvite: 'escalated' } });
    try {
      const id = await established(f, 'peer-b');
      const operation = (await f.graph.api(`/communications/calls/${id}/participants/invite`).post({ participants: [invitee('third-b')] })) as {
        id: string;
        status: string;
      };
      expect(operation.status).toBe('running');
      const escalated = await f.bot.waitFor(id, 'the escalation', (n) => data(n).meetingInfo !== undefined);
      expect(data(escalated)).toMatchObject({
        state: 'established',
        meetingInfo: { '@odata.type': '#microsoft.graph.tokenMeetingInfo', token: expect.any(String) },
      });
      await f.bot.waitFor(id, 'the invite to finish', (n) => first(n).resourceUrl?.endsWith(operation.id) ?? false);
      const roster = await f.bot.waitFor(
        id,
        'three in the roster',
        (n) => Array.isArray(first(n).resourceData) && (first(n).resourceData as unknown[]).length === 3,
      );
      const who = (first(roster).resourceData as Array<{ info: { identity: Record<string, { id: string }> } }>).map(
        (p) => Object.values(p.info.identity).find((i) => typeof i === 'object')?.id,
      );
      expect(who).toEqual(expect.arrayContaining([f.emulator.appId, 'peer-b', 'third-b']));
      expect(((await f.graph.api(`/communications/calls/${id}/participants`).get()) as { value: unknown[] }).value).toHaveLength(3);
    } finally {
      await f.stop();
    }
  });
});
