/**
 * What the session layer keeps per call and the ports it drives. Nothing here knows Graph's wire
 * format: notifications are opaque values handed to a NotificationTranslator, and Graph requests
 * are effects handed to a GraphPort.
 */
import type { CallRecord, CallInfo, CallerInfo, Effect, EngineEvent, FlowDocument, Json } from '../core/types.ts';

/** Where the call leg stands, as far as the engine can tell. */
export type LegState = 'offered' | 'connecting' | 'up' | 'gone';

/**
 * Graph's correlation of a call: the chain id (`X-Microsoft-Skype-Chain-ID`, Graph's `callChainId`)
 * and the scenario id (`Scenario-Id`). Graph sends both on every notification; the engine sends
 * them on every request of the call (graph-calls.md §0, §3.1), so Microsoft's logs and ours meet.
 */
export interface CallCorrelation {
  chainId?: string;
  scenarioId: string;
}

/**
 * Another call of the same flow run (engine/core/legs.ts): placed by a dial or joinMeeting with
 * `leg`, linked to the session by its Graph id so its notifications reach the run.
 */
export interface CallLeg {
  graphCallId?: string;
  state: LegState;
  /** The notification translator's memory for this call (its own duplicates, tones, state). */
  notificationMemory?: Json;
  /** Graph ids of earlier calls of this name (a leg placed again): their late news is not the new call's. */
  retired?: string[];
}

/** One call as stored: the stepper's record plus what the engine needs around it. */
export interface CallSession {
  /** Session id: the Graph call id for incoming calls, a generated UUID for calls the engine places. */
  id: string;
  /** Increases by one per commit; stores compare-and-set on it. */
  rev: number;
  direction: 'incoming' | 'outgoing';
  /** Graph's id of the call leg, once known. */
  graphCallId?: string;
  /** Graph's id of the bot's consult call to a transfer target (consultative transfer), once placed. */
  consultCallId?: string;
  /** The run's other call legs by name; each is hung up when the run ends. */
  legs?: Record<string, CallLeg>;
  tenantId?: string;
  /** Graph's correlation ids (from its first notification, or chosen by the engine for calls it places). */
  correlation?: CallCorrelation;
  leg: LegState;
  /** The flow's record; absent for a call rejected before any flow ran (no route). */
  record?: CallRecord;
  /** The notification translator's own memory (duplicates, roster); opaque to the session. */
  notificationMemory?: Json;
  /** Operations already completed or failed (`<kind>|<operation id>`): a repeated completion is dropped. */
  settled: string[];
  /** Events of an accepted notification not applied yet; each step's commit takes the first. */
  queued?: EngineEvent[];
  phase: 'running' | 'ended';
  endReason?: string;
  /** Effects a dead process had sent with no answer stored, parked until Graph reports on them (in-doubt.ts). */
  inDoubt?: InDoubtEffect[];
  createdAt: number;
  updatedAt: number;
}

/** A prompt or recording whose request may or may not have reached Graph (in-doubt.ts). */
export interface InDoubtEffect {
  /** Its id in the outbox it was taken from; the park's timer is named after it. */
  effectId: string;
  effect: Effect;
  /** The flow's state when it was parked: if it differs at the deadline, the flow moved on. */
  flowState: string;
}

/** A durable timer: `event` is delivered to the call when `dueAt` has passed. */
export interface TimerRow {
  sessionId: string;
  id: string;
  dueAt: number;
  event: EngineEvent;
  /** Distinguishes re-arming the same timer id from the earlier arming. */
  token: string;
}

/** A Graph operation sent and not settled yet. */
export interface PendingOperation {
  /** The flow's operation id (the effect's clientContext). */
  clientContext: string;
  /** clientContext as sent on the wire when it had to be shortened. */
  wireContext?: string;
  kind: string;
  /** Graph's operation id, when the response gave one. */
  operationId?: string;
  sentAt: number;
  /** How long it should take (a prompt's play length), when known: how long to wait for a lost outcome. */
  expectedMs?: number;
  /** The call leg it was sent on (engine/core/legs.ts), when not the main call: where to ask about it. */
  leg?: string;
}

/** One trace line of a call; the stepper's entries plus the engine's own kinds. */
export interface SessionTraceEntry {
  at: number;
  kind: string;
  [key: string]: unknown;
}

