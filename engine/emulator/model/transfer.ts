/**
 * POST …/transfer (graph-calls.md §1.1): `transferring`, then the simulated target accepts —
 * `transferAccepted`, audio inactive, and `deleted` with 0/7015 GracefulTransferCompleted (a
 * consultative transfer also carries `terminationReason: AppTransferred`, as its example shows) — or
 * refuses: back to `established` with resultInfo 500/7000 (blind) or 500/7700 (consultative),
 * spelled `subCode` as in the documented failure payloads.
 */
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import { moveTo, type EmulatedCall } from './call.ts';
import { later } from './call-timers.ts';
import { callData, notifyCall } from './notify.ts';
import { RESULTS } from './result-codes.ts';
import { terminate } from './termination.ts';

/** Starts a transfer (the handler checked state and body). */
export function transfer(ctx: EmulatorContext, call: EmulatedCall, body: JsonObject): void {
  const target = body.transferTarget as JsonObject;
  const replacesCallId = typeof target.replacesCallId === 'string' ? target.replacesCallId : undefined;
  const consultative = replacesCallId !== undefined;
  const person = ctx.people.fromIdentitySet(target.identity)!;
  moveTo(call, 'transferring', `transfer to ${person.key}`);
  notifyCall(ctx, call, 'updated', callData(call, { state: 'transferring' }));
  const ring = ctx.rings.start({
    callId: call.id,
    purpose: 'transfer',
    person,
    timeoutMs: ctx.timings.outgoingRingTimeoutMs,
    onOutcome: (outcome) => {
      call.transfer = undefined;
      if (outcome === 'accepted') return completeTransfer(ctx, call, person.key, replacesCallId);
      const failure = consultative ? RESULTS.consultativeTransferFailed : RESULTS.transferFailed;
      call.resultInfo = failure;
      moveTo(call, 'established', `transfer ${outcome}`);
      const data: JsonObject = {
        state: 'established',
        resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: failure.code, subCode: failure.subcode, message: failure.message },
      };
      if (consultative) data.replacesContext = replacesCallId;
      notifyCall(ctx, call, 'updated', callData(call, data));
    },
  });
  call.transfer = { ringId: ring.id, consultative, target, replacesCallId };
}

function completeTransfer(ctx: EmulatorContext, call: EmulatedCall, targetKey: string, replacesCallId: string | undefined): void {
  moveTo(call, 'transferAccepted', `transfer accepted by ${targetKey}`);
  notifyCall(ctx, call, 'updated', callData(call, { state: 'transferAccepted' }));
  call.log.add({ kind: 'event', event: 'transferred', detail: { to: targetKey } });
  later(ctx, call, ctx.timings.establishingDelayMs, () => {
    call.mediaState = 'inactive';
    notifyCall(
      ctx,
      call,
      'updated',
      callData(call, { state: 'transferAccepted', mediaState: { '@odata.type': '#microsoft.graph.callMediaState', audio: 'inactive' } }),
    );
    later(ctx, call, ctx.timings.establishingDelayMs, () => {
      terminate(ctx, call, RESULTS.transferCompleted, { terminationReason: replacesCallId ? 'AppTransferred' : undefined, reason: 'transfer completed' });
      const replaced = replacesCallId ? ctx.calls.get(replacesCallId) : undefined;
      if (replaced && replaced.app.appId === call.app.appId)
        terminate(ctx, replaced, RESULTS.transferCompleted, { reason: `replaced by the transfer of ${call.id}` });
    });
  });
}
