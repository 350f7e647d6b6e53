/**
 * The catalogue of effects: everything a flow (or the engine around it) can ask the outside world
 * to do, with the facts every other part needs about each one. Blocks name effects; the session
 * layer, the Graph adapter, the simulator and the editor read what an effect *is* from here instead
 * of keeping their own lists, and test/effect-conformance.test.ts checks that each effect a block
 * can emit has a request builder, a notification mapper (when it settles by notification), a
 * simulator reaction and an emulator route.
 *
 * Effect names keep their `graph.` prefix: it names the call-control vocabulary (Graph's action
 * names), not the backend. How a backend performs an effect is the backend's part of the entry, so
 * a second calling backend (Azure Communication Services Call Automation, say) adds its column
 * here and its own builders, and no block changes.
 */
import type { Json } from './types.ts';

/** A prompt as the flow resolved it for the call's locale (engine/core/prompts.ts), its templates rendered. */
export interface PromptRef {
  key: string;
  locale: string;
  /** A recording, relative to the flows folder, e.g. `prompts/en-US/welcome.wav`; absent when the words are synthesized. */
  file?: string;
  text: string;
  /** SSML to synthesize instead of `text`; values put in by templates are escaped. */
  ssml?: string;
  voice?: string;
  /** Where the audio is served and its content id: set by the engine just before the request (never by a flow). */
  audio?: PromptAudioRef;
}

/** A prompt's audio, ready for a calling backend: its path under `/prompts/` and an id derived from its bytes. */
export interface PromptAudioRef {
  /** Under `/prompts/`, e.g. `en-US/welcome.wav` (a recording) or `synth/<hash>.wav` (synthesized words). */
  path: string;
  /** Derived from the audio's content hash, so an edited recording is never played stale from a cache. */
  resourceId: string;
  durationMs?: number;
}

/** A party as flows write it: one of phone, user (Entra object id) or application, with a display name. */
export type PartyRef = { phone?: string; user?: string; application?: string; applicationInstance?: string; tenantId?: string; displayName?: string };

/** A `{{secrets.NAME}}` placeholder the flow wrote: the string at `path` (from the effect) holds it at character `at`. */
export interface SecretSlot {
  path: Array<string | number>;
  at: number;
  name: string;
}

/** What each effect carries besides `type`. `clientContext` names the flow operation (state, entry, attempt). */
export interface EffectParams {
  'graph.answer': { clientContext?: string; preFetch?: string[] };
  'graph.reject': { clientContext?: string; reason: 'none' | 'busy' | 'forbidden' };
  'graph.redirect': { clientContext?: string; targets: PartyRef[]; timeout?: number };
  /** `consult`: replace the consult call (graph.consultCall) with the caller — a consultative transfer. */
  'graph.transfer': { clientContext?: string; to: PartyRef; consult?: boolean };
  /** The bot's own call to a transfer target, before a consultative transfer. */
  'graph.consultCall': { clientContext?: string; to: PartyRef };
  /** Hangs up the consult call (the transfer did not happen). */
  'graph.endConsult': { clientContext?: string };
  'graph.hangup': { clientContext?: string; leg?: string };
  /** One party, or several Teams users: a group call. */
  'graph.createCall': { clientContext?: string; to: PartyRef | PartyRef[]; leg?: string };
  'graph.joinMeeting': { clientContext?: string; joinUrl?: string; meetingId?: string; passcode?: string; displayName?: string; leg?: string };
  'graph.playPrompt': { clientContext?: string; prompts: PromptRef[]; recording?: string; leg?: string };
  'graph.recordResponse': {
    clientContext?: string;
    prompts: PromptRef[];
    playBeep?: boolean;
    initialSilenceTimeoutInSeconds?: number;
    maxSilenceTimeoutInSeconds?: number;
    maxRecordDurationInSeconds?: number;
    stopTones?: string[];
    bargeInAllowed?: boolean;
  };
  'graph.cancelMediaProcessing': { clientContext?: string; leg?: string };
  'graph.subscribeToTone': { clientContext?: string; leg?: string };
  'graph.sendDtmfTones': { clientContext?: string; tones: string[]; delayBetweenTonesMs?: number };
  /** `replacesCallId`: the first participant is moved out of that call (their one-to-one call with the bot) into this one. */
  'graph.invite': { clientContext?: string; participants: PartyRef[]; replacesCallId?: string; leg?: string };
  'graph.mute': { clientContext?: string };
  'graph.unmute': { clientContext?: string };
  /** Server-mutes another participant of a group call or meeting (participant-mute.md). */
  'graph.muteParticipant': { clientContext?: string; participantId: string };
  /** Drops another participant from a group call or meeting (participant-delete.md). */
  'graph.removeParticipant': { clientContext?: string; participantId: string };
  'graph.keepAlive': { clientContext?: string; leg?: string };
  'graph.getOperation': { clientContext: string; operationId: string; operationKind: string; leg?: string };
  'http.request': {
    clientContext?: string;
    method: string;
    url: string;
    headers?: Record<string, string>;
    body?: Json;
    timeoutMs?: number;
    retries?: number;
    /**
     * Where the flow wrote `{{secrets.NAME}}`: the placeholder stays in url, headers and body (the
     * machine, outbox and trace never hold a secret) and the request executor substitutes the value
     * when it sends, only at these places, so a value from a variable cannot name a secret.
     */
    secrets?: SecretSlot[];
  };
  /**
   * Fetches what a recordResponse recorded from Graph's `recordingLocation` with its
   * `recordingAccessToken` as the bearer (the key name keeps it out of traces and logs, see
   * session/trace-redaction.ts) and keeps it under the data folder (engine/recordings/). Settles
   * with `recording.stored` (the bot's own signed URL) or `recording.failed` (the reason).
   */
  'recording.download': { clientContext: string; recordingLocation: string; recordingAccessToken: string };
  'timer.set': { id: string; dueAt: number; event: { type: string; [key: string]: unknown } };
  'timer.cancel': { id: string };
}

