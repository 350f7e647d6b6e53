/**
 * The IVR actions of a service-hosted-media call: playPrompt and recordResponse (queued),
 * cancelMediaProcessing, subscribeToTone and sendDtmfTones. Each returns the operation the HTTP
 * response carries (graph-calls.md §2, §3.4).
 */
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import type { EmulatedCall, Operation } from './call.ts';
import { later } from './call-timers.ts';
import { createOperation, finishOperation } from './operations.ts';
import { PlayJob } from './play-job.ts';
import { RecordJob } from './record-job.ts';
import { RESULT_CODES } from '../../protocol/result-codes.ts';
import { keyOf } from './tones.ts';

/** Documented recordResponse defaults (seconds). */
const RECORD_DEFAULTS = { initialSilenceTimeoutInSeconds: 5, maxSilenceTimeoutInSeconds: 5, maxRecordDurationInSeconds: 5 };

function queuedStatus(ctx: EmulatorContext, startedNow: boolean): Operation['status'] {
  return startedNow ? 'running' : ctx.choices.queuedOperationStatus;
}

/**
 * A prompt or recording asked for before the call's audio is active. Microsoft's samples play
 * nothing until `MediaState.Audio == Active`; what the service does otherwise is not documented, so
 * the emulator plays it and marks the call's log, where tests look for it.
 */
function noteMediaBeforeAudio(call: EmulatedCall, action: string): void {
  if (call.mediaState !== 'active') call.log.add({ kind: 'event', event: 'mediaBeforeAudio', detail: { action, mediaState: call.mediaState } });
}

/** POST …/playPrompt. */
export function playPrompt(ctx: EmulatorContext, call: EmulatedCall, body: JsonObject): Operation {
  noteMediaBeforeAudio(call, 'playPrompt');
  const operation = createOperation(ctx, call, 'playPrompt', body.clientContext);
  const startedNow = call.media.enqueue(new PlayJob(ctx, call, operation, body.prompts as unknown[], body.loop === true));
  if (operation.status === 'running') operation.status = queuedStatus(ctx, startedNow);
  return operation;
}

/** POST …/recordResponse (and beta's …/record). */
export function recordResponse(ctx: EmulatorContext, call: EmulatedCall, body: JsonObject): Operation {
  noteMediaBeforeAudio(call, 'recordResponse');
  const operation = createOperation(ctx, call, 'record', body.clientContext, 'running', { recordingLocation: null, recordingAccessToken: null });
  const seconds = (name: keyof typeof RECORD_DEFAULTS) => (typeof body[name] === 'number' ? (body[name] as number) : RECORD_DEFAULTS[name]) * 1000;
  const stopTones = Array.isArray(body.stopTones) ? (body.stopTones as string[]) : [];
  const job = new RecordJob(ctx, call, operation, {
    prompts: Array.isArray(body.prompts) ? body.prompts : [],
    initialSilenceMs: seconds('initialSilenceTimeoutInSeconds'),
    maxSilenceMs: seconds('maxSilenceTimeoutInSeconds'),
    maxDurationMs: seconds('maxRecordDurationInSeconds'),
    playBeep: body.playBeep !== false,
    stopKeys: new Set(stopTones.map(keyOf).filter((k): k is string => k !== undefined)),
  });
  const startedNow = call.media.enqueue(job, body.bargeInAllowed === true);
  if (operation.status === 'running') operation.status = queuedStatus(ctx, startedNow);
  return operation;
}

/** POST …/cancelMediaProcessing: returned completed; each cancelled operation gets its own failed notification. */
export function cancelMediaProcessing(ctx: EmulatorContext, call: EmulatedCall, body: JsonObject): Operation {
  const cancelled = call.media.cancelAll();
  call.log.add({ kind: 'event', event: 'mediaCancelled', detail: { operationIds: cancelled.map((op) => op.id) } });
  const operation = createOperation(ctx, call, 'cancelMediaProcessing', body.clientContext, 'completed', { all: true });
  operation.resultInfo = RESULT_CODES.completed;
  return operation;
}

/** POST …/subscribeToTone: returned completed; every key press then arrives as a toneInfo call update. */
export function subscribeToTone(ctx: EmulatorContext, call: EmulatedCall, body: JsonObject): Operation {
  call.toneSubscribed = true;
  const operation = createOperation(ctx, call, 'subscribeToTone', body.clientContext, 'completed');
  operation.resultInfo = RESULT_CODES.completed;
  return operation;
}

/** POST …/sendDtmfTones: running, completed after the tones and their gaps have been sent. */
export function sendDtmfTones(ctx: EmulatorContext, call: EmulatedCall, body: JsonObject): Operation {
  const tones = body.tones as string[];
  const gapMs = typeof body.delayBetweenTonesMs === 'number' ? body.delayBetweenTonesMs : 0;
  const operation = createOperation(ctx, call, 'sendDtmfTones', body.clientContext);
  call.log.add({ kind: 'event', event: 'dtmfSending', detail: { operationId: operation.id, tones } });
  later(ctx, call, tones.length * ctx.timings.dtmfToneMs + Math.max(0, tones.length - 1) * gapMs, () =>
    finishOperation(ctx, call, operation, 'completed', RESULT_CODES.completed, { completionReason: 'completedSuccessfully' }),
  );
  return operation;
}
