/** graph.transfer → `POST …/transfer` (graph-calls.md §2 #7): blind transfer to a user, phone number or application. */
import { contextOf } from './client-context.ts';
import { asParticipant, invitationParticipant } from './identity.ts';
import { callPath, type GraphAction } from './types.ts';

export const transfer: GraphAction = {
  effect: 'graph.transfer',
  kind: 'transfer',
  settles: 'call',
  build(effect, context) {
    const target = asParticipant(effect.to, 'the transfer target');
    return {
      method: 'POST',
      path: callPath(context, 'transfer'),
      body: { transferTarget: invitationParticipant(target, context.tenantId), clientContext: contextOf(effect) },
    };
  },
};
