/**
 * graph.consultCall → `POST /communications/calls`: the bot's own call to a transfer target before
 * a consultative transfer. Microsoft's call: transfer reference describes the consultative case as
 * a transfer whose transferTarget carries `replacesCallId`, "the identifier of the call which the
 * transfer target is already in" (learn.microsoft.com/graph/api/call-transfer, example 3;
 * resources/invitationparticipantinfo) — the consult call is that call, placed like dial's (same
 * body, same PSTN caller id), with the session's callback so its notifications reach this session.
 */
import { createCall } from './create-call.ts';
import { BuildError, type RequestBuilder } from './types.ts';

export const consultCall: RequestBuilder<'graph.consultCall'> = (effect, context) =>
  createCall({ type: 'graph.createCall', to: effect.to, ...(effect.clientContext ? { clientContext: effect.clientContext } : {}) }, context);

/** graph.endConsult → `DELETE /communications/calls/{consultCallId}`: the consult call is hung up when no transfer follows it. */
export const endConsult: RequestBuilder<'graph.endConsult'> = (_effect, context) => {
  if (!context.consultCallId) throw new BuildError('there is no consult call to hang up');
  return { method: 'DELETE', path: `/communications/calls/${encodeURIComponent(context.consultCallId)}` };
};
