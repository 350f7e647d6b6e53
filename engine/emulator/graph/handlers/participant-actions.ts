/**
 * Roster actions: invite (200 + Location + running inviteParticipantsOperation), participant mute
 * (returned completed), remove (204), start/stop hold music (202 + Location + running operation).
 */
import { escalateToGroupCall } from '../../model/escalation.ts';
import { holdMusic, invite as inviteParticipants, mute, removeParticipant, replacedCallId } from '../../model/participant-actions.ts';
import { isOtherParticipant } from '../../model/roster.ts';
import { graphErrors } from '../errors.ts';
import { liveCall, operationResult, requireConversation, requireRole, requireState, type GraphResult, type RequestContext } from '../request-context.ts';

/**
 * POST …/participants/invite. On a P2P call: refused (400) or the call escalates to a group call,
 * drawn per call (model/escalation.ts). A `replacesCallId` must name a live call of the same app.
 */
export function invite(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  requireRole(rc.app, ['Calls.InitiateGroupCall.All']);
  requireState(call, 'invite', ['established']);
  const replaces = replacedCallId(rc.body);
  const replaced = replaces ? rc.ctx.calls.get(replaces) : undefined;
  if (replaces && (!replaced || replaced.app.appId !== call.app.appId || replaced.state === 'terminated' || replaced.id === call.id))
    throw graphErrors.badRequest(`Invalid value for 'participants[0].replacesCallId': call '${replaces}' is not a live call of this application.`);
  const escalate = !call.conversationId && call.kind === 'peerToPeer' && rc.ctx.variations.of('p2pInvite', call.id) === 'escalated';
  const conversation = escalate ? escalateToGroupCall(rc.ctx, call) : requireConversation(rc, call, 'invite');
  return operationResult(rc, call, inviteParticipants(rc.ctx, call, conversation, rc.body));
}

/** POST …/participants/{id}/mute. */
export function muteOne(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  requireState(call, 'mute', ['established']);
  const conversation = requireConversation(rc, call, 'mute');
  const participantId = rc.route.participantId ?? '';
  if (!conversation.participants.has(participantId)) throw graphErrors.participantNotFound(participantId);
  return operationResult(rc, call, mute(rc.ctx, call, conversation, participantId, true, rc.body));
}

/** DELETE …/participants/{id}. */
export function remove(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  requireState(call, 'removeParticipant', ['established']);
  const conversation = requireConversation(rc, call, 'removeParticipant');
  const participantId = rc.route.participantId ?? '';
  if (participantId === call.myParticipantId) throw graphErrors.badRequest('The bot cannot remove itself; DELETE the call to leave it.');
  if (!removeParticipant(rc.ctx, conversation, participantId)) throw graphErrors.participantNotFound(participantId);
  call.log.add({ kind: 'event', event: 'participantRemoved', detail: { participantId } });
  return { status: 204 };
}

/** POST …/participants/{id}/startHoldMusic and stopHoldMusic. */
export function hold(start: boolean) {
  return (rc: RequestContext): GraphResult => {
    const call = liveCall(rc);
    requireState(call, start ? 'startHoldMusic' : 'stopHoldMusic', ['established']);
    const participantId = rc.route.participantId ?? '';
    if (!isOtherParticipant(rc.ctx, call, participantId)) throw graphErrors.participantNotFound(participantId);
    return operationResult(rc, call, holdMusic(rc.ctx, call, participantId, start, rc.body), 202);
  };
}
