/**
 * The bot joining a meeting (POST /communications/calls with chatInfo + meetingInfo). Real joins
 * fail on a meeting that does not exist or a wrong passcode; bots can wait in the lobby.
 *
 * - Unknown meeting, wrong or missing passcode: no Graph source documents the failure. The platform's
 *   call-end table has 404 "Call not found." for joining a call that does not exist (ACS
 *   troubleshooting codes), and a real join that could not be resolved was accepted (201), went
 *   `establishing`, then ended "Bad Request. DiagCode: 400#2203" (comms-samples issue 433). Drawn per
 *   call (variations.ts `meetingJoinFailure`): the POST refused with 400, or 201 then `deleted` with
 *   404/0 or 400/2203.
 * - Lobby: the bot waits with its call `establishing` (comms-samples issue 816: a bot held until the
 *   host admits it) until the people API admits it — then `established` and the roster, as for any
 *   join — or until the lobby times out: `deleted` 200/5855 "Participant waiting in lobby was removed
 *   from the conversation after lobby inactivity timeout." (call-delete.md). No source gives the
 *   timeout's length (`timings.lobbyTimeoutMs`, 15 minutes by default).
 * - `refuseBots`: the bot is turned away where an admitted bot would be established, with the same
 *   200/5855 (the documentation has no code for a bot denied outright).
 */
import type { EmulatorContext } from '../context.ts';
import { RESULT_CODES, type ResultInfo } from '../../protocol/result-codes.ts';
import type { EmulatedCall } from './call.ts';
import { later } from './call-timers.ts';
import type { Conversation } from './conversations.ts';
import { becomeEstablished, establishAfterDelay, notifyEstablishing } from './incoming.ts';
import { terminate } from './termination.ts';

/** How a join to an unknown meeting (or with a wrong passcode) ends when the POST is accepted. */
export function joinFailureResult(ctx: EmulatorContext, callId: string): ResultInfo | undefined {
  const drawn = ctx.variations.of('meetingJoinFailure', callId);
  if (drawn === 'requestRefused') return undefined;
  return drawn === 'callNotFound' ? RESULT_CODES.callNotFound : RESULT_CODES.meetingBadRequest;
}

/** Starts the bot's join: failed, turned away, held in the lobby or established. */
export function startMeetingJoin(ctx: EmulatorContext, call: EmulatedCall, meeting: Conversation | undefined, failure: ResultInfo | undefined): void {
  const settle = (step: () => void) => notifyEstablishing(ctx, call, () => later(ctx, call, ctx.timings.establishedDelayMs, step));
  if (!meeting?.meeting) return settle(() => terminate(ctx, call, failure ?? RESULT_CODES.callNotFound, { reason: 'no such meeting, or a wrong passcode' }));
  call.conversationId = meeting.id;
  if (meeting.meeting.refuseBots) return settle(() => terminate(ctx, call, RESULT_CODES.lobbyTimeout, { reason: 'the meeting did not admit the bot' }));
  if (!meeting.meeting.lobby) return establishAfterDelay(ctx, call);
  settle(() => {
    call.log.add({ kind: 'event', event: 'waitingInLobby', detail: { meetingId: meeting.id } });
    call.lobbyTimer = later(ctx, call, ctx.timings.lobbyTimeoutMs, () =>
      terminate(ctx, call, RESULT_CODES.lobbyTimeout, { reason: 'nobody admitted the bot before the lobby timed out' }),
    );
  });
}

/** Bot legs waiting in the meeting's lobby. */
export function waitingInLobby(ctx: EmulatorContext, meeting: Conversation): EmulatedCall[] {
  return [...ctx.calls.values()].filter((call) => call.conversationId === meeting.id && call.lobbyTimer !== undefined && call.state === 'establishing');
}

/** Admits the waiting bots (or the one with `callId`); returns the ids admitted. */
export function admitFromLobby(ctx: EmulatorContext, meeting: Conversation, callId?: string): string[] {
  const admitted = waitingInLobby(ctx, meeting).filter((call) => callId === undefined || call.id === callId);
  for (const call of admitted) {
    call.lobbyTimer?.cancel();
    call.lobbyTimer = undefined;
    call.log.add({ kind: 'event', event: 'admittedFromLobby', detail: { meetingId: meeting.id } });
    becomeEstablished(ctx, call);
  }
  return admitted.map((call) => call.id);
}
