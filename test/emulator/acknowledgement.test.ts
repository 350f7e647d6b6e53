/**
 * Acknowledging and answering an incoming call (audit rows 7 and 8). A bot that does not answer
 * within 15 s loses the call with the real 408/8544 "Callee could not be reached." (msteams-docs
 * issue 9159); one that does not acknowledge the incoming-call notification (no 2xx within about
 * 5 s, comms-samples issue 191) loses it too, with 408/8544 or the table's 408/1106 (drawn).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { VariationSettings } from '../../engine/emulator/index.ts';
import { SERVICE_HOSTED, data, first } from '../helpers/emulator-calls.ts';
import { startFixture } from '../helpers/emulator-fixture.ts';
import { graphError } from '../helpers/emulator-graph.ts';

const REFUSALS: Array<[Partial<VariationSettings>['unacknowledgedOffer'], { code: number; subcode: number; message: string }]> = [
  ['calleeNotReached8544', { code: 408, subcode: 8544, message: 'Callee could not be reached.' }],
  ['noAcknowledgement1106', { code: 408, subcode: 1106, message: 'An acknowledgement was not received for the call acceptance in the allotted time.' }],
];

describe('an incoming call the bot does not acknowledge', () => {
  it.each(REFUSALS)('is dropped (%s) at once, not after the answer window', async (unacknowledgedOffer, result) => {
    const f = await startFixture({ variations: { unacknowledgedOffer }, speed: 1 });
    f.bot.respond = (n) => (first(n).changeType === 'created' ? 503 : 202);
    try {
      const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'unheard' } } });
      const deleted = await f.bot.waitFor(id, 'the call to be dropped', (n) => first(n).changeType === 'deleted', 3000);
      expect(data(deleted)).toMatchObject({ state: 'terminated', resultInfo: result });
      expect((await f.emulator.people.log(id)).some((e) => e.kind === 'event' && e.event === 'offerNotAcknowledged')).toBe(true);
      const late = await graphError(f.graph.api(`/communications/calls/${id}/answer`).post({ acceptedModalities: ['audio'], mediaConfig: SERVICE_HOSTED }));
      expect(late.statusCode).toBe(404);
    } finally {
      await f.stop();
    }
  });

  it('counts an incoming-call notification that is not answered in time (5 s by default; here 300 ms) as not acknowledged', async () => {
    // A webhook that takes the connection and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const f = await startFixture({ offerTimeoutMs: 300, speed: 1 });
    f.emulator.apps[0].callbackUri = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api/calling`;
    try {
      const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'slow-bot' } } });
      const ended = await f.emulator.people.waitForState(id, 'terminated');
      expect(ended.resultInfo).toMatchObject({ code: 408, subcode: 8544 });
      const [offer] = await f.emulator.people.notifications(id);
      expect(offer).toMatchObject({ changeType: 'created', error: expect.any(String) });
    } finally {
      await f.stop();
      silent.closeAllConnections();
      await new Promise((done) => silent.close(done));
    }
  });

  it('keeps a call the bot acknowledged, even if a later notification fails', async () => {
    const f = await startFixture();
    f.bot.respond = (n) => (first(n).changeType === 'created' ? 202 : 500);
    try {
      const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'acknowledged' } } });
      await f.bot.waitFor(id, 'the offer', (n) => first(n).changeType === 'created');
      await f.graph.api(`/communications/calls/${id}/answer`).post({ acceptedModalities: ['audio'], mediaConfig: SERVICE_HOSTED });
      await f.emulator.people.waitForState(id, 'established');
    } finally {
      await f.stop();
    }
  });
});
