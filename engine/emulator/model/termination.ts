/**
 * How calls end: the bot hangs up (DELETE: `terminating`, then `terminated` 200/5001), the peer
 * hangs up, the answer window or the keepAlive window expires, a transfer completes, the meeting
 * ends. Every path goes through `terminate`, which stops media, rings and timers, takes the bot out
 * of its roster and sends the `deleted` call notification in the documented shape.
 */
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import { moveTo, type EmulatedCall } from './call.ts';
import { callResource, resultInfoJson } from './call-resource.ts';
import { cancelCallTimers, later } from './call-timers.ts';
import { callData, notifyCall } from './notify.ts';
import { RESULT_CODES, type ResultInfo } from '../../protocol/result-codes.ts';
import { botLeaves } from './roster.ts';

/**
 * What the `deleted` notification carries: `state` = state + resultInfo (GC call-delete example),
 * `bare` = type and id only (call-reject example), `full` = the whole call (call-redirect example).
 */
export type EndNotice = 'state' | 'bare' | 'full';

/** Ends the call leg and notifies the bot. Ending an ended call does nothing. */
export function terminate(
  ctx: EmulatorContext,
  call: EmulatedCall,
  result: ResultInfo | null,
  options: { notice?: EndNotice; terminationReason?: string; reason?: string } = {},
): void {
  if (call.state === 'terminated') return;
  cancelCallTimers(call);
  call.media.dispose();
  ctx.rings.cancelCall(call.id);
  moveTo(call, 'terminated', options.reason);
  call.resultInfo = result;
  call.terminationReason = options.terminationReason;
  botLeaves(ctx, call);
  let data: JsonObject;
  if (options.notice === 'bare') data = callData(call, {});
  else if (options.notice === 'full') data = callData(call, callResource(call));
  else {
    data = callData(call, { state: 'terminated' });
    if (result) data.resultInfo = resultInfoJson(result);
    if (options.terminationReason) data.terminationReason = options.terminationReason;
  }
  notifyCall(ctx, call, 'deleted', data);
  ctx.recordings.expireCall(call.id, ctx.timings.recordingRetentionMs);
  ctx.log(`call ${call.id} terminated${result ? ` (${result.code}/${result.subcode})` : ''}`);
}

/** DELETE /communications/calls/{id}: `terminating`, then `terminated` with 200/5001. */
export function hangUpByBot(ctx: EmulatorContext, call: EmulatedCall): void {
  if (call.state === 'incoming') return terminate(ctx, call, RESULT_CODES.botHungUp, { reason: 'deleted by the bot before answering' });
  call.media.dispose();
  ctx.rings.cancelCall(call.id);
  moveTo(call, 'terminating', 'deleted by the bot');
  notifyCall(ctx, call, 'updated', callData(call, { state: 'terminating' }));
  later(ctx, call, ctx.timings.terminatingDelayMs, () => terminate(ctx, call, RESULT_CODES.botHungUp, { reason: 'deleted by the bot' }));
}

/** The person at the other end of a P2P call hangs up. */
export function peerHangsUp(ctx: EmulatorContext, call: EmulatedCall): void {
  const result = call.peer?.person.kind === 'phone' ? RESULT_CODES.pstnHungUp : RESULT_CODES.peerHungUp;
  terminate(ctx, call, result, { reason: 'the peer hung up' });
}

/** (Re)starts the 45-minute keepAlive window (documented: 408/8537 when it lapses). */
export function armKeepAlive(ctx: EmulatorContext, call: EmulatedCall): void {
  call.keepAlive?.cancel();
  call.keepAlive = ctx.clock.after(ctx.timings.keepAliveTimeoutMs, () =>
    terminate(ctx, call, RESULT_CODES.keepAliveExpired, { reason: 'no keepAlive within the window' }),
  );
}
