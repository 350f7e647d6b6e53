/**
 * Details of the wire (audit rows 12, 14–17): an empty participant list for P2P calls;
 * completionReason only where the call's API version has it (playPrompt: beta only; record in v1.0:
 * drawn); completions sometimes without `id` or `@odata.type` (drawn); 65-minute notification
 * tokens from https://api.botframework.com or https://graph.microsoft.com (drawn).
 */
import { describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import type { VariationSettings } from '../../engine/emulator/index.ts';
import { SERVICE_HOSTED, data, establishedIncomingCall, operationDone, prompt, wav } from '../helpers/emulator-calls.ts';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';

const PROMPTS = { 'short.wav': wav(0.2) };

async function withFixture(variations: Partial<VariationSettings>, test: (f: EmulatorFixture) => Promise<void>): Promise<void> {
  const f = await startFixture({ variations, bot: { prompts: PROMPTS } });
  try {
    await test(f);
  } finally {
    await f.stop();
  }
}

const play = (f: EmulatorFixture, callId: string, version: 'v1.0' | 'beta' = 'v1.0') =>
  f.graph
    .api(`/communications/calls/${callId}/playPrompt`)
    .version(version)
    .post({ prompts: [prompt(`${f.bot.base}/prompts/short.wav`)], clientContext: 'p' }) as Promise<{ id: string }>;

describe('P2P participants', () => {
  it('lists none for an incoming P2P call ("does not support peer-to-peer calls")', () =>
    withFixture({}, async (f) => {
      const id = await establishedIncomingCall(f);
      expect(((await f.graph.api(`/communications/calls/${id}/participants`).get()) as { value: unknown[] }).value).toEqual([]);
    }));
});

describe('completionReason', () => {
  it('is absent from a v1.0 playPrompt completion and present on a call answered through beta', () =>
    withFixture({}, async (f) => {
      const v1 = await establishedIncomingCall(f);
      const v1Done = data(await operationDone(f, v1, (await play(f, v1)).id));
      expect(v1Done).toMatchObject({ status: 'completed', resultInfo: { code: 200, subcode: 0 } });
      expect(v1Done).not.toHaveProperty('completionReason');

      const { id: beta } = await f.emulator.people.placeCall({ from: { user: { id: 'beta-caller' } } });
      await f.bot.waitFor(beta, 'the offer', (n) => n.body.value[0].changeType === 'created');
      await f.graph
        .api(`/communications/calls/${beta}/answer`)
        .version('beta')
        .post({ acceptedModalities: ['audio'], mediaConfig: SERVICE_HOSTED });
      await f.bot.waitFor(beta, 'established', (n) => data(n).state === 'established');
      expect(data(await operationDone(f, beta, (await play(f, beta, 'beta')).id))).toMatchObject({ completionReason: 'completedSuccessfully' });
    }));

  it.each([
    ['included', { completionReason: 'maxRecordDurationReached' }],
    ['omitted', {}],
  ] as const)('on a v1.0 record completion is %s as drawn', (recordCompletionReason, expected) =>
    withFixture({ recordCompletionReason }, async (f) => {
      const id = await establishedIncomingCall(f);
      const recording = (await f.graph.api(`/communications/calls/${id}/recordResponse`).post({ maxRecordDurationInSeconds: 1, playBeep: false })) as {
        id: string;
      };
      await f.emulator.people.waitForRecording(id);
      await f.emulator.people.speak(id, 'noise', 5000);
      const done = data(await operationDone(f, id, recording.id));
      expect(done).toMatchObject({ status: 'completed', resultInfo: { code: 200, subcode: 8515 } });
      if ('completionReason' in expected) expect(done.completionReason).toBe(expected.completionReason);
      else expect(done).not.toHaveProperty('completionReason');
    }),
  );
});

describe('operation completions', () => {
  it.each([
    ['full', ['@odata.type', 'id']],
    ['withoutId', ['@odata.type']],
    ['withoutType', ['id']],
  ] as const)('drawn %s carry %j of @odata.type and id', (operationShape, present) =>
    withFixture({ operationShape }, async (f) => {
      const id = await establishedIncomingCall(f);
      const done = data(await operationDone(f, id, (await play(f, id)).id));
      expect(['@odata.type', 'id'].filter((key) => key in done)).toEqual(present);
      expect(done).toMatchObject({ status: 'completed', clientContext: 'p' });
    }),
  );
});

describe('notification tokens', () => {
  it.each([
    ['botFramework', 'https://api.botframework.com'],
    ['graph', 'https://graph.microsoft.com'],
  ] as const)('drawn %s are issued by %s and live 65 minutes', (notificationIssuer, iss) =>
    withFixture({ notificationIssuer }, async (f) => {
      const { id } = await f.emulator.people.placeCall({ from: { user: { id: 'token-check' } } });
      const offer = await f.bot.waitFor(id, 'the offer', (n) => n.body.value[0].changeType === 'created');
      expect(offer.tokenError).toBeUndefined();
      const claims = decodeJwt(String(offer.headers.authorization).slice('Bearer '.length));
      expect(claims).toMatchObject({ iss, aud: f.emulator.appId, tid: f.emulator.tenantId });
      expect(claims.exp! - claims.iat!).toBe(65 * 60);
    }),
  );
});
