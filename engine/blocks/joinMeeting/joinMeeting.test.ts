import { describe, expect, it } from 'vitest';
import { joinMeeting } from './index.ts';
import { drive, flowWith, problemsOf } from '../testing.ts';

const joinUrl = joinMeeting.examples[0].joinUrl;
const base = { type: 'joinMeeting', joinUrl, displayName: 'Incident bot', next: 'next', error: 'other' };
const codes = (states: Record<string, object>) => problemsOf(flowWith(states as never)).map((p) => [p.pointer, p.code]);

describe('joinMeeting block', () => {
  it('offers next and error and needs Calls.JoinGroupCall.All', () => {
    expect(joinMeeting.outcomes(base as never).map((p) => p.name)).toEqual(['next', 'error']);
    expect(joinMeeting.permissions).toEqual(['Calls.JoinGroupCall.All']);
  });

  it('accepts a Teams join link and a template, and rejects other links', () => {
    expect(codes({ j: base })).toEqual([]);
    expect(codes({ j: { ...base, joinUrl: '{{call.meetingUrl}}' } })).toEqual([]);
    expect(codes({ j: { ...base, joinUrl: 'https://zoom.us/j/123456789' } })).toEqual([['/states/j/joinUrl', 'schema.pattern']]);
    // A link cut before its context has no organizer or tenant to join with.
    expect(codes({ j: { ...base, joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0' } })).toEqual([
      ['/states/j/joinUrl', 'schema.pattern'],
    ]);
  });

  it('requires joinUrl and next', () => {
    expect(codes({ j: { type: 'joinMeeting' } })).toEqual([
      ['/states/j', 'schema.required'],
      ['/states/j', 'schema.required'],
    ]);
  });

  it('asks Graph to join with the link and display name, then subscribes to tones once in the meeting', () => {
    const d = drive(flowWith({ j: base }));
    expect(d.effects).toEqual([{ type: 'graph.joinMeeting', joinUrl, displayName: 'Incident bot', clientContext: 'j#1.0' }]);
    d.send({ type: 'call.established' });
    expect(d.ports).toEqual(['j:next']);
    expect(d.effects.map((e) => e.type)).toEqual(['graph.joinMeeting', 'graph.subscribeToTone', 'graph.hangup']);
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
