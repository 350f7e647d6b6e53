/**
 * Roster actions of group calls and meetings: invite (running; the invitees' rings decide the
 * completion, then a roster update), mute/unmute of the bot itself or of a participant (returned
 * completed; a roster update follows), remove a participant, and hold music.
 */
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import type { EmulatedCall, Operation } from './call.ts';
import { later } from './call-timers.ts';
import type { Conversation } from './conversations.ts';
import { ringFailure } from './incoming.ts';
import { createOperation, finishOperation } from './operations.ts';
import { ringAll } from './ring-all.ts';
import { RESULTS } from './result-codes.ts';
import { personJoins, setMuted } from './roster.ts';
import { participantLeaves } from './leaving.ts';

/** POST …/participants/invite. */
export function invite(ctx: EmulatorContext, call: EmulatedCall, conversation: Conversation, body: JsonObject): Operation {
  const invitees = body.participants as JsonObject[];
  const operation = createOperation(ctx, call, 'invite', body.clientContext, 'running', { participants: invitees });
  ringAll(ctx, {
    callId: call.id,
    purpose: 'invite',
    targets: invitees,
    timeoutMs: ctx.timings.outgoingRingTimeoutMs,
    accepted: (person) => personJoins(ctx, conversation, person),
    settled: (joined, lastFailure) => {
      if (joined > 0) finishOperation(ctx, call, operation, 'completed', RESULTS.completed);
      else finishOperation(ctx, call, operation, 'failed', ringFailure(lastFailure));
    },
  });
  return operation;
}

/** POST …/mute, …/unmute (the bot itself) and …/participants/{id}/mute. */
export function mute(ctx: EmulatorContext, call: EmulatedCall, conversation: Conversation, participantId: string, muted: boolean, body: JsonObject): Operation {
  setMuted(ctx, conversation, participantId, muted);
  const operation = createOperation(ctx, call, muted ? 'mute' : 'unmute', body.clientContext, 'completed');
  operation.resultInfo = RESULTS.completed;
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
  later(ctx, call, ctx.timings.establishingDelayMs, () => finishOperation(ctx, call, operation, 'completed', RESULTS.completed));
  return operation;
}