/** Work accepted for a call, stored in its inbox before it is acknowledged. */
export type InboxItem =
  | { kind: 'notification'; at: number; graphCallId: string; notification: Json; correlation?: Partial<CallCorrelation> }
  | { kind: 'event'; at: number; event: EngineEvent }
  | { kind: 'timer'; at: number; timerId: string; token: string };

export type InboxEntry = InboxItem & { seq: number };

/** An effect committed with a step and not yet sent. */
export interface OutboxEffect {
  /** Unique within the call: `<rev>.<index>`. */
  id: string;
  effect: Effect;
  /** A sender took it and has not finished it (only in what `outbox()` reads). */
  taken?: boolean;
}

/** Everything one step changes, committed atomically (a SQL transaction, a Redis MULTI). */
export interface SessionCommit {
  session: CallSession;
  /** The rev the session had when it was read; the commit fails when the stored rev differs. */
  expectedRev: number;
  setTimers?: TimerRow[];
  cancelTimers?: string[];
  /** Cancels every timer of the call (the call is released). */
  cancelAllTimers?: boolean;
  trace?: SessionTraceEntry[];
  /** Effects to send after the commit (the outbox). */
  effects?: OutboxEffect[];
  /** Inbox entries up to this seq are done: removed in the same atomic write. */
  inboxSeq?: number;
}

/** What the translator makes of one notification for one call. */
export interface Translation {
  events: EngineEvent[];
  memory: Json;
  /** Why parts of the notification produced no event (duplicates, unknown types), for the trace. */
  notes: string[];
}

/** Turns provider notifications into engine events, remembering what it needs per call. */
export interface NotificationTranslator {
  translate(notification: unknown, context: { memory?: Json; pending: PendingOperation[] }): Translation;
  /** A notification about the session's consult call: `consult.established` / `consult.terminated`. */
  translateConsult(notification: unknown): Omit<Translation, 'memory'>;
  /**
   * The memory once it knows the bot's own participant id, which Graph gives in the answer that
   * created the call (its notifications about such a call do not repeat it).
   */
  withOwnParticipant?(memory: Json | undefined, participantId: string): Json;
}

/** The data a `call.incoming` event carries. */
export interface IncomingCallEvent extends EngineEvent {
  type: 'call.incoming';
  call: CallInfo;
  caller: CallerInfo;
  tenantId?: string;
}

/** What a Graph effect needs to know about its call. */
export interface GraphEffectContext {
  sessionId: string;
  graphCallId?: string;
  /** The consult call's id (consultative transfer), once placed. */
  consultCallId?: string;
  tenantId?: string;
  direction: 'incoming' | 'outgoing';
  /** Sent on the request as `X-Microsoft-Skype-Chain-ID` and `Scenario-Id`. */
  correlation?: CallCorrelation;
  /** The call's flow (its prompts), when a flow runs. */
  flow?: FlowDocument;
}

/** The result of one Graph effect, already turned into engine terms. */
export interface GraphOutcome {
  /** Events for the call: synchronous completions, failures after retries. */
  events: EngineEvent[];
  /** The call leg id Graph assigned (create call, join meeting). */
  graphCallId?: string;
  /** The consult call's id Graph assigned (graph.consultCall). */
  consultCallId?: string;
  /** The chain id Graph answered with (`X-Microsoft-Skype-Chain-ID`, or the created call's `callChainId`). */
  chainId?: string;
  /** The bot's own participant id in the call it created (`myParticipantId`): not someone else in the roster. */
  myParticipantId?: string;
  /** An operation whose completion will come as a notification. */
  pending?: PendingOperation;
  /** Requests and responses with timings. */
  trace: SessionTraceEntry[];
  /** Graph answered that the call does not exist any more. */
  callGone?: boolean;
}

/** Executes Graph effects; never throws, failures come back as events. */
export interface GraphPort {
  execute(effect: Effect, context: GraphEffectContext): Promise<GraphOutcome>;
}

/** Executes `recording.download` effects for a call; never throws, returns `recording.stored` or `recording.failed`. */
export interface RecordingPort {
  execute(callId: string, effect: Effect): Promise<{ event: EngineEvent; trace: SessionTraceEntry[] }>;
}

/** Executes `http.request` effects; never throws, returns `http.completed` or `http.failed`. */
export interface HttpPort {
  execute(effect: Effect): Promise<{ event: EngineEvent; trace: SessionTraceEntry[] }>;
}
