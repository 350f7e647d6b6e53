import { describe, expect, it } from 'vitest';
import { describeFindings, JWT_KIND, sweepForCredentials } from './credential-sweep.ts';

const TOKEN = { kind: 'the voicemail API token', value: 'vm_9f2c41d7e0b8a6' };
const ADMIN = { kind: 'the admin token', value: 'admin-0123456789' };
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJl';

describe('the credential sweep', () => {
  it('finds a planted value and names the place and the kind', () => {
    const findings = sweepForCredentials(
      [
        { name: 'trace of call a', text: '{"headers":{"Authorization":"Bearer {{secrets.VOICEMAIL_API_TOKEN}}"}}' },
        { name: 'engine log line 7', text: `{"msg":"call http","url":"https://x/?t=${TOKEN.value}"}` },
        { name: 'engine log line 8', text: `admin ${ADMIN.value} and ${TOKEN.value}` },
      ],
      [TOKEN, ADMIN],
    );
    expect(findings).toEqual([
      { place: 'engine log line 7', kind: 'the voicemail API token' },
      { place: 'engine log line 8', kind: 'the voicemail API token' },
      { place: 'engine log line 8', kind: 'the admin token' },
    ]);
  });

  it('finds a JWT anywhere', () => {
    expect(sweepForCredentials([{ name: 'trace of call b', text: `{"authorization":"Bearer ${JWT}"}` }], [])).toEqual([
      { place: 'trace of call b', kind: JWT_KIND },
    ]);
  });

  it('passes over only the kinds that belong to a place', () => {
    const places = [{ name: 'emulator banner line 9', text: `secret ${TOKEN.value} admin ${ADMIN.value}`, allowed: [TOKEN.kind] }];
    expect(sweepForCredentials(places, [TOKEN, ADMIN])).toEqual([{ place: 'emulator banner line 9', kind: 'the admin token' }]);
  });

  it('finds nothing in redacted text', () => {
    expect(sweepForCredentials([{ name: 'trace', text: '{"Authorization":"[redacted]","recordingAccessToken":"[redacted]"}' }], [TOKEN, ADMIN])).toEqual([]);
  });

  it('never prints a value it found', () => {
    const findings = sweepForCredentials([{ name: 'engine log line 1', text: TOKEN.value }], [TOKEN]);
    const report = describeFindings(findings);
    expect(report).toBe('the voicemail API token in engine log line 1');
    expect(report).not.toContain(TOKEN.value);
  });

  it('refuses a value too short to search for', () => {
    expect(() => sweepForCredentials([], [{ kind: 'a short secret', value: 'abc' }])).toThrow(/a short secret is shorter than 8/);
  });
});
