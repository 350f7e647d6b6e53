import { describe, expect, it } from 'vitest';
import { parseTeamsMeetingLink } from './teams-meeting-links.ts';

// Real shapes as Teams copies them: the classic link from "Copy join link" (thread and context
// URL-encoded, lowercase or uppercase escapes), the short link Teams now hands out, and the national clouds.
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ORGANIZER = '550fae72-d251-43ec-868c-373732c2704f';
const THREAD = '19:meeting_MjA5YjFkNzQtZWM2Ny00ZWQ4LWE2OWQtMmEzODI4NDZjNzYz@thread.v2';
const classic = (host: string, context: string) =>
  `https://${host}/l/meetup-join/19%3ameeting_MjA5YjFkNzQtZWM2Ny00ZWQ4LWE2OWQtMmEzODI4NDZjNzYz%40thread.v2/0?context=${context}`;
const lowerContext = `%7b%22Tid%22%3a%22${TENANT}%22%2c%22Oid%22%3a%22${ORGANIZER}%22%7d`;
const classicMeeting = { kind: 'classic', threadId: THREAD, messageId: '0', tenantId: TENANT, organizerId: ORGANIZER };

describe('Teams meeting links Teams hands out', () => {
  it.each([
    ['a classic link as Teams copies it', classic('teams.microsoft.com', lowerContext)],
    ['a classic link with uppercase escapes', classic('teams.microsoft.com', encodeURIComponent(`{"Tid":"${TENANT}","Oid":"${ORGANIZER}"}`))],
    ['a classic link with an unencoded context', classic('teams.microsoft.com', `{"Tid":"${TENANT}","Oid":"${ORGANIZER}"}`)],
    ['a classic link with the thread unencoded', `https://teams.microsoft.com/l/meetup-join/${THREAD}/0?context=${lowerContext}`],
    ['a classic link with more query parameters', `${classic('teams.microsoft.com', lowerContext)}&anon=true`],
    ['a classic GCC High link', classic('teams.microsoft.us', lowerContext)],
    ['a classic GCC High link on gov.teams', classic('gov.teams.microsoft.us', lowerContext)],
    ['a classic DoD link', classic('dod.teams.microsoft.us', lowerContext)],
  ])('reads thread, message, tenant and organizer from %s', (_name, link) => {
    expect(parseTeamsMeetingLink(link)).toEqual(classicMeeting);
  });

  it('keeps MessageId from a channel meeting context as the reply chain', () => {
    const context = encodeURIComponent(JSON.stringify({ Tid: 't', Oid: 'o', MessageId: '1612345' }));
    expect(parseTeamsMeetingLink(`https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/1612345?context=${context}`)).toEqual({
      kind: 'classic',
      threadId: '19:meeting_x@thread.v2',
      messageId: '1612345',
      replyChainMessageId: '1612345',
      tenantId: 't',
      organizerId: 'o',
    });
  });

  it.each([
    ['a short link with its passcode', 'https://teams.microsoft.com/meet/2345678901234?p=Xy7Ab2', { joinMeetingId: '2345678901234', passcode: 'Xy7Ab2' }],
    ['a short link with an encoded passcode', 'https://teams.microsoft.com/meet/234567890?p=a%2Bb%3D', { joinMeetingId: '234567890', passcode: 'a+b=' }],
    ['a short link without a passcode', 'https://teams.microsoft.com/meet/234567890123456', { joinMeetingId: '234567890123456' }],
    [
      'a short link with a trailing slash and an anon flag',
      'https://teams.microsoft.com/meet/2345678901234/?p=Q1w2E3&anon=true',
      { joinMeetingId: '2345678901234', passcode: 'Q1w2E3' },
    ],
    ['a short GCC High link', 'https://teams.microsoft.us/meet/2345678901234?p=Xy7Ab2', { joinMeetingId: '2345678901234', passcode: 'Xy7Ab2' }],
    ['a short DoD link', 'https://dod.teams.microsoft.us/meet/2345678901234?p=Xy7Ab2', { joinMeetingId: '2345678901234', passcode: 'Xy7Ab2' }],
  ])('reads the meeting ID and passcode from %s', (_name, link, expected) => {
    expect(parseTeamsMeetingLink(link)).toEqual({ kind: 'meetingId', ...expected });
  });

  it.each([
    ['not a URL', 'teams meeting', /not a URL.*\/meet\/<meeting id>\?p=<passcode>/],
    ['plain http', classic('teams.microsoft.com', lowerContext).replace('https:', 'http:'), /not a Teams meeting link; expected/],
    ['a look-alike host', classic('teams.microsoft.com.evil.example', lowerContext), /not a Teams meeting link/],
    ['a sub-domain nobody issues links on', classic('x.teams.microsoft.com', lowerContext), /not a Teams meeting link/],
    ['another meeting service', 'https://zoom.us/j/123456789', /not a Teams meeting link/],
    ['a Teams chat link', 'https://teams.microsoft.com/l/chat/0/0?users=joe@contoso.com', /unknown shape; expected .*meetup-join.*\/meet\//],
    [
      'the launcher page wrapping a link',
      `https://teams.microsoft.com/dl/launcher/launcher.html?url=${encodeURIComponent(`/_#/l/meetup-join/19:meeting_x@thread.v2/0?context=${lowerContext}`)}&type=meetup-join`,
      /launcher page.*url parameter/,
    ],
    ['a classic link cut before its context', 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0', /no context/],
    ['a context without organizer', classic('teams.microsoft.com', encodeURIComponent('{"Tid":"t"}')), /lacks the tenant/],
    ['a context that is not JSON', classic('teams.microsoft.com', '%7bTid'), /not JSON/],
    ['a classic link without a thread', `https://teams.microsoft.com/l/meetup-join/abc/0?context=${lowerContext}`, /not a meeting thread id/],
    [
      'a classic link without a message',
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2?context=%7b%7d',
      /no meeting thread and message/,
    ],
    ['a short link without an ID', 'https://teams.microsoft.com/meet/?p=Xy7Ab2', /no meeting ID/],
    ['a short link with a too short ID', 'https://teams.microsoft.com/meet/12345678?p=Xy7Ab2', /no meeting ID/],
    ['a short link with letters in the ID', 'https://teams.microsoft.com/meet/23456789012a?p=Xy7Ab2', /no meeting ID/],
  ])('refuses %s, naming the accepted forms', (_name, link, message) => {
    expect(() => parseTeamsMeetingLink(link)).toThrow(message);
  });
});
