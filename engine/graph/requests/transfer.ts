/** graph.transfer → `POST …/transfer` (graph-calls.md §2 #7): blind transfer to a user, phone number or application. */
import { contextOf } from './client-context.ts';
import { asParticipant, invitationParticipant } from './identity.ts';
import { callPath, type RequestBuilder } from './types.ts';

export const transfer: RequestBuilder<'graph.transfer'> = (effect, context) => {
  const target = asParticipant(effect.to, 'the transfer target');
  return {
    method: 'POST',
    path: callPath(context, 'transfer'),
    body: { transferTarget: invitationParticipant(target, context.tenantId), clientContext: contextOf(effect) },
  };
};
