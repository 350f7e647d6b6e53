import { describe, expect, it } from 'vitest';
import { http } from './index.ts';
import { drive, fireTimer, flowWith, problemsOf } from '../testing.ts';
import type { FlowDocument } from '../../core/types.ts';

const variables: FlowDocument['variables'] = { tier: { type: 'string', default: '' }, vip: { type: 'boolean', default: false } };
const base = { type: 'http', url: 'https://crm.contoso.com/lookup', next: 'next', failed: 'other', error: 'other' };
const withVars = (state: object) => flowWith({ h: state as never }, { variables });
const codes = (flow: FlowDocument) => problemsOf(flow).map((p) => [p.pointer, p.code]);
const reply = (d: ReturnType<typeof drive>, status: number, body: unknown = null) =>
  d.send({ type: 'http.completed', clientContext: d.lastContext('http.request'), status, body });

describe('http block', () => {
  it('offers next, failed and error', () => {
    expect(http.outcomes(base as never).map((p) => p.name)).toEqual(['next', 'failed', 'error']);
  });

  it('allows https, http to localhost and template URLs only', () => {
    expect(codes(withVars({ ...base, url: 'http://localhost:8080/hook' }))).toEqual([]);
    expect(codes(withVars({ ...base, url: 'http://127.0.0.1/hook' }))).toEqual([]);
    expect(codes(withVars({ ...base, url: '{{call.crmUrl}}/lookup' }))).toEqual([]);
    expect(codes(withVars({ ...base, url: 'http://crm.contoso.com/lookup' }))).toEqual([['/states/h/url', 'schema.pattern']]);
    expect(codes(withVars({ ...base, url: 'http://localhost.evil.com/' }))).toEqual([['/states/h/url', 'schema.pattern']]);
  });

  it('caps the timeout at 10 s and retries at 3 and knows five methods', () => {
    expect(codes(withVars({ ...base, timeoutSeconds: 11, retries: 4, method: 'HEAD' }))).toEqual([
      ['/states/h/timeoutSeconds', 'schema.maximum'],
      ['/states/h/retries', 'schema.maximum'],
      ['/states/h/method', 'schema.enum'],
    ]);
  });

  it('checks assign expressions and the variables they read', () => {
    expect(codes(withVars({ ...base, assign: { tier: 'lastResult.body.tier +' } }))).toEqual([['/states/h/assign/tier', 'ref.invalid-expression']]);
    expect(codes(withVars({ ...base, assign: { tier: 'vars.tierr' } }))).toEqual([['/states/h/assign/tier', 'ref.unknown-variable']]);
  });

  it('reports an assign into an undeclared variable at its key', () => {
    expect(codes(withVars({ ...base, assign: { tierr: 'lastResult.body.tier' } }))).toEqual([['/states/h/assign/tierr', 'ref.unknown-variable']]);
  });

  it('sends the request with defaults and rendered templates', () => {
    const d = drive(withVars({ ...base, headers: { 'X-Call': '{{call.id}}' }, body: { phone: '{{caller.phone}}', tries: '{{1 + 1}}', fixed: [true] } }));
    expect(d.effects[0]).toEqual({
      type: 'http.request',
      method: 'POST',
      url: 'https://crm.contoso.com/lookup',
      headers: { 'X-Call': 'call-1' },
      body: { phone: '+14255550123', tries: 2, fixed: [true] },
      timeoutMs: 5000,
      retries: 1,
      clientContext: 'h#1.0',
    });
  });

  it('continues at next on 2xx and stores assigned values, later entries seeing earlier ones', () => {
    const d = drive(withVars({ ...base, method: 'GET', assign: { tier: 'lastResult.body.tier', vip: 'vars.tier == "gold"' } }));
    expect(d.effects[0]).not.toHaveProperty('body');
    reply(d, 200, { tier: 'gold' });
    expect(d.ports).toEqual(['h:next']);
    expect(d.lastResult()).toEqual({ status: 200, body: { tier: 'gold' } });
    expect(d.vars()).toEqual({ tier: 'gold', vip: true });
  });

  it('leaves through failed on another status without assigning', () => {
    const d = drive(withVars({ ...base, assign: { tier: 'lastResult.body.tier' } }));
    reply(d, 404, { message: 'unknown caller' });
    expect(d.ports).toEqual(['h:failed']);
    expect(d.lastResult()).toEqual({ status: 404, body: { message: 'unknown caller' } });
    expect(d.vars()).toEqual({ tier: '', vip: false });
  });

  it('treats another status as an error when failed is not connected', () => {
    const d = drive(withVars({ ...base, failed: undefined }));
    reply(d, 500);
    expect(d.ports).toEqual(['h:error']);
  });

  it('takes the error port when the request got no answer', () => {
    const d = drive(withVars(base));
    d.send({ type: 'http.failed', clientContext: d.lastContext('http.request'), error: 'timeout after 2 attempts' });
    expect(d.ports).toEqual(['h:error']);
    expect(d.lastResult()).toEqual({ status: null, body: null, error: 'timeout after 2 attempts' });
  });

  it('takes the error port when an assign does not fit the response', () => {
    const d = drive(withVars({ ...base, assign: { tier: 'lastResult.body.tier' } }));
    reply(d, 200, { level: 'gold' });
    expect(d.ports).toEqual(['h:error']);
    expect(d.lastResult()).toMatchObject({ status: 200, body: { level: 'gold' }, error: expect.stringContaining('lastResult.body.tier') });
    expect(d.vars()).toEqual({ tier: '', vip: false });
  });

  it('ignores answers to requests it did not send', () => {
    const d = drive(withVars(base));
    d.send({ type: 'http.completed', clientContext: 'elsewhere#1.0', status: 200, body: null });
    expect(d.ports).toEqual([]);
  });

  it("gives up after every attempt's time plus a margin when no answer ever comes", () => {
    const d = drive(withVars({ ...base, timeoutSeconds: 2, retries: 2 }));
    expect(d.effects.at(-1)).toMatchObject({ type: 'timer.set', dueAt: d.now + 16_000 });
    fireTimer(d, 'flow.h');
    expect(d.ports).toEqual(['h:error']);
    expect(d.lastResult()).toMatchObject({ status: null, error: 'no answer from the request executor' });
  });
});
