import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { graphError, raw } from '../helpers/emulator-graph.ts';
import { data, establishedIncomingCall, first } from '../helpers/emulator-calls.ts';
import * as documented from '../helpers/emulator-documented.ts';

let f: EmulatorFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.stop());

/** The transferTarget of the call-transfer example. */
const target = (userId: string, replacesCallId?: string) => ({
  '@odata.type': '#microsoft.graph.invitationParticipantInfo',
  endpointType: 'default',
  identity: { '@odata.type': '#microsoft.graph.identitySet', user: { '@odata.type': '#microsoft.graph.identity', id: userId, displayName: 'Heidi Steen' } },
  ...(replacesCallId && { replacesCallId }),
});

describe('transfer (graph-calls.md §1.1, call-transfer examples)', () => {
  it('blind transfer the target accepts: transferring, transferAccepted, then terminated 0/7015', async () => {
    const callId = await establishedIncomingCall(f);
    const res = await raw(f.graph, 'post', `/communications/calls/${callId}/transfer`, {
      transferTarget: target('heidi'),
      clientContext: '9e90d1c1-f61e-43e7-9f75-d420159aae08',
    });
    expect([res.status, res.headers.get('content-type')]).toEqual([202, null]);
    const deleted = await f.bot.waitFor(callId, 'the transfer to complete', (n) => first(n).changeType === 'deleted');
    const updates = f.bot
      .forCall(callId)
      .map(first)
      .filter((n) => ['transferring', 'transferAccepted'].includes(String((n.resourceData as Record<string, unknown>).state)));
    documented.expectDocumented(updates[0], documented.transferring(callId));
    documented.expectDocumented(updates[1], documented.transferAccepted(callId));
    // "Transfer accepted may happen after or before media state audio inactive."
    expect(updates.slice(2).map((n) => (n.resourceData as { mediaState?: { audio: string } }).mediaState?.audio)).toEqual(['inactive']);
    documented.expectDocumented(first(deleted), documented.transferCompleted(callId));
    expect((await f.emulator.people.log(callId)).find((e) => e.kind === 'event' && e.event === 'transferred')).toMatchObject({ detail: { to: 'heidi' } });
  });

  it('blind transfer the target refuses: back to established with 500/7000 (subCode, as documented)', async () => {
    await f.emulator.people.configurePerson('refuser', { answer: 'decline', answerAfterMs: 1000 });
    const callId = await establishedIncomingCall(f);
    await f.graph.api(`/communications/calls/${callId}/transfer`).post({ transferTarget: target('refuser') });
    const failed = await f.bot.waitFor(callId, 'the transfer to fail', (n) => Boolean(data(n).resultInfo));
    documented.expectDocumented(first(failed), documented.transferFailed(callId, 7000));
    expect(((await f.graph.api(`/communications/calls/${callId}`).get()) as { state: string }).state).toBe('established');
  });

  it('lets a test accept or refuse a manual target at the moment it chooses', async () => {
    await f.emulator.people.configurePerson('operator', { answer: 'manual' });
    const refused = await establishedIncomingCall(f);
    await f.graph.api(`/communications/calls/${refused}/transfer`).post({ transferTarget: target('operator') });
    await f.bot.waitFor(refused, 'transferring', (n) => data(n).state === 'transferring');
    expect((await f.emulator.people.call(refused)).state).toBe('transferring');
    await f.emulator.people.refuseTransfer(refused);
    await f.bot.waitFor(refused, 'the transfer to fail', (n) => Boolean(data(n).resultInfo));

    const accepted = await establishedIncomingCall(f);
    await f.graph.api(`/communications/calls/${accepted}/transfer`).post({ transferTarget: target('operator') });
    await f.emulator.people.acceptTransfer(accepted);
    const deleted = await f.bot.waitFor(accepted, 'the transfer to complete', (n) => first(n).changeType === 'deleted');
    expect(data(deleted).resultInfo).toMatchObject({ code: 0, subcode: 7015 });
  });

  it('consultative transfer: terminationReason AppTransferred on success, 500/7700 with replacesContext on failure', async () => {
    const consult = (await f.graph.api('/communications/calls').post({
      callbackUri: f.bot.callbackUri,
      targets: [target('consultant')],
      requestedModalities: ['audio'],
      mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
    })) as { id: string };
    await f.bot.waitFor(consult.id, 'the consultation call', (n) => data(n).state === 'established');
    const callId = await establishedIncomingCall(f);
    await f.graph.api(`/communications/calls/${callId}/transfer`).post({ transferTarget: target('consultant', consult.id) });
    const deleted = await f.bot.waitFor(callId, 'the transfer to complete', (n) => first(n).changeType === 'deleted');
    documented.expectDocumented(first(deleted), documented.consultativeTransferCompleted(callId));
    await f.bot.waitFor(consult.id, 'the replaced call to end', (n) => first(n).changeType === 'deleted');

    await f.emulator.people.configurePerson('busy-consultant', { answer: 'busy' });
    const other = (await f.graph.api('/communications/calls').post({
      callbackUri: f.bot.callbackUri,
      targets: [target('consultant')],
      requestedModalities: ['audio'],
      mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
    })) as { id: string };
    const second = await establishedIncomingCall(f);
    await f.graph.api(`/communications/calls/${second}/transfer`).post({ transferTarget: target('busy-consultant', other.id) });
    const failed = await f.bot.waitFor(second, 'the transfer to fail', (n) => Boolean(data(n).resultInfo));
    documented.expectDocumented(first(failed), documented.transferFailed(second, 7700));
    expect(data(failed).replacesContext).toBe(other.id);
  });

  it('consultative transfer to the person already in the consult call: no second ring, that call replaced', async () => {
    await f.emulator.people.configurePerson('agent-once', { answer: 'manual' });
    const consult = (await f.graph.api('/communications/calls').post({
      callbackUri: f.bot.callbackUri,
      targets: [target('agent-once')],
      requestedModalities: ['audio'],
      mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
    })) as { id: string };
    const ring = await f.emulator.people.waitForRing({ callId: consult.id });
    await f.emulator.people.decideRing(ring.id, 'accept');
    await f.bot.waitFor(consult.id, 'the consultation call', (n) => data(n).state === 'established');
    const callId = await establishedIncomingCall(f);
    await f.graph.api(`/communications/calls/${callId}/transfer`).post({ transferTarget: target('agent-once', consult.id) });
    const deleted = await f.bot.waitFor(callId, 'the transfer to complete', (n) => first(n).changeType === 'deleted');
    documented.expectDocumented(first(deleted), documented.consultativeTransferCompleted(callId));
    await f.bot.waitFor(consult.id, 'the replaced call to end', (n) => first(n).changeType === 'deleted');
    // The one ring was the consult call's: the transfer did not ring the agent again.
    expect((await f.emulator.people.rings({ callId })).length).toBe(0);
  });

  it('transfers to an emulated call queue: a resource account configured as applicationInstance answers the transfer', async () => {
    const queue = '2b7e5d3c-9a41-4f6e-8c0d-1e3f5a7b9c2d';
    const person = await f.emulator.people.configurePerson(queue, { kind: 'applicationInstance', displayName: 'Sales queue', answerAfterMs: 0 });
    expect(person.identity).toEqual({
      '@odata.type': '#microsoft.graph.identitySet',
      applicationInstance: { '@odata.type': '#microsoft.graph.identity', id: queue, displayName: 'Sales queue' },
    });
    const callId = await establishedIncomingCall(f);
    await f.graph.api(`/communications/calls/${callId}/transfer`).post({
      transferTarget: {
        '@odata.type': '#microsoft.graph.invitationParticipantInfo',
        identity: { '@odata.type': '#microsoft.graph.identitySet', applicationInstance: { '@odata.type': '#microsoft.graph.identity', id: queue } },
      },
    });
    const deleted = await f.bot.waitFor(callId, 'the transfer to complete', (n) => first(n).changeType === 'deleted');
    expect(data(deleted).resultInfo).toMatchObject({ code: 0, subcode: 7015 });
    expect((await f.emulator.people.log(callId)).find((e) => e.kind === 'event' && e.event === 'transferred')).toMatchObject({ detail: { to: queue } });
    await expect(f.emulator.people.configurePerson('x', { kind: 'guest' as never })).rejects.toThrow(/'kind' must be one of/);
  });

  it('refuses a transfer while one is in progress (409) and a transfer to an unknown replacesCallId (400)', async () => {
    await f.emulator.people.configurePerson('slow', { answer: 'manual' });
    const callId = await establishedIncomingCall(f);
    const unknown = await graphError(f.graph.api(`/communications/calls/${callId}/transfer`).post({ transferTarget: target('slow', 'no-such-call') }));
    expect([unknown.statusCode, unknown.message]).toEqual([400, expect.stringContaining("'transferTarget.replacesCallId'")]);
    await f.graph.api(`/communications/calls/${callId}/transfer`).post({ transferTarget: target('slow') });
    const again = await graphError(f.graph.api(`/communications/calls/${callId}/transfer`).post({ transferTarget: target('slow') }));
    expect([again.statusCode, again.code]).toEqual([409, 'Conflict']);
  });
});
