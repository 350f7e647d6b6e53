/**
 * POST …/transfer (graph-calls.md §1.1): `transferring`, then the simulated target accepts —
 * `transferAccepted`, audio inactive, and `deleted` with 0/7015 GracefulTransferCompleted (a
 * consultative transfer also carries `terminationReason: AppTransferred`, as its example shows) — or
 * refuses: back to `established` with resultInfo 500/7000 (blind) or 500/7700 (consultative),
 * spelled `subCode` as in the documented failure payloads.
 *
 * A consultative transfer whose consult call (`replacesCallId`) is established with the target itself
 * does not ring the target again — they are already in that call, which the caller's takes over
 * ("the call which the transfer target is already in", invitationParticipantInfo.replacesCallId) —
 * and completes after a moment; the order of the two calls' `deleted` is drawn
 * (variations.ts `consultReplaced`).
 */
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import { moveTo, type EmulatedCall } from './call.ts';
import { later } from './call-timers.ts';
import { callData, notifyCall } from './notify.ts';
import { RESULT_CODES } from '../../protocol/result-codes.ts';
import { terminate } from './termination.ts';
import type { Behaviour } from '../variations.ts';

/** Starts a transfer (the handler checked state and body). */
export function transfer(ctx: EmulatorContext, call: EmulatedCall, body: JsonObject): void {
  const target = body.transferTarget as JsonObject;
  const replacesCallId = typeof target.replacesCallId === 'string' ? target.replacesCallId : undefined;
  const consultative = replacesCallId !== undefined;
  const person = ctx.people.fromIdentitySet(target.identity)!;
  const progress = ctx.variations.of('transferProgress', call.id);
  moveTo(call, 'transferring', `transfer to ${person.key}`);
  if (progress !== 'statesMissing') notifyCall(ctx, call, 'updated', callData(call, { state: 'transferring' }));
  const replaced = replacesCallId ? ctx.calls.get(replacesCallId) : undefined;
  if (replaced && replaced.state === 'established' && replaced.peer?.person.key === person.key) {
    later(ctx, call, ctx.timings.establishingDelayMs, () => {
      if (call.state === 'transferring') completeTransfer(ctx, call, person.key, replacesCallId, progress);
    });
    return;
  }
  const ring = ctx.rings.start({
    callId: call.id,
    purpose: 'transfer',
    person,
    timeoutMs: ctx.timings.outgoingRingTimeoutMs,
    onOutcome: (outcome) => {
      call.transfer = undefined;
      if (outcome === 'accepted') return completeTransfer(ctx, call, person.key, replacesCallId, progress);
      failTransfer(ctx, call, outcome, consultative, replacesCallId);
    },
  });
  call.transfer = { ringId: ring.id, consultative, target, replacesCallId };
}

/**
 * Back to `established` with the failure in resultInfo: in one notification (today's reference
 * examples), or — as earlier versions of the docs described — followed by a second one that
 * brings the audio back to active (variations.ts `transferFailure`).
 */
function failTransfer(ctx: EmulatorContext, call: EmulatedCall, outcome: string, consultative: boolean, replacesCallId: string | undefined): void {
  const failure = consultative ? RESULT_CODES.consultativeTransferFailed : RESULT_CODES.transferFailed;
  call.resultInfo = failure;
  moveTo(call, 'established', `transfer ${outcome}`);
  const data: JsonObject = {
    state: 'established',
    resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: failure.code, subCode: failure.subcode, message: failure.message },
  };
  if (consultative) data.replacesContext = replacesCallId;
  notifyCall(ctx, call, 'updated', callData(call, data));
  if (ctx.variations.of('transferFailure', call.id) === 'twoStep')
    later(ctx, call, ctx.timings.establishingDelayMs, () => {
      if (call.state === 'established') notifyCall(ctx, call, 'updated', callData(call, { state: 'established', mediaState: audio('active') }));
    });
}

/**
 * The target accepted: progress notifications as drawn (variations.ts `transferProgress`: the
 * documented `transferAccepted` then audio inactive; the two the other way round; no
 * `transferAccepted`; or no progress at all — users report transfer states never surfacing), then
 * always `deleted` with 0/7015 GracefulTransferCompleted.
 */
function completeTransfer(
  ctx: EmulatorContext,
  call: EmulatedCall,
  targetKey: string,
  replacesCallId: string | undefined,
  progress: Behaviour<'transferProgress'>,
): void {
  moveTo(call, 'transferAccepted', `transfer accepted by ${targetKey}`);
  call.log.add({ kind: 'event', event: 'transferred', detail: { to: targetKey } });
  const accepted = () => notifyCall(ctx, call, 'updated', callData(call, { state: 'transferAccepted' }));
  const inactive = () => {
    call.mediaState = 'inactive';
    notifyCall(ctx, call, 'updated', callData(call, { state: 'transferAccepted', mediaState: audio('inactive') }));
  };
  const steps = { documented: [accepted, inactive], inactiveFirst: [inactive, accepted], acceptedMissing: [inactive], statesMissing: [] }[progress];
  const end = () => {
    const replaced = replacesCallId ? ctx.calls.get(replacesCallId) : undefined;
    const endReplaced = () => {
      if (replaced && replaced.app.appId === call.app.appId && replaced.state !== 'terminated')
        terminate(ctx, replaced, RESULT_CODES.transferCompleted, { reason: `replaced by the transfer of ${call.id}` });
    };
    const replacedFirst = replaced !== undefined && ctx.variations.of('consultReplaced', call.id) === 'beforeTransfer';
    if (replacedFirst) endReplaced();
    terminate(ctx, call, RESULT_CODES.transferCompleted, { terminationReason: replacesCallId ? 'AppTransferred' : undefined, reason: 'transfer completed' });
    if (!replacedFirst) endReplaced();
  };
  const run = (index: number) => {
    if (index === steps.length) return end();
    steps[index]();
    later(ctx, call, ctx.timings.establishingDelayMs, () => run(index + 1));
  };
  run(0);
}

function audio(state: 'active' | 'inactive'): JsonObject {
  return { '@odata.type': '#microsoft.graph.callMediaState', audio: state };
}
