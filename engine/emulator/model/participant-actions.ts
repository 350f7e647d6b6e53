/**
 * Roster actions of group calls and meetings: invite (running; the invitees' rings decide the
 * completion, then a roster update), mute/unmute of the bot itself or of a participant (returned
 * completed; a roster update follows), remove a participant, and hold music.
 *
 * An invitation whose participant carries `replacesCallId` moves that person out of their
 * peer-to-peer call with the bot: only the first participant is read (participant-invite.md, whose
 * replacesCallId example invites one; graph-calls.md §2 row 20), and "for peer-to-peer case, the call
 * will be dropped once the participant is added successfully" (invitationparticipantinfo.md), so a
 * `deleted` for it follows. Its resultInfo is not documented: the `deleted` carries none.
 */
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import type { EmulatedCall, Operation } from './call.ts';
import { later } from './call-timers.ts';
import type { Conversation } from './conversations.ts';
import { ringFailure } from './callee-outcomes.ts';
import { createOperation, finishOperation } from './operations.ts';
import { ringAll } from './ring-all.ts';
import { RESULT_CODES } from '../../protocol/result-codes.ts';
import { personJoins, setMuted } from './roster.ts';
import { participantLeaves } from './leaving.ts';
import { terminate } from './termination.ts';

/** The call the first invitee's `replacesCallId` names, when it does. */
export function replacedCallId(body: JsonObject): string | undefined {
  const first = (body.participants as JsonObject[])[0];
  return typeof first?.replacesCallId === 'string' ? first.replacesCallId : undefined;
}

/** POST …/participants/invite. */
export function invite(ctx: EmulatorContext, call: EmulatedCall, conversation: Conversation, body: JsonObject): Operation {
  const replaces = replacedCallId(body);
  const invitees = replaces ? [(body.participants as JsonObject[])[0]] : (body.participants as JsonObject[]);
  const operation = createOperation(ctx, call, 'invite', body.clientContext, 'running', { participants: invitees });
  if (replaces) {
    moveIntoCall(ctx, call, conversation, operation, invitees[0], replaces);
    return operation;
  }
  ringAll(ctx, {
    callId: call.id,
    purpose: 'invite',
    targets: invitees,
    timeoutMs: ctx.timings.outgoingRingTimeoutMs,
    accepted: (person) => personJoins(ctx, conversation, person),
    settled: (joined, lastFailure, refusedBy) => {
      if (joined > 0) finishOperation(ctx, call, operation, 'completed', RESULT_CODES.completed);
      else finishOperation(ctx, call, operation, 'failed', ringFailure(ctx, call.id, lastFailure, refusedBy));
    },
  });
  return operation;
}

/** The invitee is already talking to the bot: they join without a ring, and their old call is dropped. */
function moveIntoCall(ctx: EmulatorContext, call: EmulatedCall, conversation: Conversation, operation: Operation, invitee: JsonObject, replaces: string): void {
  const person = ctx.people.fromIdentitySet(invitee.identity)!;
  later(ctx, call, ctx.timings.establishingDelayMs, () => {
    personJoins(ctx, conversation, person);
    finishOperation(ctx, call, operation, 'completed', RESULT_CODES.completed);
    const replaced = ctx.calls.get(replaces);
    if (replaced) terminate(ctx, replaced, null, { reason: `${person.key} was added to call ${call.id}, which replaces this one` });
  });
}

/** POST …/mute, …/unmute (the bot itself) and …/participants/{id}/mute. */
export function mute(ctx: EmulatorContext, call: EmulatedCall, conversation: Conversation, participantId: string, muted: boolean, body: JsonObject): Operation {
  setMuted(ctx, conversation, participantId, muted);
  const operation = createOperation(ctx, call, muted ? 'mute' : 'unmute', body.clientContext, 'completed');
  operation.resultInfo = RESULT_CODES.completed;
  return operation;
}

/** DELETE …/participants/{id}: false when there is no such participant. */
export function removeParticipant(ctx: EmulatorContext, conversation: Conversation, participantId: string): boolean {
  return participantLeaves(ctx, conversation, participantId);
}

/** POST …/participants/{id}/startHoldMusic and stopHoldMusic: running, completed shortly after. */
export function holdMusic(ctx: EmulatorContext, call: EmulatedCall, participantId: string, start: boolean, body: JsonObject): Operation {
  const operation = createOperation(ctx, call, start ? 'startHoldMusic' : 'stopHoldMusic', body.clientContext);
  call.log.add({ kind: 'event', event: start ? 'holdMusicStarted' : 'holdMusicStopped', detail: { participantId } });
  later(ctx, call, ctx.timings.establishingDelayMs, () => finishOperation(ctx, call, operation, 'completed', RESULT_CODES.completed));
  return operation;
}
