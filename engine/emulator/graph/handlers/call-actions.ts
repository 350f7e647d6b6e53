/**
 * Call-control actions: answer, reject, redirect (202, empty body — no JSON content type, so
 * graph-client does not try to parse it), transfer (202), and the self mute/unmute, recording
 * status and screen-sharing role actions.
 */
import type { JsonObject } from '../../json.ts';
import { answer as answerCall, redirect as redirectCall, reject as rejectCall } from '../../model/incoming.ts';
import { mute as muteParticipant } from '../../model/participant-actions.ts';
import { createOperation } from '../../model/operations.ts';
import { RESULT_CODES } from '../../../protocol/result-codes.ts';
import { transfer as transferCall } from '../../model/transfer.ts';
import { graphErrors } from '../errors.ts';
import {
  checkCallbackUri,
  liveCall,
  operationResult,
  requireConversation,
  requireRole,
  requireState,
  type GraphResult,
  type RequestContext,
} from '../request-context.ts';

/** POST …/answer. */
export function answer(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  requireState(call, 'answer', ['incoming']);
  checkCallbackUri(rc.ctx, rc.body.callbackUri);
  if (call.kind === 'meeting') requireRole(rc.app, ['Calls.JoinGroupCall.All', 'Calls.JoinGroupCallAsGuest.All']);
  // The bot's answer fixes the API version the call's resources follow (beta-only fields or not).
  call.apiVersion = rc.version;
  answerCall(rc.ctx, call, rc.body);
  return { status: 202 };
}

/** POST …/reject. */
export function reject(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  requireState(call, 'reject', ['incoming']);
  checkCallbackUri(rc.ctx, rc.body.callbackUri);
  rejectCall(rc.ctx, call, rc.body);
  return { status: 202 };
}

/** POST …/redirect. */
export function redirect(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  requireRole(rc.app, ['Calls.Initiate.All']);
  requireState(call, 'redirect', ['incoming']);
  checkCallbackUri(rc.ctx, rc.body.callbackUri);
  redirectCall(rc.ctx, call, rc.body);
  return { status: 202 };
}

/** POST …/transfer. */
export function transfer(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  requireRole(rc.app, ['Calls.Initiate.All']);
  requireState(call, 'transfer', ['established']);
  if (call.kind !== 'peerToPeer' && rc.body.transferee === undefined)
    throw graphErrors.badRequest("Missing required property 'transferee': a transfer from a group call must name the participant to transfer.");
  const target = rc.body.transferTarget as JsonObject;
  if (typeof target.replacesCallId === 'string' && !rc.ctx.calls.has(target.replacesCallId))
    throw graphErrors.badRequest(`Invalid value for 'transferTarget.replacesCallId': call '${target.replacesCallId}' does not exist.`);
  transferCall(rc.ctx, call, rc.body);
  return { status: 202 };
}

/** POST …/mute and …/unmute: the bot mutes itself (group calls only). */
export function selfMute(muted: boolean) {
  return (rc: RequestContext): GraphResult => {
    const call = liveCall(rc);
    const action = muted ? 'mute' : 'unmute';
    requireState(call, action, ['established']);
    const conversation = requireConversation(rc, call, action);
    return operationResult(rc, call, muteParticipant(rc.ctx, call, conversation, call.myParticipantId, muted, rc.body));
  };
}

/** POST …/updateRecordingStatus: returned completed. */
export function updateRecordingStatus(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  requireRole(rc.app, ['Calls.JoinGroupCall.All', 'Calls.AccessMedia.All']);
  requireState(call, 'updateRecordingStatus', ['established']);
  call.recordingStatus = String(rc.body.status);
  call.log.add({ kind: 'event', event: 'recordingStatus', detail: { status: call.recordingStatus } });
  const operation = createOperation(rc.ctx, call, 'updateRecordingStatus', rc.body.clientContext, 'completed');
  operation.resultInfo = RESULT_CODES.completed;
  return operationResult(rc, call, operation);
}

/** POST …/changeScreenSharingRole: app-hosted media group calls only, which the emulator does not host. */
export function changeScreenSharingRole(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  requireState(call, 'changeScreenSharingRole', ['established']);
  requireConversation(rc, call, 'changeScreenSharingRole');
  if (call.mediaConfig?.['@odata.type'] !== '#microsoft.graph.appHostedMediaConfig')
    throw graphErrors.badRequest("Action 'changeScreenSharingRole' is supported only for calls with application-hosted media.");
  call.log.add({ kind: 'event', event: 'screenSharingRole', detail: { role: rc.body.role } });
  return { status: 202 };
}
