import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { graphError, raw } from '../helpers/emulator-graph.ts';
import { SERVICE_HOSTED, data, establishedIncomingCall, first } from '../helpers/emulator-calls.ts';
import * as documented from '../helpers/emulator-documented.ts';
import { atLeast } from '../helpers/emulator-timing.ts';

let f: EmulatorFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.stop());

const answerBody = () => ({ callbackUri: f.bot.callbackUri, acceptedModalities: ['audio'], mediaConfig: SERVICE_HOSTED });

describe('incoming call: incoming → answer → establishing → established (graph-calls.md §1.1, §3.3)', () => {
  it('notifies the documented payloads in order and answers 202 without a body', async () => {
    const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'caller-1', displayName: 'Test User', tenantId: f.emulator.tenantId } } });
    const created = await f.bot.waitFor(id, 'the incoming call', (n) => first(n).changeType === 'created');
    documented.expectDocumented(
      first(created),
      documented.incomingCall({ callId: id, callerId: 'caller-1', tenantId: f.emulator.tenantId, appId: f.emulator.appId, callbackUri: f.bot.callbackUri }),
    );

    const res = await raw(f.graph, 'post', `/communications/calls/${id}/answer`, answerBody());
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBeNull();
    expect(await res.text()).toBe('');

    await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
    const sequence = f.bot.forCall(id).map(first);
    expect(sequence.map((n) => [n.changeType, (n.resourceData as Record<string, unknown>).state])).toEqual([
      ['created', 'incoming'],
      ['updated', 'establishing'],
      ['updated', 'established'],
    ]);
    documented.expectDocumented(sequence[1], documented.establishing(id));
    documented.expectDocumented(sequence[2], documented.established(id, 'incoming'));
    expect(((await f.graph.api(`/communications/calls/${id}`).get()) as { state: string }).state).toBe('established');
  });

  it('refuses to answer twice (409) and keeps the call', async () => {
    const id = await establishedIncomingCall(f);
    const error = await graphError(f.graph.api(`/communications/calls/${id}/answer`).post(answerBody()));
    expect(error.statusCode).toBe(409);
    expect(error.message).toContain("Action 'answer' is not allowed while the call is 'established'");
  });
});

describe('incoming call variants', () => {
  it("a call to the bot's phone number targets its application instance", async () => {
    const { id } = await f.emulator.people.placeCall({ from: { phone: '+14255550199' }, toApplicationInstance: true });
    const created = await f.bot.waitFor(id, 'the incoming call', (n) => first(n).changeType === 'created');
    expect(data(created)).toMatchObject({
      source: { identity: { phone: { id: '+14255550199' } } },
      targets: [{ identity: { applicationInstance: { id: f.emulator.apps[0].applicationInstanceId } } }],
    });
  });
});

describe('incoming call: reject and redirect', () => {
  it('reject → 202, then the bare deleted notification of the call-reject example, then 404', async () => {
    const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'caller-2' } } });
    await f.bot.waitFor(id, 'the incoming call', (n) => first(n).changeType === 'created');
    expect((await raw(f.graph, 'post', `/communications/calls/${id}/reject`, { reason: 'Busy' })).status).toBe(202);
    const deleted = await f.bot.waitFor(id, 'deleted', (n) => first(n).changeType === 'deleted');
    documented.expectDocumented(first(deleted), documented.rejected(id));
    expect((await graphError(f.graph.api(`/communications/calls/${id}`).get())).statusCode).toBe(404);
  });

  it('redirect to a target who accepts → deleted with the whole call (call-redirect example)', async () => {
    const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'caller-3' } } });
    await f.bot.waitFor(id, 'the incoming call', (n) => first(n).changeType === 'created');
    const target = { '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: { user: { id: 'redirect-target', displayName: 'Target' } } };
    expect(
      (await raw(f.graph, 'post', `/communications/calls/${id}/redirect`, { targets: [target], timeout: 15, callbackUri: f.bot.callbackUri })).status,
    ).toBe(202);
    const deleted = await f.bot.waitFor(id, 'deleted', (n) => first(n).changeType === 'deleted');
    documented.expectDocumented(
      first(deleted),
      documented.redirected({ callId: id, callerId: 'caller-3', appId: f.emulator.appId, callbackUri: f.bot.callbackUri }),
    );
    expect(data(deleted).resultInfo).toBeNull();
    expect((await f.emulator.people.log(id)).some((e) => e.kind === 'event' && e.event === 'redirected')).toBe(true);
  });

  it('redirect that nobody accepts → deleted carrying a failure resultInfo', async () => {
    await f.emulator.people.configurePerson('declines-redirects', { answer: 'decline', answerAfterMs: 1000 });
    const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'caller-4' } } });
    await f.bot.waitFor(id, 'the incoming call', (n) => first(n).changeType === 'created');
    await f.graph.api(`/communications/calls/${id}/redirect`).post({ targets: [{ identity: { user: { id: 'declines-redirects' } } }] });
    const deleted = await f.bot.waitFor(id, 'deleted', (n) => first(n).changeType === 'deleted');
    expect(data(deleted)).toMatchObject({ state: 'terminated', resultInfo: { code: 603, subcode: 0 } });
  });

  it('refuses a redirect timeout of 5 s (documented range 15–90) with a 400 naming the field', async () => {
    const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'caller-5' } } });
    const error = await graphError(f.graph.api(`/communications/calls/${id}/redirect`).post({ targets: [{ identity: { user: { id: 'x' } } }], timeout: 5 }));
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe("Invalid value for 'timeout': 5 is out of range; it must be at least 15.");
  });
});

