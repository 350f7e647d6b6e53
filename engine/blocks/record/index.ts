import { assign } from 'xstate';
import type { BlockDefinition } from '../../core/block.ts';
import type { FlowContext } from '../../core/flow-context.ts';
import { target, simplePorts, ERROR_PORT, promptList, seconds } from '../common.ts';
import type { Json, StateConfig } from '../../core/types.ts';

export interface RecordState extends StateConfig {
  type: 'record';
  prompts?: string[];
  playBeep?: boolean;
  initialSilenceTimeoutSeconds?: number;
  maxSilenceTimeoutSeconds?: number;
  maxDurationSeconds?: number;
  stopTones?: string[];
  bargeInAllowed?: boolean;
  variable?: string;
  next?: string;
  noInput?: string;
  error?: string;
}

/** Graph's record completion (recordOperation), as far as this block reads it. */
interface RecordOutcome {
  recordingLocation?: string;
  recordingAccessToken?: string;
  completionReason?: string;
}

/**
 * Graph fails a recording whose caller never spoke with 400/8510 "Action failed, initial silence
 * timeout reached." (recordResponse reference: the timer exists to "timeout and fail the operation").
 */
const INITIAL_SILENCE_TIMEOUT = 8510;

/** Completion reasons that mean Graph could not record, as opposed to the caller saying nothing. */
const FAILURES = new Set(['operationCanceled', 'playPromptFailed', 'playBeepFailed', 'mediaReceiveTimeout', 'unspecifiedError']);

type Args = { context: FlowContext; event: { type: string; clientContext?: unknown; result?: unknown; url?: unknown; error?: unknown } };

const outcomeOf = (event: { result?: unknown }): RecordOutcome => (event.result ?? {}) as RecordOutcome;
const recorded = ({ event }: Args) => Boolean(outcomeOf(event).recordingLocation);
const failed = ({ event }: Args) => FAILURES.has(String(outcomeOf(event).completionReason));
const silent = ({ event }: Args) => {
  const outcome = outcomeOf(event) as RecordOutcome & { subcode?: unknown };
  return Number(outcome.subcode) === INITIAL_SILENCE_TIMEOUT || outcome.completionReason === 'initialSilenceTimeout';
};

/** Records what the caller says, e.g. a voicemail, and exposes where the recording is. */
export const record: BlockDefinition<RecordState> = {
  type: 'record',
  title: 'Record',
  category: 'media',
  // Keys pressed here are the block's: flow-wide keys (on.key) wait until it is done.
  ownsKeys: true,
  description:
    'Plays an optional prompt and a beep, then records the caller (Graph recordResponse, at most 2 minutes) until silence, a stop key or the maximum duration.',
  properties: {
    prompts: promptList('The prompt played before recording, e.g. "Leave a message after the beep" (Graph allows one).', 1),
    playBeep: { type: 'boolean', default: true, description: 'Play a beep when recording starts.' },
    initialSilenceTimeoutSeconds: seconds('How long the caller may stay silent before saying anything; the timer starts after the prompt.', 1, 120, 5),
    maxSilenceTimeoutSeconds: seconds('How long a silence after speech ends the recording.', 1, 120, 5),
    maxDurationSeconds: seconds('Longest recording (Graph stops at 2 minutes).', 1, 120, 60),
    stopTones: {
      type: 'array',
      description: 'Keys that end the recording, e.g. ["#"].',
      items: { type: 'string', pattern: '^[0-9*#]$', description: 'One key: 0–9, * or #.' },
      uniqueItems: true,
      maxItems: 12,
      default: ['#'],
    },
    bargeInAllowed: {
      type: 'boolean',
      default: false,
      description: 'Start at once, cutting short a prompt or recording still playing or queued (Graph recordResponse bargeInAllowed).',
    },
    variable: {
      $ref: '#/$defs/variableName',
      description: "Variable that receives the kept recording's URL: the bot's own signed link, which play and http blocks can use.",
    },
    next: target('Where to go with a recording.'),
    noInput: target('The caller said nothing; no recording was made.'),
    error: target('Graph could not record (prompt or beep failed, media lost, request refused), or the recording could not be downloaded and kept.'),
  },
  required: ['next'],
  permissions: ['Calls.AccessMedia.All'],
  outcomes: (state) =>
    simplePorts(state, [
      ['next', "A recording was made and kept; lastResult.recording is the bot's URL of it.", true],
      ['noInput', 'Nothing was recorded (the caller stayed silent).'],
      ERROR_PORT,
    ]),
  compile(state, ctx) {
    // The prompt is resolved to its file and text in the call's locale, as for play.
    const request = ctx.promptEffect('graph.recordResponse', state.prompts ?? [], {
      playBeep: state.playBeep ?? true,
      initialSilenceTimeoutInSeconds: state.initialSilenceTimeoutSeconds ?? 5,
      maxSilenceTimeoutInSeconds: state.maxSilenceTimeoutSeconds ?? 5,
      maxRecordDurationInSeconds: state.maxDurationSeconds ?? 60,
      stopTones: state.stopTones ?? ['#'],
      ...(state.bargeInAllowed ? { bargeInAllowed: true } : {}),
    });
    // The flow never holds Graph's access token: lastResult (kept in the call's record) has the outcome only.
    const result = ctx.setResult((event) => ({ recording: null, completionReason: outcomeOf(event).completionReason ?? null }));
    // Graph's file is behind a short-lived token and discarded soon after the call: fetch it now.
    const download = {
      type: 'recording.download',
      params: ({ event }: Args) => ({
        clientContext: String(event.clientContext),
        recordingLocation: String(outcomeOf(event).recordingLocation),
        recordingAccessToken: String(outcomeOf(event).recordingAccessToken ?? ''),
      }),
    };
    const kept = assign({
      lastResult: ({ context, event }: Args) => ({ ...(context.lastResult as Record<string, Json>), recording: String(event.url) }),
    });
    const notKept = assign({
      lastResult: ({ context, event }: Args) => ({ ...(context.lastResult as Record<string, Json>), error: String(event.error ?? 'not kept') }),
    });
    const keep = state.variable ? [assign({ vars: ({ context, event }: Args) => ({ ...context.vars, [state.variable as string]: String(event.url) }) })] : [];
    const mine = ctx.isMine() as (args: Args) => boolean;
    return {
      entry: [request],
      on: {
        'operation.completed': [
          // Stays in the state until the recording is kept (recording.stored) or could not be (recording.failed).
          { guard: (args: Args) => mine(args) && recorded(args), actions: [result, download] },
          ctx.fail('error', { guard: (args: Args) => mine(args) && failed(args), actions: [result] }),
          ctx.go('noInput', state.noInput, { guard: mine, actions: [result] }),
        ],
        'operation.failed': [
          // A silent caller: nothing to record, the same as a completion without a recording.
          ctx.go('noInput', state.noInput, { guard: (args: Args) => mine(args) && silent(args), actions: [result] }),
          ctx.fail('error', { guard: mine, actions: [result] }),
        ],
        'recording.stored': ctx.go('next', state.next, { guard: mine, actions: [kept, ...keep] }),
        'recording.failed': ctx.fail('error', { guard: mine, actions: [notKept] }),
      },
    };
  },
  examples: [{ type: 'record', prompts: ['beep'], maxDurationSeconds: 90, stopTones: ['#', '*'], next: 'next', noInput: 'other' }],
};
