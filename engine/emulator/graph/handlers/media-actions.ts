/**
 * IVR actions (service-hosted media only, established calls only): playPrompt, recordResponse,
 * cancelMediaProcessing, subscribeToTone, sendDtmfTones — each `200 OK` + Location + operation.
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

/** POST …/sendDtmfTones. */
export function sendTones(rc: RequestContext): GraphResult {
  const call = mediaCall(rc, 'sendDtmfTones');
  return operationResult(rc, call, sendDtmfTones(rc.ctx, call, rc.body));
}
