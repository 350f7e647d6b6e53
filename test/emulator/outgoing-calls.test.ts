import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { graphError, raw } from '../helpers/emulator-graph.ts';
import { SERVICE_HOSTED, data, first } from '../helpers/emulator-calls.ts';
import * as documented from '../helpers/emulator-documented.ts';

let f: EmulatorFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.stop());

/** The P2P VoIP body of graph-calls.md §2.1. */
const p2pBody = (userId: string) => ({
  '@odata.type': '#microsoft.graph.call',
  callbackUri: f.bot.callbackUri,
  targets: [
    {
      '@odata.type': '#microsoft.graph.invitationParticipantInfo',
      identity: { '@odata.type': '#microsoft.graph.identitySet', user: { '@odata.type': '#microsoft.graph.identity', displayName: 'John', id: userId } },
    },
  ],
  requestedModalities: ['audio'],
  mediaConfig: SERVICE_HOSTED,
});

describe('outgoing P2P call (graph-calls.md §2.1, §1.1)', () => {
  it('answers 201 + Location with the call in establishing, then establishing and established', async () => {
    const res = await raw(f.graph, 'post', '/communications/calls', p2pBody('john'));
    expect(res.status).toBe(201);
    const call = (await res.json()) as Record<string, unknown>;
    expect(res.headers.get('location')).toBe(`${f.emulator.urls.graph}/communications/calls/${String(call.id)}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(call).toMatchObject({
      '@odata.type': '#microsoft.graph.call',
      state: 'establishing',
      direction: 'outgoing',
      callChainId: expect.any(String),
      myParticipantId: expect.any(String),
      source: { identity: { application: { id: f.emulator.appId } } },
      targets: p2pBody('john').targets,
      mediaConfig: SERVICE_HOSTED,
    });
    expect(call['@odata.context']).toMatch(/\$metadata#communications\/calls\/\$entity$/);
    const id = String(call.id);
    await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
    const sequence = f.bot.forCall(id).map(first);
    expect(sequence.map((n) => (n.resourceData as Record<string, unknown>).state)).toEqual(['establishing', 'established']);
    documented.expectDocumented(sequence[0], documented.establishing(id));
    documented.expectDocumented(sequence[1], documented.established(id, 'outgoing'));
  });

  it('a callee who declines ends the call with a failure resultInfo', async () => {
    await f.emulator.people.configurePerson('declines', { answer: 'decline', answerAfterMs: 500 });
    const { id } = (await f.graph.api('/communications/calls').post(p2pBody('declines'))) as { id: string };
    const deleted = await f.bot.waitFor(id, 'terminated', (n) => first(n).changeType === 'deleted');
    expect(data(deleted)).toMatchObject({ state: 'terminated', resultInfo: { code: 603, subcode: 0 } });
  });

  it('a callee configured manual rings until the test answers for them', async () => {
    await f.emulator.people.configurePerson('manual-callee', { answer: 'manual' });
    const { id } = (await f.graph.api('/communications/calls').post(p2pBody('manual-callee'))) as { id: string };
    const ring = await f.emulator.people.waitForRing({ callId: id, purpose: 'outgoing' });
    expect(ring.person).toBe('manual-callee');
    expect((await f.emulator.people.call(id)).state).toBe('establishing');
    await f.emulator.people.decideRing(ring.id, 'accept');
    await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
  });

  it("a callee who keeps ringing outlasts the service's ring timeout; the bot hanging up ends the ring", async () => {
    await f.emulator.people.configurePerson('keeps-ringing', { answer: 'noAnswer', keepsRinging: true });
    await f.emulator.people.configurePerson('stops-ringing', { answer: 'noAnswer' });
    // The call that keeps ringing is placed first: its ring would have timed out before the other's.
    const { id } = (await f.graph.api('/communications/calls').post(p2pBody('keeps-ringing'))) as { id: string };
    const { id: control } = (await f.graph.api('/communications/calls').post(p2pBody('stops-ringing'))) as { id: string };
    const timedOut = await f.bot.waitFor(control, 'the ring timeout', (n) => first(n).changeType === 'deleted');
    expect(data(timedOut).resultInfo).toMatchObject({ code: 487, subcode: 10004 });
    expect((await f.emulator.people.rings({ callId: id })).map((r) => r.state)).toEqual(['ringing']);
    expect((await f.emulator.people.call(id)).state).toBe('establishing');
    expect((await raw(f.graph, 'delete', `/communications/calls/${id}`)).status).toBe(204);
    const deleted = await f.bot.waitFor(id, 'terminated', (n) => first(n).changeType === 'deleted');
    expect(data(deleted).resultInfo).toMatchObject({ code: 200, subcode: 5001 });
    expect((await f.emulator.people.rings({ callId: id })).map((r) => r.state)).toEqual(['cancelled']);
  });
});

describe('outgoing PSTN call', () => {
  const pstnBody = (source: boolean) => ({
    ...p2pBody('unused'),
    targets: [
      {
        '@odata.type': '#microsoft.graph.invitationParticipantInfo',
        identity: { '@odata.type': '#microsoft.graph.identitySet', phone: { '@odata.type': '#microsoft.graph.identity', id: '+12345678901' } },
      },
    ],
    ...(source && {
      source: {
        '@odata.type': '#microsoft.graph.participantInfo',
        identity: {
          '@odata.type': '#microsoft.graph.identitySet',
          applicationInstance: { '@odata.type': '#microsoft.graph.identity', displayName: 'Calling Bot', id: f.emulator.apps[0].applicationInstanceId },
        },
      },
    }),
    tenantId: f.emulator.tenantId,
  });

  it('needs an application instance as source, and the tenant', async () => {
    const error = await graphError(f.graph.api('/communications/calls').post(pstnBody(false)));
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain('source.identity.applicationInstance');
    const { tenantId: _tenantId, ...withoutTenant } = pstnBody(true);
    const noTenant = await graphError(f.graph.api('/communications/calls').post(withoutTenant));
    expect([noTenant.statusCode, noTenant.message]).toEqual([400, expect.stringContaining("'tenantId'")]);
  });

  it('rings the phone and ends with 200/540000 when the PSTN user hangs up', async () => {
    const { id } = (await f.graph.api('/communications/calls').post(pstnBody(true))) as { id: string };
    await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
    await f.emulator.people.hangUp(id);
    const deleted = await f.bot.waitFor(id, 'terminated', (n) => first(n).changeType === 'deleted');
    expect(data(deleted).resultInfo).toMatchObject({ code: 200, subcode: 540000 });
  });
});

describe('meetings and group calls', () => {
  it('joins a meeting by chatInfo + organizerMeetingInfo; roster notifications follow the call states (§3.5)', async () => {
    const meeting = await f.emulator.people.createMeeting({ organizerId: 'organizer-1', tenantId: f.emulator.tenantId });
    const attendee = await f.emulator.people.joinMeeting(meeting.id, { user: { id: 'attendee-1', displayName: 'Attendee' } });
    const { id } = (await f.graph.api('/communications/calls').post({
      '@odata.type': '#microsoft.graph.call',
      callbackUri: f.bot.callbackUri,
      requestedModalities: ['audio'],
      mediaConfig: { ...SERVICE_HOSTED, preFetchMedia: [] },
      chatInfo: { '@odata.type': '#microsoft.graph.chatInfo', threadId: meeting.threadId, messageId: '0' },
      meetingInfo: {
        '@odata.type': '#microsoft.graph.organizerMeetingInfo',
        organizer: {
          '@odata.type': '#microsoft.graph.identitySet',
          user: { '@odata.type': '#microsoft.graph.identity', id: 'organizer-1', tenantId: f.emulator.tenantId },
        },
        allowConversationWithoutHost: true,
      },
      tenantId: f.emulator.tenantId,
    })) as { id: string; myParticipantId: string };
    const rosterUpdate = await f.bot.waitFor(id, 'a roster', (n) => first(n).resourceUrl?.endsWith('/participants') ?? false);
    const states = f.bot.forCall(id).map((n) => data(n).state ?? 'roster');
    expect(states).toEqual(['establishing', 'established', 'roster']);
    const call = (await f.graph.api(`/communications/calls/${id}`).get()) as { myParticipantId: string };
    documented.expectDocumented(
      first(rosterUpdate),
      documented.roster(id, [
        {
          id: attendee,
          identity: {
            '@odata.type': '#microsoft.graph.identitySet',
            user: { '@odata.type': '#microsoft.graph.identity', id: 'attendee-1', displayName: 'Attendee' },
          },
        },
        {
          id: call.myParticipantId,
          identity: {
            '@odata.type': '#microsoft.graph.identitySet',
            application: { '@odata.type': '#microsoft.graph.identity', id: f.emulator.appId, displayName: 'Test BOT' },
          },
        },
      ]),
    );

    await f.emulator.people.joinMeeting(meeting.id, { user: { id: 'attendee-2' } });
    const joined = await f.bot.waitFor(id, 'a second roster', (n) => Array.isArray(first(n).resourceData) && (first(n).resourceData as unknown[]).length === 3);
    expect(joined).toBeDefined();
    await f.emulator.people.leaveMeeting(meeting.id, 'attendee-1');
    await f.bot.waitFor(
      id,
      'a roster without attendee-1',
      (n) =>
        Array.isArray(first(n).resourceData) &&
        !JSON.stringify(first(n).resourceData).includes('attendee-1') &&
        (first(n).resourceData as unknown[]).length === 2,
    );
    const participants = (await f.graph.api(`/communications/calls/${id}/participants`).get()) as { value: Array<{ id: string }> };
    expect(participants.value).toHaveLength(2);
  });

  /** The bot joins a meeting by its id and passcode (joinMeetingIdMeetingInfo); resolves with the call id. */
  const joinByMeetingId = async (meeting: { joinMeetingId: string; passcode?: string }): Promise<string> => {
    const created = (await f.graph.api('/communications/calls').post({
      callbackUri: f.bot.callbackUri,
      requestedModalities: ['audio'],
      mediaConfig: SERVICE_HOSTED,
      meetingInfo: { '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo', joinMeetingId: meeting.joinMeetingId, passcode: meeting.passcode },
      tenantId: f.emulator.tenantId,
    })) as { id: string };
    return created.id;
  };

  it('joins a meeting by joinMeetingIdMeetingInfo, and the meeting ending terminates the call', async () => {
    const meeting = await f.emulator.people.createMeeting({ tenantId: f.emulator.tenantId });
    const id = await joinByMeetingId(meeting);
    await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
    expect((await f.emulator.people.meeting(meeting.id)).participants.map((p) => p.botCallId)).toEqual([id]);
    await f.emulator.people.endMeeting(meeting.id);
    const deleted = await f.bot.waitFor(id, 'terminated', (n) => first(n).changeType === 'deleted');
    expect(data(deleted).resultInfo).toMatchObject({ code: 200, subcode: 5003 });
  });

  it('a meeting that refuses bots ends the join in the lobby: establishing, then terminated 200/5855 (§5.4)', async () => {
    const meeting = await f.emulator.people.createMeeting({ organizerId: 'organizer-3', tenantId: f.emulator.tenantId, refuseBots: true });
    expect(meeting.refuseBots).toBe(true);
    await f.emulator.people.joinMeeting(meeting.id, { user: { id: 'organizer-3' } });
    const id = await joinByMeetingId(meeting);
    const deleted = await f.bot.waitFor(id, 'terminated', (n) => first(n).changeType === 'deleted');
    expect(f.bot.forCall(id).map((n) => data(n).state)).toEqual(['establishing', 'terminated']);
    expect(data(deleted).resultInfo).toMatchObject({ code: 200, subcode: 5855 });
    expect((await f.emulator.people.meeting(meeting.id)).participants.map((p) => p.person)).toEqual(['organizer-3']);
  });

  it('answers an invitation into a meeting (incoming call with chatInfo and meetingInfo)', async () => {
    const meeting = await f.emulator.people.createMeeting({ organizerId: 'organizer-2', tenantId: f.emulator.tenantId });
    const { id } = await f.emulator.people.inviteBot(meeting.id);
    const created = await f.bot.waitFor(id, 'the invitation', (n) => first(n).changeType === 'created');
    expect(data(created)).toMatchObject({
      chatInfo: { threadId: meeting.threadId },
      meetingInfo: { '@odata.type': '#microsoft.graph.tokenMeetingInfo', token: meeting.token },
    });
    await f.graph.api(`/communications/calls/${id}/answer`).post({ acceptedModalities: ['audio'], mediaConfig: SERVICE_HOSTED });
    await f.bot.waitFor(id, 'a roster', (n) => first(n).resourceUrl?.endsWith('/participants') ?? false);
  });

  it('places a group call: targets join the roster as they answer; invite, mute and remove participants', async () => {
    const target = (userId: string) => ({
      '@odata.type': '#microsoft.graph.invitationParticipantInfo',
      identity: { user: { id: userId, displayName: userId } },
    });
    const { id } = (await f.graph.api('/communications/calls').post({
      callbackUri: f.bot.callbackUri,
      targets: [target('member-1'), target('member-2')],
      requestedModalities: ['audio'],
      mediaConfig: { ...SERVICE_HOSTED, removeFromDefaultAudioGroup: false },
    })) as { id: string };
    const rosterOf = (size: number) => (n: Parameters<Parameters<typeof f.bot.waitFor>[2]>[0]) =>
      Array.isArray(first(n).resourceData) && (first(n).resourceData as unknown[]).length === size;
    await f.bot.waitFor(id, 'both members', rosterOf(3));

    const invite = await raw(f.graph, 'post', `/communications/calls/${id}/participants/invite`, {
      participants: [target('member-3')],
      clientContext: 'invite-1',
    });
    expect(invite.status).toBe(200);
    const operation = (await invite.json()) as { id: string; status: string; '@odata.type': string };
    expect(operation).toMatchObject({ '@odata.type': '#microsoft.graph.inviteParticipantsOperation', status: 'running' });
    expect(invite.headers.get('location')).toBe(`${f.emulator.urls.graph}/communications/calls/${id}/operations/${operation.id}`);
    const inviteDone = await f.bot.waitFor(
      id,
      'the invite to finish',
      (n) => first(n).resourceUrl === `/communications/calls/${id}/operations/${operation.id}`,
    );
    documented.expectDocumented(
      first(inviteDone),
      documented.operationDone(id, operation.id, {
        '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
        status: 'completed',
        clientContext: 'invite-1',
        participants: [target('member-3')],
      }),
    );
    const full = await f.bot.waitFor(id, 'member-3 in the roster', rosterOf(4));
    const member3 = (first(full).resourceData as Array<{ id: string; info: { identity: { user?: { id: string } } } }>).find(
      (p) => p.info.identity.user?.id === 'member-3',
    )!;

    const mute = (await f.graph.api(`/communications/calls/${id}/participants/${member3.id}/mute`).post({ clientContext: 'mute-1' })) as { status: string };
    expect(mute.status).toBe('completed');
    await f.bot.waitFor(
      id,
      'member-3 muted',
      (n) =>
        Array.isArray(first(n).resourceData) &&
        (first(n).resourceData as Array<{ id: string; isMuted: boolean }>).some((p) => p.id === member3.id && p.isMuted),
    );

    expect((await raw(f.graph, 'delete', `/communications/calls/${id}/participants/${member3.id}`)).status).toBe(204);
    await f.bot.waitFor(id, 'member-3 removed', (n) => rosterOf(3)(n) && !JSON.stringify(first(n).resourceData).includes(member3.id));
  });

  it('refuses roster actions on a P2P call (group calls only)', async () => {
    const { id } = (await f.graph.api('/communications/calls').post(p2pBody('p2p-peer'))) as { id: string };
    await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
    for (const path of ['mute', 'participants/invite']) {
      const body = path === 'mute' ? {} : { participants: [{ identity: { user: { id: 'x' } } }] };
      const error = await graphError(f.graph.api(`/communications/calls/${id}/${path}`).post(body));
      expect([path, error.statusCode, error.message]).toEqual([path, 400, expect.stringContaining('supported only in group calls and meetings')]);
    }
  });
});

describe('permissions', () => {
  it('answers 403 when the app lacks the permission an action needs', async () => {
    const limited = await startFixture({ apps: [{ displayName: 'Test BOT', roles: ['Calls.JoinGroupCall.All'] }] });
    try {
      const body = { ...p2pBody('someone'), callbackUri: limited.bot.callbackUri };
      const error = await graphError(limited.graph.api('/communications/calls').post(body));
      expect([error.statusCode, error.code]).toEqual([403, 'Forbidden']);
      expect(error.message).toContain('Calls.Initiate.All');
    } finally {
      await limited.stop();
    }
  });
});
