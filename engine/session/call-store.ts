/**
 * Persistence of calls: records with compare-and-set, an inbox of accepted work per call, an
 * outbox of effects not yet sent, durable timers, per-call leases, pending operations, traces, the
 * flow versions calls are pinned to and the Graph-id → session-id index. The interface is
 * asynchronous and row-shaped so memory, SQLite and Redis implementations fit behind it; the
 * session manager never reaches past it. test/store/contract.ts is the executable contract.
 */
import type { Json } from '../core/types.ts';
import type { CallSession, InboxEntry, InboxItem, OutboxEffect, PendingOperation, SessionCommit, SessionTraceEntry, TimerRow } from './types.ts';

/** What `create` stores besides the session itself, in the same atomic write. */
export interface SessionCreateExtras {
  trace?: SessionTraceEntry[];
  timers?: TimerRow[];
  /** Effects to send once stored (the outbox). */
  effects?: OutboxEffect[];
  /** Inbox entries up to this seq are done and removed. */
  inboxSeq?: number;
}

export interface CallStore {
  /** Short name for logs and metrics: `memory`, `sqlite`, `redis`. */
  readonly kind: string;

  get(sessionId: string): Promise<CallSession | undefined>;
  /** Stores a new session with its first timers, effects and trace; false when one with that id exists. */
  create(session: CallSession, extras?: SessionCreateExtras): Promise<boolean>;
  /** Applies a step atomically when the stored rev equals `expectedRev`; false otherwise (nothing written). */
  commit(change: SessionCommit): Promise<boolean>;

  /** Records that Graph's call id belongs to a session (calls the engine placed). */
  link(graphCallId: string, sessionId: string): Promise<void>;
  resolve(graphCallId: string): Promise<string | undefined>;

  // ── Inbox: work accepted for a call (notifications, effect results, due timers) ──
  /** Appends durably before resolving; the seq increases per call in append order. */
  enqueue(sessionId: string, item: InboxItem): Promise<number>;
  /** The call's oldest unprocessed entries, in seq order. */
  inbox(sessionId: string, limit: number): Promise<InboxEntry[]>;
  /** Removes entries up to `seq` that were handled without a commit (e.g. for an unknown call). */
  dropInbox(sessionId: string, uptoSeq: number): Promise<void>;
  /** Calls with unprocessed inbox entries or unsent effects (recovery after a crash). */
  sessionsWithWork(limit: number): Promise<string[]>;

  // ── Outbox: effects committed with a step and not yet answered by Graph ──
  /** Marks the effect taken and returns true exactly once, to whoever is about to send it. */
  takeEffect(sessionId: string, effectId: string): Promise<boolean>;
  /** The effect was sent and answered (whatever the answer): it leaves the outbox. */
  finishEffect(sessionId: string, effectId: string): Promise<void>;
  /** Effects not finished, in commit order; `taken` ones were in flight when their sender stopped. */
  outbox(sessionId: string): Promise<OutboxEffect[]>;

  // ── Leases: which process works on a call (compare-and-set on rev guards the record itself) ──
  /** Takes or extends the call's lease for `owner`; false while another owner's lease runs. */
  acquireLease(sessionId: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Extends the leases `owner` holds on these calls; returns the ids whose lease it no longer holds. */
  renewLeases(sessionIds: string[], owner: string, leaseMs: number): Promise<string[]>;
  /** Gives the lease up if `owner` still holds it. */
  releaseLease(sessionId: string, owner: string): Promise<void>;

  // ── Durable timers ──
  setTimer(timer: TimerRow): Promise<void>;
  cancelTimer(sessionId: string, timerId: string): Promise<void>;
  timers(sessionId: string): Promise<TimerRow[]>;
  /**
   * Due timers, each claimed for `leaseMs` so that another scheduler (another process) does not
   * take it too; a claimed timer that is not removed becomes due again after the lease.
   */
  claimDueTimers(now: number, leaseMs: number, limit: number): Promise<TimerRow[]>;
  /** Earliest time a timer becomes claimable (due and unclaimed), for the scheduler's sleep. */
  nextDueAt(): Promise<number | undefined>;

  // ── Graph operations sent and not settled ──
  addPending(sessionId: string, operation: PendingOperation): Promise<void>;
  removePending(sessionId: string, clientContext: string): Promise<void>;
  pending(sessionId: string): Promise<PendingOperation[]>;
  clearPending(sessionId: string): Promise<void>;

  // ── Traces ──
  appendTrace(sessionId: string, entries: SessionTraceEntry[]): Promise<void>;
  readTrace(sessionId: string, options?: { limit?: number }): Promise<SessionTraceEntry[]>;

  // ── Flow versions in use: a call pinned to a version finishes on it after a redeploy or restart ──
  /** Stores the document once; saving it again only moves its `at` (the last call started on it). */
  saveFlowVersion(flowId: string, version: string, document: Json, at: number): Promise<void>;
  flowVersion(flowId: string, version: string): Promise<Json | undefined>;

  /** Ids of sessions not ended. */
  runningSessionIds(): Promise<string[]>;
  /**
   * Forgets ended calls last updated before `before` (record, trace, timers, inbox, outbox, pending,
   * aliases) and flow versions last saved before it; returns how many calls went. Retention is far
   * longer than any call, so a version saved before it has no running call left.
   */
  purge(before: number, limit: number): Promise<number>;

  /**
   * Readiness: writes `value` where no call lives and reads it back (`GET /readyz`). Resolves with
   * what was read, so the caller sees a store that accepts writes but returns something else; rejects
   * when the store cannot be written or read.
   */
  probe(value: string): Promise<string | undefined>;

  close(): Promise<void>;
}
