import { describe, expect, it } from 'vitest';
import { parseJoinUrl } from './join-url.ts';
import { promptMediaInfo, uuidV5 } from './media.ts';

describe('Teams join links', () => {
  it('reads thread, message, tenant and organizer from a link as Teams copies it', () => {
    const url =
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_MjA5YjFkNzQtZWM2Ny00ZWQ4LWE2OWQtMmEzODI4NDZjNzYz%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22550fae72-d251-43ec-868c-373732c2704f%22%7d';
    expect(parseJoinUrl(url)).toEqual({
      threadId: '19:meeting_MjA5YjFkNzQtZWM2Ny00ZWQ4LWE2OWQtMmEzODI4NDZjNzYz@thread.v2',
      messageId: '0',
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      organizerId: '550fae72-d251-43ec-868c-373732c2704f',
    });
  });

  it('keeps MessageId from the context as the reply chain', () => {
    const context = encodeURIComponent(JSON.stringify({ Tid: 't', Oid: 'o', MessageId: '1612345' }));
    expect(parseJoinUrl(`https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/1612345?context=${context}`)).toMatchObject({
      replyChainMessageId: '1612345',
    });
  });

  it.each([
    ['not a URL', 'teams', /not a URL/],
    ['another host', 'https://teams.evil.com/l/meetup-join/19%3ax%40thread.v2/0?context=%7b%7d', /not a Teams join link/],
    ['no context', 'https://teams.microsoft.com/l/meetup-join/19%3ax%40thread.v2/0', /no context/],
    [
      'context without organizer',
      `https://teams.microsoft.com/l/meetup-join/19%3ax%40thread.v2/0?context=${encodeURIComponent('{"Tid":"t"}')}`,
      /lacks the tenant/,
    ],
    ['no thread', `https://teams.microsoft.com/l/meetup-join/abc/0?context=${encodeURIComponent('{"Tid":"t","Oid":"o"}')}`, /not a meeting thread id/],
  ])('refuses %s', (_name, url, message) => {
    expect(() => parseJoinUrl(url)).toThrow(message);
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
