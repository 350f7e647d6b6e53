/**
 * Transfers beyond a blind transfer to a user or phone, through the real stack (msal-node token from
 * a local HTTPS authority, graph-client to a local HTTPS Graph that records what arrives): a call
 * queue's resource account as `identity.applicationInstance`, and the consultative transfer's
 * consult call, `replacesCallId` and the consult call's hang-up
 * (learn.microsoft.com/graph/api/call-transfer, examples "Consultative transfer").
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GraphTokenProvider } from '../../engine/graph/auth/graph-token-provider.ts';
import { createGraphClient } from '../../engine/graph/client/graph-client.ts';
import { GraphTransport } from '../../engine/graph/client/graph-transport.ts';
import { DEFAULT_RETRY_POLICY } from '../../engine/graph/client/retry-handler.ts';
import { GraphEffects } from '../../engine/graph/effects/graph-effects.ts';
import type { GraphEffectContext } from '../../engine/session/types.ts';
import { RecordingGraph, TEST_TENANT } from '../support/recording-graph.ts';

const CLIENT_ID = '0efc74f7-41c3-47a4-8775-7259bfef4241';
const CALL = 'call-1';
const QUEUE = '2b7e5d3c-9a41-4f6e-8c0d-1e3f5a7b9c2d';
const AGENT = '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50';
const graph = new RecordingGraph();
let effects: GraphEffects;
const context: GraphEffectContext = { sessionId: 's-1', graphCallId: CALL, tenantId: TEST_TENANT, direction: 'incoming' };
const identity = (kind: string, id: string, extra: Record<string, string> = {}) => ({
  '@odata.type': '#microsoft.graph.invitationParticipantInfo',
  identity: { '@odata.type': '#microsoft.graph.identitySet', [kind]: { '@odata.type': '#microsoft.graph.identity', id, ...extra } },
});
const last = () => {
  const request = graph.requests.at(-1)!;
  return { method: request.method, path: request.path, body: request.body };
};

beforeAll(async () => {
  await graph.start();
  const tokens = new GraphTokenProvider({ tenantId: TEST_TENANT, clientId: CLIENT_ID, clientSecret: 'test-secret', authorityHost: graph.origin });
  const client = createGraphClient({ graphBaseUrl: graph.graphBaseUrl, auth: tokens, retry: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 10, maxDelayMs: 40 } });
  effects = new GraphEffects(new GraphTransport(client, graph.graphBaseUrl), {
    publicUrl: 'https://bot.contoso.com',
    clientId: CLIENT_ID,
    tenantId: TEST_TENANT,
  });
});
afterAll(() => graph.stop());
beforeEach(() => graph.clear());

describe('transfer requests', () => {
  it('transfers to a call queue by its resource account as identity.applicationInstance, in the call’s tenant', async () => {
    await effects.execute({ type: 'graph.transfer', to: { applicationInstance: QUEUE, displayName: 'Sales queue' }, clientContext: 'q#1.0' }, context);
    expect(last()).toEqual({
      method: 'POST',
      path: `/v1.0/communications/calls/${CALL}/transfer`,
      body: { transferTarget: identity('applicationInstance', QUEUE, { displayName: 'Sales queue', tenantId: TEST_TENANT }), clientContext: 'q#1.0' },
    });
  });

  it('places the consult call like any call the bot places, to the session’s callback, and reports its id as the consult call’s', async () => {
    const outcome = await effects.execute({ type: 'graph.consultCall', to: { user: AGENT }, clientContext: 't#1.0' }, context);
    const { method, path, body } = last();
    expect([method, path]).toEqual(['POST', '/v1.0/communications/calls']);
    expect(body).toMatchObject({
      callbackUri: 'https://bot.contoso.com/api/calling?session=s-1',
      targets: [identity('user', AGENT, { tenantId: TEST_TENANT })],
      requestedModalities: ['audio'],
      tenantId: TEST_TENANT,
    });
    expect(outcome.consultCallId).toBe('created-call-1');
    // The caller's call keeps its id: the consult call does not replace it.
    expect(outcome.graphCallId).toBeUndefined();
    expect(outcome.events).toEqual([]);
  });

  it('transfers replacing the consult call: transferTarget.replacesCallId names it', async () => {
    await effects.execute({ type: 'graph.transfer', to: { user: AGENT }, consult: true, clientContext: 't#1.0' }, { ...context, consultCallId: 'consult-9' });
    expect(last()).toEqual({
      method: 'POST',
      path: `/v1.0/communications/calls/${CALL}/transfer`,
      body: { transferTarget: { ...identity('user', AGENT, { tenantId: TEST_TENANT }), replacesCallId: 'consult-9' }, clientContext: 't#1.0' },
    });
  });

  it('refuses a consultative transfer before the consult call has an id, without sending anything', async () => {
    const outcome = await effects.execute({ type: 'graph.transfer', to: { user: AGENT }, consult: true, clientContext: 't#1.0' }, context);
    expect(graph.requests.filter((r) => r.path.includes('/transfer'))).toEqual([]);
    expect(outcome.events).toMatchObject([{ type: 'operation.failed', kind: 'transfer', clientContext: 't#1.0' }]);
  });

  it('hangs the consult call up, not the caller’s', async () => {
    await effects.execute({ type: 'graph.endConsult', clientContext: 't#1.0' }, { ...context, consultCallId: 'consult-9' });
    expect(last()).toEqual({ method: 'DELETE', path: '/v1.0/communications/calls/consult-9', body: undefined });
  });
});
