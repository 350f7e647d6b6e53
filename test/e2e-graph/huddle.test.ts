/**
 * The gallery's huddle over the wire: one create-call request rings the lead, the deputy and the
 * scribe at once (a group call, engine/protocol/group-call-targets.ts), the emulator rings each of
 * them, two pick up and one is busy, and the bot reads the briefing once the group call is
 * established with someone in it, then hangs up. The exact Graph requests, in order, and the exact
 * create-call body are read from the emulator's log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeByApi } from './calls.ts';
import { galleryFlow } from './gallery.ts';
import { E2E_APP } from './stack-config.ts';
import { startStack, type Stack } from './stack.ts';
import { graphRequests } from './wire.ts';

const LEAD = '1f7a3c5e-9b2d-4e60-8a1c-3d5f7b9e1a20';
const DEPUTY = '2a8b4d6f-0c3e-4f71-9b2d-4e6a8c0f2b31';
const SCRIBE = '3b9c5e7a-1d4f-4a82-8c3e-5f7b9d1a3c42';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ speed: 5 });
  for (const person of [LEAD, DEPUTY]) await stack.people.configurePerson(person, { answer: 'manual' });
  await stack.people.configurePerson(SCRIBE, { answer: 'busy' });
});
afterAll(() => stack?.stop());

const user = (id: string, displayName: string) => ({
  '@odata.type': '#microsoft.graph.invitationParticipantInfo',
  identity: {
    '@odata.type': '#microsoft.graph.identitySet',
    user: { '@odata.type': '#microsoft.graph.identity', id, displayName, tenantId: E2E_APP.tenantId },
  },
});

describe('huddle against the emulator', () => {
  it('rings three people in one group call, briefs the two who pick up and hangs up', async () => {
    const call = await placeByApi(stack, 'huddle', { vars: { lead: LEAD, deputy: DEPUTY, scribe: SCRIBE } });
    // Every target rings at once; the scribe's phone is busy, the lead and the deputy pick up.
    const rings = await stack.people.waitFor('three rings of the group call', async () => {
      const found = await stack.people.rings({ callId: call.emulatorCallId });
      return found.length === 3 ? found : undefined;
    });
    expect(rings.map((ring) => [ring.purpose, ring.person]).sort()).toEqual(
      [
        ['groupCall', LEAD],
        ['groupCall', DEPUTY],
        ['groupCall', SCRIBE],
      ].sort(),
    );
    for (const ring of rings.filter((r) => r.person !== SCRIBE)) await stack.people.decideRing(ring.id, 'accept');
    await stack.people.waitForState(call.emulatorCallId, 'terminated');

    const log = await stack.people.log(call.emulatorCallId);
    expect(graphRequests(log, galleryFlow('huddle'))).toEqual([
      `create user:${LEAD},user:${DEPUTY},user:${SCRIBE}`,
      'subscribeToTone',
      'playPrompt <words>',
      'delete',
    ]);
    const [create] = await stack.people.requests(call.emulatorCallId, 'create');
    expect(create.status).toBe(201);
    const body = create.body as Record<string, unknown>;
    expect(body.targets).toEqual([user(LEAD, 'Incident lead'), user(DEPUTY, 'Deputy'), user(SCRIBE, 'Scribe')]);
    expect(body).toMatchObject({
      '@odata.type': '#microsoft.graph.call',
      requestedModalities: ['audio'],
      mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig', removeFromDefaultAudioGroup: false },
      tenantId: E2E_APP.tenantId,
    });
    expect(body).not.toHaveProperty('source');
    expect((await stack.people.rings({ callId: call.emulatorCallId })).find((r) => r.person === SCRIBE)?.state).toBe('busy');

    const trace = await stack.api<{ entries: Array<{ kind: string; state?: string; port?: string }> }>('GET', `/api/calls/${call.flowCallId}/trace`);
    expect(trace.body.entries.filter((e) => e.kind === 'port').map((e) => `${e.state}:${e.port}`)).toEqual(['callCrew:next', 'brief:next']);
  });
});
