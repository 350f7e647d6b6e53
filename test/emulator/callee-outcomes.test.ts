/**
 * Callee outcomes (audit row 9): a ring that is declined, not answered, busy or unreachable ends the
 * bot's call with one of the codes Microsoft's sources give for it, drawn per call
 * (model/callee-outcomes.ts): each behaviour of each variation is shown here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VariationSettings } from '../../engine/emulator/index.ts';
import { callThatEnds } from '../helpers/emulator-calls.ts';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';

const OUTCOMES: Array<[string, Partial<VariationSettings>, Record<string, { code: number; subcode: number; message: string }>]> = [
  [
    'declined603, canceledOnTimeout487, noEndpoints480',
    { declinedCode: 'declined603', noAnswerCode: 'canceledOnTimeout487', unreachableCode: 'noEndpoints480' },
    {
      decline: { code: 603, subcode: 0, message: 'Call ended successfully as it was declined from callee.' },
      noAnswer: { code: 487, subcode: 10004, message: 'Call was canceled on timeout, no callee endpoint accepted on time.' },
      unreachable: { code: 480, subcode: 10037, message: 'No callee endpoints were found.' },
      busy: { code: 486, subcode: 0, message: 'Busy here.' },
    },
  ],
  [
    'declinedByAll487, noSignalling408, unreachable480',
    { declinedCode: 'declinedByAll487', noAnswerCode: 'noSignalling408', unreachableCode: 'unreachable480' },
    {
      decline: { code: 487, subcode: 10024, message: 'Call ended successfully. Call declined by all callee endpoints.' },
      noAnswer: { code: 408, subcode: 10057, message: 'Call timed out due to no signaling from callee endpoints.' },
      unreachable: { code: 480, subcode: 10076, message: 'Callee could not be reached.' },
      busy: { code: 486, subcode: 0, message: 'Busy here.' },
    },
  ],
  [
    'pushFailed400',
    { unreachableCode: 'pushFailed400' },
    {
      unreachable: {
        code: 400,
        subcode: 8541,
        message: 'Callee only had Trouter endpoints registered and PNH got delivery errors from all of them.. DiagCode: 480#10076',
      },
    },
  ],
];

describe.each(OUTCOMES)('callee outcomes drawn as %s', (_name, variations, expected) => {
  let f: EmulatorFixture;
  beforeAll(async () => {
    f = await startFixture({ variations, timings: { outgoingRingTimeoutMs: 5000 } });
    await f.emulator.people.configurePerson('decline', { answer: 'decline', answerAfterMs: 300 });
    await f.emulator.people.configurePerson('noAnswer', { answer: 'noAnswer' });
    await f.emulator.people.configurePerson('unreachable', { answer: 'unreachable' });
    await f.emulator.people.configurePerson('busy', { answer: 'busy' });
  });
  afterAll(() => f.stop());

  it.each(Object.entries(expected))('a callee who answers %s ends the call with the drawn code', async (person, result) => {
    const { resultInfo } = await callThatEnds(f, person);
    expect(resultInfo).toEqual({ '@odata.type': '#microsoft.graph.resultInfo', ...result });
  });
});

describe('a busy phone number', () => {
  it('ends a PSTN call with the platform code 486/560486', async () => {
    const f = await startFixture();
    try {
      await f.emulator.people.configurePerson('+14255550199', { answer: 'busy' });
      const { id } = (await f.graph.api('/communications/calls').post({
        callbackUri: f.bot.callbackUri,
        source: { identity: { applicationInstance: { id: f.emulator.apps[0].applicationInstanceId } } },
        targets: [{ identity: { phone: { id: '+14255550199' } } }],
        requestedModalities: ['audio'],
        mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
        tenantId: f.emulator.tenantId,
      })) as { id: string };
      const deleted = await f.bot.waitFor(id, 'the busy line', (n) => n.body.value[0].changeType === 'deleted');
      expect((deleted.body.value[0].resourceData as { resultInfo: unknown }).resultInfo).toMatchObject({ code: 486, subcode: 560486 });
    } finally {
      await f.stop();
    }
  });
});
