/**
 * graph.createCall → `POST /communications/calls` (graph-calls.md §2.1): a peer-to-peer call to a
 * Teams user or application, a PSTN call to a phone number, which Graph places from an
 * application instance (resource account) with a number: CALLFLOW_APP_INSTANCE_ID — or, when the
 * dial names several Teams users, a group call to all of them (group-call.ts).
 */
import { isGroupCall } from '../../protocol/group-call-targets.ts';
import { groupCallTargets } from './group-call.ts';
import { asParticipant, invitationParticipant } from './identity.ts';
import { promptFiles, SERVICE_HOSTED_MEDIA } from './media.ts';
import { BuildError, type RequestBuilder } from './types.ts';

export const createCall: RequestBuilder<'graph.createCall'> = (effect, context) => {
  const group = isGroupCall(effect.to);
  const targets = group ? groupCallTargets(effect.to) : [asParticipant(effect.to, 'the number or user to dial')];
  const body: Record<string, unknown> = {
    '@odata.type': '#microsoft.graph.call',
    callbackUri: context.callbackUri,
    targets: targets.map((target) => invitationParticipant(target, context.tenantId)),
    requestedModalities: ['audio'],
    mediaConfig: {
      '@odata.type': SERVICE_HOSTED_MEDIA,
      // Microsoft's "Create a group call with service hosted media" example sends it (application-post-calls.md):
      // the bot stays in the group call's default audio, so everybody in it hears its prompts.
      ...(group ? { removeFromDefaultAudioGroup: false } : {}),
      preFetchMedia: context.preFetch?.(undefined) ?? promptFiles(context.flow, undefined).map((file) => context.promptMedia(file)),
    },
  };
  if (targets[0].phone) {
    if (!context.appInstanceId) throw new BuildError('calling a phone number needs an application instance with a phone number: set CALLFLOW_APP_INSTANCE_ID');
    body.source = {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: {
        '@odata.type': '#microsoft.graph.identitySet',
        applicationInstance: { '@odata.type': '#microsoft.graph.identity', id: context.appInstanceId },
      },
    };
  }
  if (context.tenantId) body.tenantId = context.tenantId;
  return { method: 'POST', path: '/communications/calls', body };
};
