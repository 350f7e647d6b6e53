/**
 * graph.invite → `POST …/participants/invite` (graph-calls.md §2 #20): at most five participants.
 * With `replacesCallId` the one participant is moved out of their one-to-one call with the bot:
 * invitationParticipantInfo.replacesCallId is "optional. The call which the target identity is
 * currently a part of. For peer-to-peer case, the call will be dropped once the participant is
 * added successfully" (learn.microsoft.com/graph/api/resources/invitationparticipantinfo), and
 * participant-invite's example sends it on the one participant invited.
 */
import { contextOf } from './client-context.ts';
import { invitationParticipant, participantList } from './identity.ts';
import { BuildError, callPath, type RequestBuilder } from './types.ts';

export const invite: RequestBuilder<'graph.invite'> = (effect, context) => {
  const replacesCallId = effect.replacesCallId === undefined ? undefined : String(effect.replacesCallId);
  if (replacesCallId !== undefined && !replacesCallId.trim())
    throw new BuildError('replacesCallId is empty: the call to move the participant out of has no Graph id');
  const participants = participantList(effect.participants, 'invitees', replacesCallId ? 1 : 5).map((participant) => ({
    ...invitationParticipant(participant, context.tenantId),
    ...(replacesCallId ? { replacesCallId } : {}),
  }));
  return { method: 'POST', path: callPath(context, 'participants/invite'), body: { participants, clientContext: contextOf(effect) } };
};
