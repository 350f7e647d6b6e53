import { describe, expect, it } from 'vitest';
import { joinMeeting } from './index.ts';
import { drive, flowWith, problemsOf } from '../testing.ts';

const joinUrl = String(joinMeeting.examples[0].joinUrl);
const base = { type: 'joinMeeting', joinUrl, displayName: 'Incident bot', next: 'next', error: 'other' };
const codes = (states: Record<string, object>) => problemsOf(flowWith(states as never)).map((p) => [p.pointer, p.code]);

describe('joinMeeting block', () => {
  it('offers next and error and needs Calls.JoinGroupCall.All', () => {
    expect(joinMeeting.outcomes(base as never).map((p) => p.name)).toEqual(['next', 'error']);
    expect(joinMeeting.permissions).toEqual(['Calls.JoinGroupCall.All']);
  });

  it('accepts a classic link, a /meet/ link, a meeting ID with passcode, and templates of each', () => {
    expect(codes({ j: base })).toEqual([]);
    expect(codes({ j: { ...base, joinUrl: '{{call.joinUrl}}' } })).toEqual([]);
    expect(codes({ j: { ...base, joinUrl: 'https://teams.microsoft.com/meet/2345678901234?p=Xy7Ab2' } })).toEqual([]);
    expect(codes({ j: { ...base, joinUrl: 'https://dod.teams.microsoft.us/meet/2345678901234?p=Xy7Ab2' } })).toEqual([]);
    expect(codes({ j: { ...base, joinUrl: joinUrl.replace('teams.microsoft.com', 'gov.teams.microsoft.us') } })).toEqual([]);
    const { joinUrl: _link, ...byId } = base;
    expect(codes({ j: { ...byId, meetingId: '234 567 890 123 4', passcode: 'Xy7Ab2' } })).toEqual([]);
    expect(codes({ j: { ...byId, meetingId: '234567890' } })).toEqual([]);
    expect(codes({ j: { ...byId, meetingId: '{{call.meetingId}}', passcode: '{{call.passcode}}' } })).toEqual([]);
  });

  it('rejects a link of another service by the schema, naming the accepted forms', () => {
    const problems = problemsOf(flowWith({ j: { ...base, joinUrl: 'https://zoom.us/j/123456789' } } as never));
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([['/states/j/joinUrl', 'schema.pattern']]);
    expect(problems[0].message).toMatch(/meetup-join.*\/meet\/<meeting id>\?p=<passcode>/);
  });

  it.each([
    ['a link cut before its context', 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0', /no context/],
    ['a chat link', 'https://teams.microsoft.com/l/chat/0/0?users=joe@contoso.com', /unknown shape; expected .*meetup-join.*\/meet\//],
    ['the launcher page', 'https://teams.microsoft.com/dl/launcher/launcher.html?url=%2f_%23%2fl%2fmeetup-join%2f&type=meetup-join', /launcher page/],
    ['a /meet/ link without a meeting ID', 'https://teams.microsoft.com/meet/abc?p=1', /no meeting ID \(9 to 15 digits\)/],
  ])('reports %s on a Teams host as lint.meeting-link at the joinUrl', (_name, link, message) => {
    const problems = problemsOf(flowWith({ j: { ...base, joinUrl: link } } as never));
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([['/states/j/joinUrl', 'lint.meeting-link']]);
    expect(problems[0].message).toMatch(message);
  });

  it('wants exactly one of a link or a meeting ID, and a passcode only with a meeting ID', () => {
    const { joinUrl: _link, ...byId } = base;
    expect(codes({ j: { ...byId, meetingId: '12345' } })).toEqual([['/states/j/meetingId', 'schema.pattern']]);
    expect(codes({ j: { ...base, meetingId: '234567890' } }).map(([, code]) => code)).toContain('schema.oneOf');
    expect(codes({ j: byId }).map(([, code]) => code)).toContain('schema.oneOf');
    expect(codes({ j: { ...base, passcode: 'Xy7Ab2' } }).map(([, code]) => code)).toContain('schema.dependentRequired');
  });

  it('requires next and a meeting', () => {
    expect(codes({ j: { type: 'joinMeeting' } }).map(([pointer]) => pointer)).toEqual(expect.arrayContaining(['/states/j']));
    expect(codes({ j: { type: 'joinMeeting', joinUrl } }).map(([, code]) => code)).toContain('schema.required');
  });

  it('asks Graph to join with the link and display name, then subscribes to tones once in the meeting', () => {
    const d = drive(flowWith({ j: base }));
    expect(d.effects).toEqual([{ type: 'graph.joinMeeting', joinUrl, displayName: 'Incident bot', clientContext: 'j#1.0' }]);
    d.send({ type: 'call.established' });
    expect(d.ports).toEqual(['j:next']);
    expect(d.effects.map((e) => e.type)).toEqual(['graph.joinMeeting', 'graph.subscribeToTone', 'graph.hangup']);
  });

  it('asks Graph to join by meeting ID and passcode, rendered from templates', () => {
    const d = drive(flowWith({ j: { type: 'joinMeeting', meetingId: '{{call.meetingId}}', passcode: '{{call.passcode}}', next: 'next' } }), {
      call: { id: 'c', direction: 'outgoing', meetingId: '2345678901234', passcode: 'Xy7Ab2' },
    });
    expect(d.effects[0]).toEqual({ type: 'graph.joinMeeting', meetingId: '2345678901234', passcode: 'Xy7Ab2', clientContext: 'j#1.0' });
  });

  it('renders a templated link and leaves out an absent display name', () => {
    const d = drive(flowWith({ j: { type: 'joinMeeting', joinUrl: '{{call.meetingUrl}}', next: 'next' } }), {
      call: { id: 'c', direction: 'outgoing', meetingUrl: joinUrl },
    });
    expect(d.effects[0]).toEqual({ type: 'graph.joinMeeting', joinUrl, clientContext: 'j#1.0' });
  });

  it('takes the error port with code and subcode when the meeting refuses the bot', () => {
    const d = drive(flowWith({ j: base }, { on: { hangup: 'next' } }));
    d.send({ type: 'call.terminated', code: 403, subcode: 10065 });
    expect(d.ports).toEqual(['j:error']);
    expect(d.value()).toBe('other');
    expect(d.lastResult()).toEqual({ code: 403, subcode: 10065 });
    expect((d.result.record.snapshot as { context: { call: Record<string, unknown> } }).context.call).toMatchObject({ terminated: true, resultCode: 403 });
  });

  it('takes the error port when Graph rejects the join request', () => {
    const d = drive(flowWith({ j: base }));
    d.send({ type: 'operation.failed', kind: 'createCall', clientContext: d.lastContext('graph.joinMeeting'), result: { code: 400 } });
    expect(d.ports).toEqual(['j:error']);
    expect(d.lastResult()).toEqual({ code: 400 });
  });
});
