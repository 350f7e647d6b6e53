import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { graphError, raw } from '../helpers/emulator-graph.ts';
import { SERVICE_HOSTED, data, first } from '../helpers/emulator-calls.ts';
import * as documented from '../helpers/emulator-documented.ts';
import { atLeast } from '../helpers/emulator-timing.ts';

// At ×6000, the documented 45 minutes last 450 ms.
let f: EmulatorFixture;
beforeAll(async () => {
  f = await startFixture({ speed: 6000 });
});
afterAll(() => f.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function outgoingCall(): Promise<string> {
  const created = (await f.graph.api('/communications/calls').post({
    callbackUri: f.bot.callbackUri,
    targets: [{ identity: { user: { id: 'keepalive-peer' } } }],
    requestedModalities: ['audio'],
    mediaConfig: SERVICE_HOSTED,
  })) as { id: string };
  return created.id;
}

describe('keepAlive (documented: a call without keepAlive for 45 min is ended with 408/8537)', () => {
  it('ends a call without keepAlive after 45 min, then keepAlive answers 404', async () => {
    const id = await outgoingCall();
    const deleted = await f.bot.waitFor(id, 'the keepAlive expiry', (n) => first(n).changeType === 'deleted', 5000);
    documented.expectDocumented(first(deleted), documented.terminated(id, 408, 8537, 'Keep Alive timeout, cleaned up inactive call.'));
    const log = await f.emulator.people.log(id);
    const ended = log.find((e) => e.kind === 'state' && e.to === 'terminated')!;
    expect(ended.t - log[0].t).toBeGreaterThanOrEqual(atLeast(45 * 60_000, f.emulator.context.clock.speed));
    expect((await graphError(f.graph.api(`/communications/calls/${id}/keepAlive`).post({}))).statusCode).toBe(404);
  });

  it('keepAlive restarts the window', async () => {
    const id = await outgoingCall();
    await sleep(250); // 25 emulated minutes
    expect((await raw(f.graph, 'post', `/communications/calls/${id}/keepAlive`)).status).toBe(200);
    await sleep(300); // 55 minutes after the start, 30 after the keepAlive
    expect((await f.emulator.people.call(id)).state).toBe('established');
    const deleted = await f.bot.waitFor(id, 'the keepAlive expiry', (n) => first(n).changeType === 'deleted', 5000);
    expect(data(deleted).resultInfo).toMatchObject({ code: 408, subcode: 8537 });
  });
});