describe('the 15 s answer window', () => {
  it('ends an unanswered call with 408/8544 "Callee could not be reached." (msteams-docs issue 9159) and answers a late answer with 404', async () => {
    const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'caller-6' } } });
    const deleted = await f.bot.waitFor(id, 'the call to expire', (n) => first(n).changeType === 'deleted');
    documented.expectDocumented(first(deleted), documented.terminated(id, 408, 8544, 'Callee could not be reached.'));
    const late = (await f.emulator.people.log(id)).find((e) => e.kind === 'state' && e.to === 'terminated');
    expect(late!.t - (await f.emulator.people.log(id))[0].t).toBeGreaterThanOrEqual(atLeast(15_000, f.emulator.context.clock.speed));
    const error = await graphError(f.graph.api(`/communications/calls/${id}/answer`).post(answerBody()));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('itemNotFound');
  });
});

describe('hang-ups', () => {
  it('DELETE → 204, terminating, then terminated 200/5001 (GC call-delete example)', async () => {
    const id = await establishedIncomingCall(f);
    expect((await raw(f.graph, 'delete', `/communications/calls/${id}`)).status).toBe(204);
    const deleted = await f.bot.waitFor(id, 'terminated', (n) => first(n).changeType === 'deleted');
    const sequence = f.bot.forCall(id).map(first);
    documented.expectDocumented(sequence.at(-2), documented.terminating(id));
    documented.expectDocumented(first(deleted), documented.terminated(id, 200, 5001, 'The conversation has ended.'));
  });

  it('the caller hangs up: a Teams user → 200/4521, a phone caller → 200/540000', async () => {
    const user = await establishedIncomingCall(f);
    await f.emulator.people.hangUp(user);
    const userEnd = await f.bot.waitFor(user, 'terminated', (n) => first(n).changeType === 'deleted');
    documented.expectDocumented(first(userEnd), documented.terminated(user, 200, 4521, 'Call ended by the other participant in peer-to-peer call.'));
    const phone = await establishedIncomingCall(f, { phone: '+14255550123' });
    const created = f.bot.forCall(phone)[0];
    expect((data(created).source as { identity: Record<string, unknown> }).identity.phone).toMatchObject({ id: '+14255550123' });
    await f.emulator.people.hangUp(phone);
    const phoneEnd = await f.bot.waitFor(phone, 'terminated', (n) => first(n).changeType === 'deleted');
    expect(data(phoneEnd).resultInfo).toMatchObject({ code: 200, subcode: 540000 });
  });

  it('any action on a terminated call answers 404, keepAlive included', async () => {
    const id = await establishedIncomingCall(f);
    expect((await raw(f.graph, 'post', `/communications/calls/${id}/keepAlive`)).status).toBe(200);
    await f.emulator.people.hangUp(id);
    await f.bot.waitFor(id, 'terminated', (n) => first(n).changeType === 'deleted');
    for (const [path, body] of [
      ['keepAlive', {}],
      ['playPrompt', { prompts: [{ '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: { uri: 'https://example.com/a.wav' } }] }],
      ['subscribeToTone', {}],
    ] as const) {
      const error = await graphError(f.graph.api(`/communications/calls/${id}/${path}`).post(body));
      expect([path, error.statusCode, error.code]).toEqual([path, 404, 'itemNotFound']);
    }
  });
});

describe('per-call log', () => {
  it('records every request the bot made and every notification with the bot answer', async () => {
    const id = await establishedIncomingCall(f);
    const log = await f.emulator.people.log(id);
    const requests = log.filter((e) => e.kind === 'request');
    expect(requests.map((r) => [r.kind === 'request' && r.action, r.kind === 'request' && r.status])).toEqual([['answer', 202]]);
    const notifications = await f.emulator.people.notifications(id);
    expect(notifications.map((n) => [n.changeType, n.status])).toEqual([
      ['created', 202],
      ['updated', 202],
      ['updated', 202],
    ]);
  });
});
