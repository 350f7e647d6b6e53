/**
 * graph.transfer → `POST …/transfer` (graph-calls.md §2 #7): blind transfer to a user, phone number,
 * application or application instance (a Teams call queue's or auto attendant's resource account);
 * with `consult`, a consultative transfer: the transferTarget names the consult call the bot placed
 * to the same target as `replacesCallId` (learn.microsoft.com/graph/api/call-transfer, "Consultative
 * transfer"; invitationParticipantInfo.replacesCallId: "the call which the transfer target is already
 * in"), so the caller takes the consult call's place.
 */
import { contextOf } from './client-context.ts';
import { asParticipant, invitationParticipant } from './identity.ts';
import { BuildError, callPath, type RequestBuilder } from './types.ts';

export const transfer: RequestBuilder<'graph.transfer'> = (effect, context) => {
  const target = asParticipant(effect.to, 'the transfer target');
  const transferTarget = invitationParticipant(target, context.tenantId);
  if (effect.consult) {
    if (!context.consultCallId) throw new BuildError('a consultative transfer needs the consult call, which Graph has not given an id');
    transferTarget.replacesCallId = context.consultCallId;
  }
  return { method: 'POST', path: callPath(context, 'transfer'), body: { transferTarget, clientContext: contextOf(effect) } };
};
