/**
 * The create-call body of a group call, exactly: Microsoft's "Create a group call with service
 * hosted media" example (learn.microsoft.com/graph/api/application-post-calls) with our callback,
 * tenant and pre-fetched prompts; and the requests that must not be sent.
 */
import { describe, expect, it } from 'vitest';
import { createCall } from '../../engine/graph/requests/create-call.ts';
import { BuildError, type BuildContext } from '../../engine/graph/requests/types.ts';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const context: BuildContext = {
  sessionId: 's-1',
  tenantId: TENANT,
  callbackUri: 'https://bot.contoso.com/api/calling?session=s-1',
  clientId: '0efc74f7-41c3-47a4-8775-7259bfef4241',
  promptMedia: (file) => ({ uri: `https://bot.contoso.com/${file}`, resourceId: `id-${file}` }),
  audioMedia: () => ({ uri: 'unused' }),
  preFetch: () => [{ uri: 'https://bot.contoso.com/prompts/a.wav', resourceId: 'a' }],
};
const user = (id: string, displayName?: string) => ({
  '@odata.type': '#microsoft.graph.invitationParticipantInfo',
  identity: {
    '@odata.type': '#microsoft.graph.identitySet',
    user: { '@odata.type': '#microsoft.graph.identity', id, ...(displayName ? { displayName } : {}), tenantId: TENANT },
  },
});

describe('group call request', () => {
  it('sends every person as a target, audio only, service-hosted media in the default audio group, and the tenant', () => {
    const request = createCall({ type: 'graph.createCall', to: [{ user: 'u-1', displayName: 'Ana' }, { user: 'u-2' }, { user: 'u-3' }] }, context);
    expect(request).toEqual({
      method: 'POST',
      path: '/communications/calls',
      body: {
        '@odata.type': '#microsoft.graph.call',
        callbackUri: context.callbackUri,
        targets: [user('u-1', 'Ana'), user('u-2'), user('u-3')],
        requestedModalities: ['audio'],
        mediaConfig: {
          '@odata.type': '#microsoft.graph.serviceHostedMediaConfig',
          removeFromDefaultAudioGroup: false,
          preFetchMedia: [{ uri: 'https://bot.contoso.com/prompts/a.wav', resourceId: 'a' }],
        },
        tenantId: TENANT,
      },
    });
  });

  it('keeps the peer-to-peer body for one target', () => {
    const body = createCall({ type: 'graph.createCall', to: { user: 'u-1' } }, context).body!;
    expect(body.targets).toEqual([user('u-1')]);
    expect(body.mediaConfig).not.toHaveProperty('removeFromDefaultAudioGroup');
  });

  it('is not sent when the rendered people are one person twice, too few, or not all users', () => {
    const build = (to: unknown) => () => createCall({ type: 'graph.createCall', to: to as never }, context);
    expect(build([{ user: 'u-1' }, { user: 'u-1' }])).toThrow(/already target 1/);
    expect(build([{ user: 'u-1' }])).toThrow(BuildError);
    expect(build([{ user: 'u-1' }, { phone: '+14255550100' }])).toThrow(/Teams users only/);
    expect(build(Array.from({ length: 6 }, (_, i) => ({ user: `u-${i}` })))).toThrow(/at most 5/);
  });
});
