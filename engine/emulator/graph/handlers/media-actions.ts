/**
 * IVR actions (established calls only): playPrompt, recordResponse, cancelMediaProcessing and
 * subscribeToTone with service-hosted media only; sendDtmfTones with either kind of media — each
 * `200 OK` + Location + operation.
 */
import { cancelMediaProcessing, playPrompt, recordResponse, sendDtmfTones, subscribeToTone } from '../../model/media-actions.ts';
import { liveCall, operationResult, requireRole, requireServiceHostedMedia, requireState, type GraphResult, type RequestContext } from '../request-context.ts';
import type { EmulatedCall } from '../../model/call.ts';

function mediaCall(rc: RequestContext, action: string): EmulatedCall {
  const call = liveCall(rc);
  requireState(call, action, ['established']);
  requireServiceHostedMedia(call, action);
  return call;
}

/** POST …/playPrompt. */
export function play(rc: RequestContext): GraphResult {
  const call = mediaCall(rc, 'playPrompt');
  return operationResult(rc, call, playPrompt(rc.ctx, call, rc.body));
}

/** POST …/recordResponse (beta: …/record). */
export function record(rc: RequestContext): GraphResult {
  const call = mediaCall(rc, 'recordResponse');
  requireRole(rc.app, ['Calls.AccessMedia.All']);
  return operationResult(rc, call, recordResponse(rc.ctx, call, rc.body));
}

/** POST …/cancelMediaProcessing. */
export function cancel(rc: RequestContext): GraphResult {
  const call = mediaCall(rc, 'cancelMediaProcessing');
  return operationResult(rc, call, cancelMediaProcessing(rc.ctx, call, rc.body));
}

/** POST …/subscribeToTone. */
export function subscribe(rc: RequestContext): GraphResult {
  const call = mediaCall(rc, 'subscribeToTone');
  requireRole(rc.app, ['Calls.AccessMedia.All']);
  return operationResult(rc, call, subscribeToTone(rc.ctx, call, rc.body));
}

/**
 * POST …/sendDtmfTones, on app-hosted-media calls too: Microsoft's page for the action says
 * "Calls.AccessMedia.All is only necessary for calls that use app-hosted media"
 * (https://learn.microsoft.com/en-us/graph/api/call-senddtmftones, Permissions), so such calls
 * may send tones, unlike the prompt and recording actions.
 */
export function sendTones(rc: RequestContext): GraphResult {
  const call = liveCall(rc);
  requireState(call, 'sendDtmfTones', ['established']);
  return operationResult(rc, call, sendDtmfTones(rc.ctx, call, rc.body));
}
