/**
 * Meeting joins (audit row 11): a join by joinMeetingIdMeetingInfo must name the meeting's id and
 * passcode (the pair the short `/meet/<id>?p=<passcode>` link carries); an unknown meeting or a wrong
 * passcode fails — refused at once, or after `establishing` with 404/0 or 400/2203 (drawn); a lobby
 * holds the bot in `establishing` until it is admitted, or removes it after the lobby timeout (200/5855).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VariationSettings } from '../../engine/emulator/index.ts';
import { SERVICE_HOSTED, data, first } from '../helpers/emulator-calls.ts';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { graphError } from '../helpers/emulator-graph.ts';

let f: EmulatorFixture;
beforeAll(async () => {
  f = await startFixture({ timings: { lobbyTimeoutMs: 20_000 } });
});
afterAll(() => f.stop());

const byMeetingId = (fixture: EmulatorFixture, joinMeetingId: string, passcode?: string) => ({
  callbackUri: fixture.bot.callbackUri,
  requestedModalities: ['audio'],
  mediaConfig: SERVICE_HOSTED,
  meetingInfo: { '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo', joinMeetingId, ...(passcode !== undefined && { passcode }) },
  tenantId: fixture.emulator.tenantId,
});

describe('joining by meeting id and passcode', () => {
  it('issues both link forms, and joins with the id and passcode of the short link', async () => {
    const meeting = await f.emulator.people.createMeeting({ joinMeetingId: '316652780345552', passcode: 'Ab3dEf' });
    expect(meeting.meetUrl).toBe('https://teams.microsoft.com/meet/316652780345552?p=Ab3dEf');
    expect(meeting.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/19%3Ameeting_.+\/0\?context=/);
    const { id } = (await f.graph.api('/communications/calls').post(byMeetingId(f, '316652780345552', 'Ab3dEf'))) as { id: string };
    await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
  });

  it('refuses a wrong or missing passcode, and an unknown meeting, with 400 (requestRefused)', async () => {
    const meeting = await f.emulator.people.createMeeting({ passcode: 'right1' });
    for (const body of [byMeetingId(f, meeting.joinMeetingId, 'wrong1'), byMeetingId(f, meeting.joinMeetingId), byMeetingId(f, '123456789012345', 'right1')]) {
      const error = await graphError(f.graph.api('/communications/calls').post(body));
      expect([error.statusCode, error.message]).toEqual([400, expect.stringContaining('passcode do not match')]);
    }
  });

  it('does not create a meeting a classic link names when it does not exist', async () => {
    const error = await graphError(
      f.graph.api('/communications/calls').post({
        callbackUri: f.bot.callbackUri,
        requestedModalities: ['audio'],
        mediaConfig: SERVICE_HOSTED,
        chatInfo: { threadId: '19:meeting_unknown@thread.v2', messageId: '0' },
        meetingInfo: { '@odata.type': '#microsoft.graph.organizerMeetingInfo', organizer: { user: { id: 'nobody' } } },
      }),
    );
    expect(error.statusCode).toBe(400);
  });
});

const FAILURES: Array<[Partial<VariationSettings>['meetingJoinFailure'], { code: number; subcode: number; message: string }]> = [
  ['callNotFound', { code: 404, subcode: 0, message: 'Call not found.' }],
  ['badRequest', { code: 400, subcode: 2203, message: 'Bad Request. DiagCode: 400#2203' }],
];

describe.each(FAILURES)('a join with a wrong passcode, drawn %s', (meetingJoinFailure, result) => {
  it('is accepted (201), goes establishing, then ends with the drawn resultInfo', async () => {
    const g = await startFixture({ variations: { meetingJoinFailure } });
    try {
      const meeting = await g.emulator.people.createMeeting({ passcode: 'right1' });
      const { id } = (await g.graph.api('/communications/calls').post(byMeetingId(g, meeting.joinMeetingId, 'wrong1'))) as { id: string };
      const deleted = await g.bot.waitFor(id, 'the failed join', (n) => first(n).changeType === 'deleted');
      expect(g.bot.forCall(id).map((n) => data(n).state)).toEqual(['establishing', 'terminated']);
      expect(data(deleted).resultInfo).toMatchObject(result);
    } finally {
      await g.stop();
    }
  });
});

describe('the lobby', () => {
  it('holds a joining bot in establishing until it is admitted; then established and the roster', async () => {
    const meeting = await f.emulator.people.createMeeting({ lobby: true });
    await f.emulator.people.joinMeeting(meeting.id, { user: { id: 'host' } });
    const { id } = (await f.graph.api('/communications/calls').post(byMeetingId(f, meeting.joinMeetingId, meeting.passcode))) as { id: string };
    await f.emulator.people.waitFor('the bot in the lobby', async () => (await f.emulator.people.meeting(meeting.id)).waitingInLobby.includes(id));
    expect(f.bot.forCall(id).map((n) => data(n).state)).toEqual(['establishing']);
    expect((await f.emulator.people.call(id)).state).toBe('establishing');
    expect(await f.emulator.people.admitFromLobby(meeting.id, id)).toEqual([id]);
    await f.bot.waitFor(id, 'a roster', (n) => first(n).resourceUrl?.endsWith('/participants') ?? false);
    expect(f.bot.forCall(id).map((n) => data(n).state ?? 'roster')).toEqual(['establishing', 'established', 'roster']);
    expect((await f.emulator.people.meeting(meeting.id)).waitingInLobby).toEqual([]);
  });

  it('removes a bot nobody admits after the lobby timeout: 200/5855', async () => {
    const meeting = await f.emulator.people.createMeeting({ lobby: true });
    const { id } = (await f.graph.api('/communications/calls').post(byMeetingId(f, meeting.joinMeetingId, meeting.passcode))) as { id: string };
    const deleted = await f.bot.waitFor(id, 'the lobby timeout', (n) => first(n).changeType === 'deleted');
    expect(data(deleted).resultInfo).toMatchObject({
      code: 200,
      subcode: 5855,
      message: 'Participant waiting in lobby was removed from the conversation after lobby inactivity timeout.',
    });
    const log = await f.emulator.people.log(id);
    const waited = log.find((e) => e.kind === 'state' && e.to === 'terminated')!.t - log.find((e) => e.kind === 'event' && e.event === 'waitingInLobby')!.t;
    expect(waited).toBeGreaterThanOrEqual(20_000 - 2 * 50);
  });

  it('answers 409 when nobody waits in the lobby', async () => {
    const meeting = await f.emulator.people.createMeeting({ lobby: true });
    await expect(f.emulator.people.admitFromLobby(meeting.id)).rejects.toThrow(/no bot is waiting/);
  });
});
