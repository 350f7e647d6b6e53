/**
 * Call resource notifications (`/communications/calls/{id}`, graph-calls.md §3.3) → engine events:
 * `call.incoming` (created, state incoming), `call.established` (once, when the call is both
 * established and its audio active — Microsoft's samples wait for `Established &&
 * MediaState.Audio == Active`, which may come in one notification or two, and warn of repeated
 * `established`), `transfer.accepted` / `transfer.failed`, `tone` (one per toneInfo sequence id) and
 * `call.terminated {code, subcode}` (deleted or state terminated; once). A `deleted` with 0/7015
 * (GracefulTransferCompleted) is a transfer that succeeded, even when no transfer state was
 * reported before it (users report them never surfacing). A termination or transfer failure whose
 * code Microsoft documents also carries `meaning` (engine/protocol/result-codes.ts) for the trace.
 */
import type { EngineEvent } from '../../core/types.ts';
import { explainResult } from '../../protocol/result-codes.ts';
import { enumValue, integer, isObject, resultInfo, text, type WireObject } from './lenient.ts';
import { remember, type MapperInput, type MapperResult, type NotificationMemory } from './memory.ts';
import { calledOf, callerOf } from './parties.ts';
import { digitOfTone } from './tones.ts';

/** States that need no event of their own (graph-calls.md §1). */
/** resultInfo subcode of a transfer that completed (GracefulTransferCompleted, graph-calls.md §1.1). */
const TRANSFER_COMPLETED = 7015;

const KNOWN_STATES = new Set(['incoming', 'establishing', 'ringing', 'hold', 'transferring', 'transferaccepted', 'redirecting', 'terminating']);

export const mapCallNotification = (input: MapperInput): MapperResult => {
  const data: WireObject = isObject(input.notification.resourceData) ? input.notification.resourceData : {};
  const state = enumValue(data.state);
  const events: EngineEvent[] = [];
  const notes: string[] = [];
  let memory: NotificationMemory = { ...input.memory };

  if (input.changeType === 'created' && (state === 'incoming' || state === undefined)) {
    if (memory.incoming) return { events, memory, notes: ['incoming call offered again (duplicate)'] };
    memory = { ...memory, incoming: true, ...(text(data.myParticipantId) ? { me: text(data.myParticipantId) } : {}) };
    return { events: [incomingEvent(input.ref.callId ?? text(data.id) ?? '', data)], memory, notes };
  }
  if (memory.terminated) return { events, memory, notes: [`call notification after termination ignored (state ${state ?? 'none'})`] };
  if (text(data.myParticipantId) && !memory.me) memory.me = text(data.myParticipantId);

  if (input.changeType === 'deleted' || state === 'terminated') {
    const result = resultInfo(data.resultInfo);
    memory.terminated = true;
    if (result?.subcode === TRANSFER_COMPLETED && !memory.transferAccepted) {
      memory.transferAccepted = true;
      events.push({ type: 'transfer.accepted' });
    }
    events.push({ type: 'call.terminated', ...described(result?.code ?? 0, result?.subcode ?? 0, result?.message) });
    return { events, memory, notes };
  }

  const result = resultInfo(data.resultInfo);
  if (state === 'transferring') memory.transferring = true;
  if (state === 'transferaccepted' && !memory.transferAccepted) {
    memory = { ...memory, transferAccepted: true, transferring: false };
    events.push({ type: 'transfer.accepted' });
  }
  if (state === 'established') {
    // A failed transfer leaves the call established with the failure in resultInfo (§1.1).
    if (memory.established && result && result.code >= 400) {
      memory.transferring = false;
      events.push({ type: 'transfer.failed', ...described(result.code, result.subcode, result.message) });
    } else if (memory.established) {
      notes.push('established again (duplicate)');
    } else {
      memory.established = true;
    }
  } else if (state && !KNOWN_STATES.has(state)) {
    notes.push(`unknown call state '${state}'`);
  }
  if (isObject(data.mediaState) && enumValue(data.mediaState.audio) === 'active') memory.audioActive = true;
  if (memory.established && memory.audioActive && !memory.announced) {
    memory.announced = true;
    events.push({ type: 'call.established' });
  } else if (state === 'established' && !memory.audioActive) {
    notes.push('established, waiting for the audio to be active');
  }

  const tone = toneEvent(data.toneInfo, memory, notes);
  if (tone) {
    events.push(tone.event);
    memory = tone.memory;
  }
  return { events, memory, notes };
};

/** code, subcode, the message when there is one, and the documented meaning when the table knows the code. */
function described(code: number, subcode: number, message: string | undefined): { code: number; subcode: number; message?: string; meaning?: string } {
  const meaning = explainResult(code, subcode);
  return { code, subcode, ...(message ? { message } : {}), ...(meaning ? { meaning } : {}) };
}

function incomingEvent(callId: string, data: WireObject): EngineEvent {
  const tenantId = text(data.tenantId);
  const call = {
    id: callId,
    direction: 'incoming' as const,
    called: calledOf(data),
    ...(tenantId ? { tenantId } : {}),
    ...(text(data.callChainId) ? { chainId: text(data.callChainId) } : {}),
    ...(text(data.subject) ? { subject: text(data.subject) } : {}),
    ...meetingOf(data.chatInfo),
  };
  return { type: 'call.incoming', call, caller: callerOf(data), ...(tenantId ? { tenantId } : {}) };
}

/** A group call or meeting invitation names its chat thread; the flow sees the ids, not Graph's object. */
function meetingOf(chatInfo: unknown): { meeting?: { threadId: string; messageId?: string } } {
  const threadId = isObject(chatInfo) ? text(chatInfo.threadId) : undefined;
  if (!threadId) return {};
  const messageId = text((chatInfo as WireObject).messageId);
  return { meeting: { threadId, ...(messageId ? { messageId } : {}) } };
}

function toneEvent(value: unknown, memory: NotificationMemory, notes: string[]): { event: EngineEvent; memory: NotificationMemory } | undefined {
  if (!isObject(value)) return undefined;
  const name = text(value.tone);
  const digit = digitOfTone(name);
  const sequenceId = integer(value.sequenceId);
  if (sequenceId !== undefined && memory.tones?.includes(sequenceId)) {
    notes.push(`tone sequence ${sequenceId} already delivered`);
    return undefined;
  }
  if (!digit) {
    notes.push(`tone '${name ?? ''}' is not a keypad key`);
    return undefined;
  }
  const tones = sequenceId === undefined ? memory.tones : remember(memory.tones, sequenceId);
  return { event: { type: 'tone', digit, ...(sequenceId !== undefined ? { sequenceId } : {}) }, memory: { ...memory, ...(tones ? { tones } : {}) } };
}