/**
 * Every call effect may carry `leg`: the name of another call of the same flow run (a dial or
 * joinMeeting with `leg` placed it), which it acts on instead of the flow's main call. The session
 * layer resolves the name to that call's Graph id (CallSession.legs).
 */
export type EffectName = keyof EffectParams;

/** One effect of a known kind, as plain JSON. */
export type EffectOf<K extends EffectName> = { type: K } & EffectParams[K];

/** The calling backends an effect can be performed by. Graph is the only one today. */
export type CallingBackend = 'graph';

/**
 * How a calling backend lets the flow know an effect's outcome:
 * - `operation`: later, by an operation notification (operation.completed / operation.failed);
 * - `response`: in the answer to the request (the adapter turns it into operation.completed);
 * - `callState`: through the call's own state notifications (established, transfer, terminated);
 * - `query`: the effect asks about an earlier operation, and its answer settles that one;
 * - `none`: nothing reaches the flow (engine housekeeping).
 */
export type Settlement = 'operation' | 'response' | 'callState' | 'query' | 'none';

export interface BackendSupport {
  settles: Settlement;
  /** What a 404 means: the call is gone (`callGone`: the session ends it) or the goal is already met (`done`). Else a failure. */
  on404?: 'callGone' | 'done';
}

export interface EffectSpec {
  /** Who performs it: a calling backend, the web-request client, the recording keeper, or the session itself (durable timers). */
  performer: 'call' | 'http' | 'recording' | 'session';
  /** Per calling backend that can perform it, how that backend settles it. */
  backends: Partial<Record<CallingBackend, BackendSupport>>;
  /** `kind` of the operation events that report its outcome. */
  operation?: string;
  /** The caller hears it: resending it after a crash could play it twice (session/in-doubt.ts). */
  audible?: boolean;
  /**
   * It carries prompts whose audio must exist before it is sent: recordings hashed, words
   * synthesized (engine/node/prompt-audio.ts). When that fails the effect is not sent and fails
   * like a refused request, so the block's error port runs.
   */
  speaks?: boolean;
  /** Once sent, the call ends without the engine hanging up (the flow ended it). */
  endsCall?: boolean;
  /** It creates the call leg, so it is sent before the backend has given the call an id. */
  createsCall?: boolean;
  /**
   * It places the consult call of a consultative transfer: a second call of the same session,
   * whose Graph id is kept beside the call's own (CallSession.consultCallId).
   */
  opensConsultCall?: boolean;
  /** It is about the consult call, not the caller's call. */
  onConsultCall?: boolean;
  /** Made by the engine, never by a block (keepAlive, questions about earlier operations). */
  engineOnly?: boolean;
  /**
   * For an effect settled by an operation notification: what the engine takes as its outcome when
   * that notification was lost (sent while no engine ran) and Graph cannot be asked. `completed`
   * where nothing but the fact of finishing is reported (a prompt, tones); `failed` where the
   * outcome carries data the flow needs (a recording, an invitation's answer).
   */
  whenOutcomeLost?: 'completed' | 'failed';
}

