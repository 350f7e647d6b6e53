/**
 * A group call with a phone number among its targets. Microsoft's create-call reference shows
 * group calls to users only and is silent on phone targets, so the emulator draws
 * `groupCallPhoneTarget` per call: refused (400) or accepted (the number is rung like the others,
 * under the conditions of any call to a number: an application instance as source, and the tenant).
 * Each behaviour is fixed once here, then calls are placed under drawn behaviours with the seed
 * printed, so a failure can be replayed with `seed`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomInt } from 'node:crypto';
import { startFixture, type EmulatorFixture } from '../helpers/emulator-fixture.ts';
import { SERVICE_HOSTED } from '../helpers/emulator-calls.ts';

const fixtures: Partial<Record<'refused' | 'accepted' | 'drawn', EmulatorFixture>> = {};
const SEED = randomInt(1, 2 ** 31);
beforeAll(async () => {
  fixtures.refused = await startFixture({ variations: { groupCallPhoneTarget: 'refused' } });
  fixtures.accepted = await startFixture({ variations: { groupCallPhoneTarget: 'accepted' } });
  fixtures.drawn = await startFixture({ seed: SEED, variations: { groupCallPhoneTarget: 'random' } });
  console.log(`groupCallPhoneTarget drawn with seed ${SEED}`);
});
afterAll(async () => {
  for (const f of Object.values(fixtures)) await f?.stop();
});

const identity = (kind: 'user' | 'phone', id: string) => ({
  '@odata.type': '#microsoft.graph.invitationParticipantInfo',
  identity: { '@odata.type': '#microsoft.graph.identitySet', [kind]: { '@odata.type': '#microsoft.graph.identity', id } },
});

/**
 * POST /communications/calls with a user and a phone number as targets, from the bot's application
 * instance (as a call to a number must be, unless `fromNumber` is false): the status, and the call or the error.
 */
async function groupWithPhone(f: EmulatorFixture, n: number, fromNumber = true): Promise<{ status: number; body: Record<string, unknown> }> {
  const source = {
    '@odata.type': '#microsoft.graph.participantInfo',
    identity: {
      '@odata.type': '#microsoft.graph.identitySet',
      applicationInstance: { '@odata.type': '#microsoft.graph.identity', id: f.emulator.apps[0]!.applicationInstanceId },
    },
  };
  try {
    const body = (await f.graph.api('/communications/calls').post({
      '@odata.type': '#microsoft.graph.call',
      callbackUri: f.bot.callbackUri,
      ...(fromNumber ? { source } : {}),
      targets: [identity('user', `member-${n}`), identity('phone', `+1425555${String(1000 + n).padStart(4, '0')}`)],
      requestedModalities: ['audio'],
      mediaConfig: { ...SERVICE_HOSTED, removeFromDefaultAudioGroup: false },
      tenantId: f.emulator.tenantId,
    })) as Record<string, unknown>;
    return { status: 201, body };
  } catch (error) {
    const failure = error as { statusCode: number; message: string };
    return { status: failure.statusCode, body: { message: failure.message } };
  }
}

const rungPeople = async (f: EmulatorFixture, callId: string) => (await f.emulator.people.rings({ callId })).map((ring) => ring.person).sort();

describe('a phone number among the targets of a group call', () => {
  it('refused: 400, and nothing is rung', async () => {
    const f = fixtures.refused!;
    const before = (await f.emulator.people.rings()).length;
    const outcome = await groupWithPhone(f, 1);
    expect(outcome).toEqual({ status: 400, body: { message: expect.stringContaining('only be created with user targets') } });
    expect((await f.emulator.people.rings()).length).toBe(before);
  });

  it('accepted: the group call is created and the number rings beside the user', async () => {
    const f = fixtures.accepted!;
    const outcome = await groupWithPhone(f, 2);
    expect(outcome.status).toBe(201);
    expect(outcome.body).toMatchObject({ state: 'establishing', direction: 'outgoing' });
    expect(await rungPeople(f, String(outcome.body.id))).toEqual(['+14255551002', 'member-2']);
  });

  it('accepted: the number is rung only from an application instance, as any call to a number', async () => {
    const outcome = await groupWithPhone(fixtures.accepted!, 3, false);
    expect(outcome).toEqual({ status: 400, body: { message: expect.stringContaining('source.identity.applicationInstance') } });
  });

  it('drawn per call: each call is refused or rung whole, as the call’s drawn behaviour says', async () => {
    const f = fixtures.drawn!;
    const outcomes: string[] = [];
    for (let n = 10; n < 18; n += 1) {
      const outcome = await groupWithPhone(f, n);
      if (outcome.status === 400) {
        expect(outcome.body.message).toContain('only be created with user targets');
        outcomes.push('refused');
        continue;
      }
      expect(outcome.status).toBe(201);
      const id = String(outcome.body.id);
      const drawn = (await f.emulator.people.log(id)).find((e) => e.kind === 'event' && e.event === 'variations') as
        { detail?: Record<string, string> } | undefined;
      expect(drawn?.detail?.groupCallPhoneTarget).toBe('accepted');
      expect(await rungPeople(f, id)).toEqual([`+1425555${1000 + n}`, `member-${n}`]);
      outcomes.push('accepted');
    }
    console.log(`seed ${SEED}: ${outcomes.join(', ')}`);
    expect(outcomes).toHaveLength(8);
  });
});
