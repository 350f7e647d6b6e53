/**
 * The TraceRedactor, one kind of leak at a time, and a structural check: in the session layer only
 * trace-writer.ts appends to a trace or logs trace entries, so every entry passes the redactor.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REDACTED, TraceRedactor } from '../../engine/session/trace-redaction.ts';
import type { CallSession, SessionTraceEntry } from '../../engine/session/types.ts';

const at = 1;
const session = (vars: Record<string, unknown>, lastResult: unknown = null): CallSession => ({
  id: 'c1',
  rev: 1,
  direction: 'incoming',
  leg: 'up',
  settled: [],
  phase: 'running',
  createdAt: 0,
  updatedAt: 0,
  record: {
    callId: 'c1',
    flowId: 'f',
    flowVersion: 'v',
    rev: 1,
    status: 'active',
    snapshot: { value: 's', context: { vars, lastResult } },
    startedAt: 0,
    updatedAt: 0,
    steps: 1,
  },
});
const text = (entries: SessionTraceEntry[]) => JSON.stringify(entries);

describe('trace redaction', () => {
  it('replaces a recording access token in a record completion and every copy of it in the batch', () => {
    const token = 'opaque-recording-token-123';
    const cleaned = new TraceRedactor().entries([
      { at, kind: 'event', event: { type: 'operation.completed', result: { recordingLocation: 'https://x/r1', recordingAccessToken: token } } },
      { at, kind: 'effect', effect: { type: 'http.request', url: `https://crm/x?t=${token}`, body: { anyName: token } } },
    ]);
    expect(text(cleaned)).not.toContain(token);
    expect(cleaned[0]).toMatchObject({ event: { result: { recordingLocation: 'https://x/r1', recordingAccessToken: REDACTED } } });
    expect(cleaned[1]).toMatchObject({ effect: { url: `https://crm/x?t=${REDACTED}`, body: { anyName: REDACTED } } });
  });

  it("removes a token the call holds in lastResult or in a variable named like a credential, in later steps' entries", () => {
    const entries: SessionTraceEntry[] = [
      { at, kind: 'effect', effect: { type: 'http.request', body: { a: 'tok-in-lastResult-1', b: 'tok-in-a-variable-2', c: 'plain words' } } },
    ];
    const cleaned = new TraceRedactor().entries(
      entries,
      session({ recordingToken: 'tok-in-a-variable-2', city: 'plain words' }, { recordingAccessToken: 'tok-in-lastResult-1' }),
    );
    expect(cleaned[0]).toMatchObject({ effect: { body: { a: REDACTED, b: REDACTED, c: 'plain words' } } });
  });

  it('replaces Authorization, cookie and API-key header values, keeping a header that only names a secret', () => {
    const cleaned = new TraceRedactor().entries([
      {
        at,
        kind: 'graph.request',
        headers: { Authorization: 'Bearer abc.def', cookie: 'sid=1', 'X-Api-Key': 'k-123456789', 'Ocp-Apim-Subscription-Key': 'sub-123456789', Accept: 'json' },
      },
      { at, kind: 'effect', effect: { headers: { Authorization: 'Bearer {{secrets.CRM_TOKEN}}', 'Api-Key': '{{secrets.K}}' } } },
    ]);
    expect(cleaned[0]).toMatchObject({
      headers: { Authorization: REDACTED, cookie: REDACTED, 'X-Api-Key': REDACTED, 'Ocp-Apim-Subscription-Key': REDACTED, Accept: 'json' },
    });
    expect(cleaned[1]).toMatchObject({ effect: { headers: { Authorization: 'Bearer {{secrets.CRM_TOKEN}}', 'Api-Key': '{{secrets.K}}' } } });
  });

  it('removes the bearer token of an Authorization header wherever else it appears', () => {
    const cleaned = new TraceRedactor().entries([{ at, kind: 'x', headers: { authorization: 'Bearer sk-live-0123456789' }, note: 'sent sk-live-0123456789' }]);
    expect(text(cleaned)).not.toContain('sk-live-0123456789');
  });

  it("removes the engine's secret values from any text, and anything shaped like a JWT", () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl';
    const cleaned = new TraceRedactor({ secretValues: () => ['crm-key-0123456789', 'short'] }).entries([
      { at, kind: 'event', event: { type: 'http.completed', body: { echo: 'key=crm-key-0123456789', token: `x ${jwt}`, word: 'short' } } },
    ]);
    expect(cleaned[0]).toMatchObject({ event: { body: { echo: `key=${REDACTED}`, token: `x ${REDACTED}`, word: 'short' } } });
  });

  it('masks phone numbers with CALLFLOW_TRACE_PII=mask and keeps them by default', () => {
    const entries: SessionTraceEntry[] = [
      { at, kind: 'event', event: { type: 'call.incoming', caller: { phone: '+14255550147' }, note: 'tel:+442071838750 called' } },
    ];
    expect(new TraceRedactor({ pii: 'mask' }).entries(entries)[0]).toMatchObject({
      event: { caller: { phone: '+1425555****' }, note: 'tel:+44207183**** called' },
    });
    expect(text(new TraceRedactor({ pii: 'mask' }).entries(entries))).not.toMatch(/\+14255550147|\+442071838750/);
    expect(new TraceRedactor().entries(entries)).toEqual(entries);
    expect(new TraceRedactor({ pii: 'mask' }).fields({ called: { phone: '+14255550147' } })).toEqual({ called: { phone: '+1425555****' } });
  });

  it('leaves entries without anything sensitive unchanged', () => {
    const entries: SessionTraceEntry[] = [{ at, kind: 'transition', to: 'menu', ids: ['57DAB8B1894C409AB240BD8BEAE78896'], n: 3, none: null }];
    expect(new TraceRedactor({ pii: 'mask', secretValues: () => [] }).entries(entries)).toEqual(entries);
  });
});

describe('the one way into traces and logs', () => {
  it('is trace-writer.ts: no other session module appends to a trace or logs trace entries', () => {
    const dir = join(import.meta.dirname, '..', '..', 'engine', 'session');
    const offenders = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !['trace-writer.ts', 'held-call-cache.ts', 'call-store.ts'].includes(file))
      .filter((file) => /store\.appendTrace\(|logger\.\w+\(\{ callId: [^}]*\.\.\.entry/.test(readFileSync(join(dir, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
