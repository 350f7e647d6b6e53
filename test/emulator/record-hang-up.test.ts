/**
 * The caller hangs up while a recordResponse listens. Sources disagree on what Graph then sends
 * (microsoft-graph-comms-samples #376: nothing, the recording is lost; #114: a call's operations end
 * with it), so the emulator draws `recordOnHangUp` per call; each behaviour is fixed here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { raw } from '../helpers/emulator-graph.ts';
import { data, establishedIncomingCall, first } from '../helpers/emulator-calls.ts';

const fixtures: Partial<Record<'lost' | 'delivered', EmulatorFixture>> = {};
beforeAll(async () => {
  fixtures.lost = await startFixture({ variations: { recordOnHangUp: 'lost' } });
  fixtures.delivered = await startFixture({ variations: { recordOnHangUp: 'delivered' } });
});
afterAll(async () => {
  await fixtures.lost?.stop();
  await fixtures.delivered?.stop();
});

/** A call recording the caller, who speaks for a second and hangs up; what the bot received for it, in order. */
async function hangUpWhileRecording(f: EmulatorFixture): Promise<{ callId: string; operationId: string; after: Array<Record<string, unknown>> }> {
  const callId = await establishedIncomingCall(f);
  const res = await raw(f.graph, 'post', `/communications/calls/${callId}/recordResponse`, {
    clientContext: 'message',
    playBeep: false,
    initialSilenceTimeoutInSeconds: 30,
    maxSilenceTimeoutInSeconds: 30,
    maxRecordDurationInSeconds: 120,
  });
  const operationId = ((await res.json()) as { id: string }).id;
  await f.emulator.people.waitForRecording(callId);
  expect(await f.emulator.people.speak(callId, 'noise', 1000)).toBe(true);
  await f.emulator.people.waitFor('the caller to finish speaking', async () =>
    (await f.emulator.people.log(callId)).some((e) => e.kind === 'person' && e.action === 'speak') ? true : undefined,
  );
  const before = f.bot.forCall(callId).length;
  await f.emulator.people.hangUp(callId);
  await f.bot.waitFor(callId, 'the call to end', (n) => first(n).changeType === 'deleted' && data(n).state === 'terminated');
  const after = f.bot
    .forCall(callId)
    .slice(before)
    .map((n) => ({ ...first(n), resourceData: data(n) }));
  return { callId, operationId, after };
}

describe('the caller hangs up while a recording listens', () => {
  it('lost: nothing more is sent for the operation; the call ends', async () => {
    const { operationId, after } = await hangUpWhileRecording(fixtures.lost!);
    expect(after.filter((n) => String(n.resourceUrl).endsWith(`/operations/${operationId}`))).toEqual([]);
    expect(after.at(-1)).toMatchObject({ changeType: 'deleted', resourceData: { state: 'terminated' } });
  });

  it('delivered: the operation completes with what was recorded, before the call ends, and the file opens with its token', async () => {
    const f = fixtures.delivered!;
    const { operationId, after } = await hangUpWhileRecording(f);
    const urls = after.map((n) => String(n.resourceUrl));
    const completion = urls.findIndex((url) => url.endsWith(`/operations/${operationId}`));
    expect(completion).toBeGreaterThanOrEqual(0);
    expect(completion).toBeLessThan(urls.length - 1);
    const done = after[completion].resourceData as { status: string; completionReason: string; recordingLocation: string; recordingAccessToken: string };
    expect(done).toMatchObject({ status: 'completed', completionReason: 'none', resultInfo: { code: 200, subcode: 0 } });
    const file = await fetch(done.recordingLocation, { headers: { Authorization: `Bearer ${done.recordingAccessToken}` } });
    expect(file.status).toBe(200);
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 4)
        .toString('latin1'),
    ).toBe('RIFF');
  });
});
