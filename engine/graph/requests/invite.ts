/** graph.invite → `POST …/participants/invite` (graph-calls.md §2 #20): at most five participants. */
import { contextOf } from './client-context.ts';
import { invitationParticipant, participantList } from './identity.ts';
import { callPath, type RequestBuilder } from './types.ts';

export const invite: RequestBuilder<'graph.invite'> = (effect, context) => {
  const participants = participantList(effect.participants, 'invitees', 5).map((participant) => invitationParticipant(participant, context.tenantId));
  return { method: 'POST', path: callPath(context, 'participants/invite'), body: { participants, clientContext: contextOf(effect) } };
};
