/**
 * The emulated call leg (the bot's side of a call) and its state machine, graph-calls.md §1.1:
 *
 *   incoming ─answer→ establishing → established ─transfer→ transferring → transferAccepted → terminated
 *   incoming ─reject/redirect/15 s→ terminated          established ←(transfer failed)┘
 *   (outgoing) establishing → established ─DELETE→ terminating → terminated
 *
 * Any live state can end in `terminated` (remote hang-up, keepAlive expiry, failure). A call in
 * `terminated` is gone for the Graph API (404), but stays in memory for the people API's log.
 */
import type { Timer } from '../clock.ts';
import type { CallLog } from '../call-log.ts';
import type { JsonObject } from '../json.ts';
import type { EmulatorApp } from '../options.ts';
import type { MediaQueue } from './media-queue.ts';
import type { Person } from './people.ts';
import type { ResultInfo } from '../../protocol/result-codes.ts';

/** Graph's callState. */
export type CallState =
  'incoming' | 'establishing' | 'ringing' | 'established' | 'hold' | 'transferring' | 'transferAccepted' | 'redirecting' | 'terminating' | 'terminated';

/** Peer-to-peer (bot and one person), group call (bot-created, several targets) or meeting. */
export type CallKind = 'peerToPeer' | 'group' | 'meeting';

/** A commsOperation the bot started. */
export interface Operation {
  id: string;
  /** The action that made it (`playPrompt`, `record`, `invite`, …). */
  kind: string;
  odataType: string;
  clientContext: string | null;
  status: 'notStarted' | 'running' | 'completed' | 'failed';
  resultInfo: ResultInfo | null;
  /** Type-specific fields (recordingLocation, completionReason, participants, …). */
  extra: JsonObject;
}

/** The person at the other end of a P2P call. */
export interface Peer {
  person: Person;
  participantId: string;
  /** participantInfo as Graph serializes it. */
  info: JsonObject;
  muted: boolean;
}

/** A transfer in progress. */
export interface PendingTransfer {
  ringId: string;
  consultative: boolean;
  target: JsonObject;
  replacesCallId?: string;
}

/** The bot's call leg. */
export interface EmulatedCall {
  id: string;
  app: EmulatorApp;
  tenantId: string;
  apiVersion: 'v1.0' | 'beta';
  direction: 'incoming' | 'outgoing';
  kind: CallKind;
  state: CallState;
  callbackUri: string;
  scenarioId: string;
  callChainId: string;
  myParticipantId: string;
  source: JsonObject;
  targets: JsonObject[];
  requestedModalities: string[];
  mediaConfig: JsonObject | null;
  mediaState: 'active' | 'inactive' | null;
  resultInfo: ResultInfo | null;
  terminationReason?: string;
  chatInfo?: JsonObject;
  meetingInfo?: JsonObject;
  subject?: string;
  incomingContext?: JsonObject;
  callOptions?: JsonObject;
  toneInfo: { sequenceId: number; tone: string } | null;
  toneSubscribed: boolean;
  recordingStatus?: string;
  /** Incremented on every change; sent as `@odata.etag` W/"n". */
  etag: number;
  peer?: Peer;
  /** Group calls and meetings: the roster the call belongs to. */
  conversationId?: string;
  transfer?: PendingTransfer;
  operations: Map<string, Operation>;
  media: MediaQueue;
  answerWindow?: Timer;
  /** A meeting join waiting in the lobby. */
  lobbyTimer?: Timer;
  keepAlive?: Timer;
  /** Timers that die with the call (state delays, etc.). */
  timers: Set<Timer>;
  log: CallLog;
  createdAt: number;
}

const TRANSITIONS: Record<CallState, CallState[]> = {
  incoming: ['establishing', 'redirecting', 'terminating', 'terminated'],
  establishing: ['ringing', 'established', 'terminating', 'terminated'],
  ringing: ['established', 'terminating', 'terminated'],
  established: ['hold', 'transferring', 'terminating', 'terminated'],
  hold: ['established', 'terminating', 'terminated'],
  transferring: ['transferAccepted', 'established', 'terminating', 'terminated'],
  transferAccepted: ['established', 'terminating', 'terminated'],
  redirecting: ['terminated'],
  terminating: ['terminated'],
  terminated: [],
};

/** True when the machine allows `from → to`. */
export function canMove(from: CallState, to: CallState): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Moves the call to `to` and logs it. An impossible move is an emulator bug, so it throws.
 */
export function moveTo(call: EmulatedCall, to: CallState, reason?: string): void {
  if (!canMove(call.state, to)) throw new Error(`call ${call.id}: no transition ${call.state} → ${to}`);
  call.log.add({ kind: 'state', from: call.state, to, reason });
  call.state = to;
  call.etag += 1;
}