const graph = (settles: Settlement, on404?: BackendSupport['on404']): EffectSpec['backends'] => ({ graph: { settles, ...(on404 ? { on404 } : {}) } });

export const EFFECTS = {
  'graph.answer': { performer: 'call', backends: graph('callState'), operation: 'answer' },
  'graph.reject': { performer: 'call', backends: graph('callState', 'done'), operation: 'reject', endsCall: true },
  'graph.redirect': { performer: 'call', backends: graph('callState'), operation: 'redirect', endsCall: true },
  'graph.transfer': { performer: 'call', backends: graph('callState'), operation: 'transfer', endsCall: true },
  'graph.hangup': { performer: 'call', backends: graph('callState', 'done'), operation: 'hangup', endsCall: true },
  'graph.createCall': { performer: 'call', backends: graph('callState'), operation: 'createCall', createsCall: true },
  'graph.consultCall': { performer: 'call', backends: graph('callState'), operation: 'consultCall', opensConsultCall: true },
  'graph.endConsult': { performer: 'call', backends: graph('none', 'done'), operation: 'endConsult', onConsultCall: true },
  'graph.joinMeeting': { performer: 'call', backends: graph('callState'), operation: 'joinMeeting', createsCall: true },
  'graph.playPrompt': { performer: 'call', backends: graph('operation'), operation: 'playPrompt', audible: true, speaks: true, whenOutcomeLost: 'completed' },
  'graph.recordResponse': {
    performer: 'call',
    backends: graph('operation'),
    operation: 'recordResponse',
    audible: true,
    speaks: true,
    whenOutcomeLost: 'failed',
  },
  'graph.cancelMediaProcessing': { performer: 'call', backends: graph('response'), operation: 'cancelMediaProcessing' },
  'graph.subscribeToTone': { performer: 'call', backends: graph('response'), operation: 'subscribeToTone' },
  'graph.sendDtmfTones': { performer: 'call', backends: graph('operation'), operation: 'sendDtmfTones', whenOutcomeLost: 'completed' },
  'graph.invite': { performer: 'call', backends: graph('operation'), operation: 'invite', whenOutcomeLost: 'failed' },
  'graph.mute': { performer: 'call', backends: graph('response'), operation: 'mute' },
  'graph.unmute': { performer: 'call', backends: graph('response'), operation: 'unmute' },
  // 200 with a muteParticipantOperation (participant-mute.md); 204 without a body (participant-delete.md): both settled by the answer.
  'graph.muteParticipant': { performer: 'call', backends: graph('response'), operation: 'muteParticipant' },
  'graph.removeParticipant': { performer: 'call', backends: graph('response'), operation: 'removeParticipant' },
  'graph.keepAlive': { performer: 'call', backends: graph('none', 'callGone'), operation: 'keepAlive', engineOnly: true },
  'graph.getOperation': { performer: 'call', backends: graph('query', 'done'), operation: 'getOperation', engineOnly: true },
  'http.request': { performer: 'http', backends: {} },
  'recording.download': { performer: 'recording', backends: {} },
  'timer.set': { performer: 'session', backends: {} },
  'timer.cancel': { performer: 'session', backends: {} },
} as const satisfies { readonly [K in EffectName]: EffectSpec };

export function isEffectName(type: string): type is EffectName {
  return Object.hasOwn(EFFECTS, type);
}

/** The catalogue entry of an effect type; undefined for a type nothing knows. */
export function effectSpec(type: string): EffectSpec | undefined {
  return isEffectName(type) ? EFFECTS[type] : undefined;
}

/** The catalogue entry of the effect whose operation events have `kind` (`playPrompt` → graph.playPrompt's). */
export function specOfOperation(kind: string): EffectSpec | undefined {
  const spec = Object.values(EFFECTS).find((candidate: EffectSpec) => candidate.operation === kind);
  return spec as EffectSpec | undefined;
}

/** Effects performed by a calling backend: each has a request builder per backend that lists it. */
export type CallEffectName = { [K in EffectName]: (typeof EFFECTS)[K]['performer'] extends 'call' ? K : never }[EffectName];

/**
 * Effects a block may emit: performed by a calling backend or the web-request client, and not the
 * engine's own housekeeping. (Timers come from XState's delayed transitions, never from a block.)
 * Each needs a simulator reaction, and each call effect a route in the emulator.
 */
export type BlockEffectName = {
  [K in EffectName]: (typeof EFFECTS)[K] extends { engineOnly: true } ? never : (typeof EFFECTS)[K]['performer'] extends 'session' ? never : K;
}[EffectName];
