/**
 * The resultInfo a ring that did not end in an answer gives the call, action or operation that
 * made it (the bot's own call, a redirect, an invite). Microsoft's sources disagree on the codes,
 * so the emulator draws per call between the documented ones (variations.ts; README, "Behaviours
 * drawn per call"): a decline is 603/0 or 487/10024 and a ring nobody answers 487/10004 (the
 * platform's call-end table) or 408/10057 (Graph's call-delete table); an unreachable callee is
 * 480/10037, 480/10076 (Graph) or the real 400/8541 "… DiagCode: 480#10076" (comms-samples issue
 * 343). A busy phone is 486/560486 (platform table); for a busy Teams user no source gives a code,
 * and the emulator sends 486/0.
 */
import type { EmulatorContext } from '../context.ts';
import { RESULT_CODES, type ResultInfo } from '../../protocol/result-codes.ts';
import type { Person } from './people.ts';
import type { RingOutcome } from './rings.ts';

/** The result a failed ring of `person` ends with, for the call `callId`. */
export function ringFailure(ctx: EmulatorContext, callId: string, outcome: Exclude<RingOutcome, 'accepted'>, person?: Person): ResultInfo {
  if (outcome === 'declined') return ctx.variations.of('declinedCode', callId) === 'declined603' ? RESULT_CODES.declined : RESULT_CODES.declinedByAll;
  if (outcome === 'busy') return person?.kind === 'phone' ? RESULT_CODES.pstnBusy : RESULT_CODES.busyHere;
  if (outcome === 'unreachable') {
    const drawn = ctx.variations.of('unreachableCode', callId);
    if (drawn === 'noEndpoints480') return RESULT_CODES.noEndpoints;
    return drawn === 'unreachable480' ? RESULT_CODES.calleeUnreachable : RESULT_CODES.pushNotificationFailed;
  }
  return ctx.variations.of('noAnswerCode', callId) === 'canceledOnTimeout487' ? RESULT_CODES.canceledOnTimeout : RESULT_CODES.noSignalling;
}
