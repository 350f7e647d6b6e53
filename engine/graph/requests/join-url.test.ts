import { describe, expect, it } from 'vitest';
import { meetingOf, parseJoinUrl } from './join-url.ts';
import { BuildError } from './types.ts';
import { promptMediaInfo, uuidV5 } from './media.ts';

describe('the meeting of a join', () => {
  it('reads a classic link into its thread, tenant and organizer', () => {
    const url = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_X%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%2c%22Oid%22%3a%22o%22%7d';
    expect(meetingOf({ joinUrl: url })).toEqual({ kind: 'classic', threadId: '19:meeting_X@thread.v2', messageId: '0', tenantId: 't', organizerId: 'o' });
  });

  it('takes a meeting ID as Teams shows it, in groups, with its passcode', () => {
    expect(meetingOf({ meetingId: '234 567 890 123 4', passcode: 'Xy7Ab2' })).toEqual({
      kind: 'meetingId',
      joinMeetingId: '2345678901234',
      passcode: 'Xy7Ab2',
    });
    expect(meetingOf({ meetingId: '234567890', passcode: '' })).toEqual({ kind: 'meetingId', joinMeetingId: '234567890' });
  });

  it.each([
    ['neither a link nor an ID', {}, /either a join link or a meeting ID/],
    ['both a link and an ID', { joinUrl: 'https://teams.microsoft.com/meet/234567890', meetingId: '234567890' }, /not both/],
    ['an ID that a template rendered empty of digits', { meetingId: 'abc' }, /not a Teams meeting ID/],
    ['a rendered link of another service', { joinUrl: 'https://zoom.us/j/1' }, /not a Teams meeting link/],
  ])('refuses %s as a BuildError, so nothing is sent', (_name, effect, message) => {
    expect(() => meetingOf(effect)).toThrow(BuildError);
    expect(() => meetingOf(effect)).toThrow(message);
  });

  it('turns a parse failure of parseJoinUrl into a BuildError', () => {
    expect(() => parseJoinUrl('teams')).toThrow(BuildError);
  });
});

describe('prompt media', () => {
  it('derives a stable RFC 9562 version-5 UUID from the file path', () => {
    const id = uuidV5('prompts/en-US/welcome.wav');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV5('prompts/en-US/welcome.wav')).toBe(id);
    expect(uuidV5('prompts/de-DE/welcome.wav')).not.toBe(id);
  });

  it('matches the RFC 9562 test vector for the DNS namespace', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('serves prompts under the public URL, path segments encoded', () => {
    expect(promptMediaInfo('https://bot.contoso.com/', 'prompts/en-US/main menu.wav')).toEqual({
      uri: 'https://bot.contoso.com/prompts/en-US/main%20menu.wav',
      resourceId: uuidV5('prompts/en-US/main menu.wav'),
    });
  });
});
