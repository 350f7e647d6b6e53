/** graph.invite → `POST …/participants/invite` (graph-calls.md §2 #20): at most five participants. */
import { contextOf } from './client-context.ts';
import { invitationParticipant, participantList } from './identity.ts';
import { callPath, type GraphAction } from './types.ts';

export const invite: GraphAction = {
  effect: 'graph.invite',
  kind: 'invite',
  settles: 'notification',
  build(effect, context) {
    const participants = participantList(effect.participants, 'invitees', 5).map((participant) => invitationParticipant(participant, context.tenantId));
    return { method: 'POST', path: callPath(context, 'participants/invite'), body: { participants, clientContext: contextOf(effect) } };
  },
};
