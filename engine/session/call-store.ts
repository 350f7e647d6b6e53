/**
 * Persistence of calls: records with compare-and-set, durable timers, pending operations, traces and
 * the Graph-id → session-id index. The interface is asynchronous and row-shaped so SQLite and Redis
 * implementations fit behind it; the session manager never reaches past it.
 */
import type { CallSession, PendingOperation, SessionCommit, SessionTraceEntry, TimerRow } from './types.ts';

export interface CallStore {
  get(sessionId: string): Promise<CallSession | undefined>;
  /** Stores a new session with its first timers and trace; false when one with that id exists. */
  create(session: CallSession, extras?: { trace?: SessionTraceEntry[]; timers?: TimerRow[] }): Promise<boolean>;
  /** Applies a step atomically when the stored rev equals `expectedRev`; false otherwise. */
  commit(change: SessionCommit): Promise<boolean>;

  /** Records that Graph's call id belongs to a session (calls the engine placed). */
  link(graphCallId: string, sessionId: string): Promise<void>;
  resolve(graphCallId: string): Promise<string | undefined>;

  setTimer(timer: TimerRow): Promise<void>;
  cancelTimer(sessionId: string, timerId: string): Promise<void>;
  timers(sessionId: string): Promise<TimerRow[]>;
  /**
   * Due timers, each claimed for `leaseMs` so that another scheduler (another process) does not
   * take it too; a claimed timer that is never completed becomes due again after the lease.
   */
  claimDueTimers(now: number, leaseMs: number, limit: number): Promise<TimerRow[]>;
  /** Removes a fired timer unless it was re-armed meanwhile (another token). */
  completeTimer(sessionId: string, timerId: string, token: string): Promise<boolean>;
  /** Earliest due time of an unclaimed timer, for the scheduler's sleep. */
  nextDueAt(): Promise<number | undefined>;

  addPending(sessionId: string, operation: PendingOperation): Promise<void>;
  removePending(sessionId: string, clientContext: string): Promise<void>;
  pending(sessionId: string): Promise<PendingOperation[]>;
  clearPending(sessionId: string): Promise<void>;

  appendTrace(sessionId: string, entries: SessionTraceEntry[]): Promise<void>;
  readTrace(sessionId: string, options?: { limit?: number }): Promise<SessionTraceEntry[]>;

  /** Ids of sessions not ended. */
  runningSessionIds(): Promise<string[]>;
}
