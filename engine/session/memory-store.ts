/**
 * CallStore in process memory, for tests, development and a single instance that may lose its
 * calls on restart. Values are copied in and out (structuredClone) so callers cannot mutate stored
 * state behind the store's back — the same discipline a serializing store imposes.
 */
import type { CallStore } from './call-store.ts';
import type { CallSession, PendingOperation, SessionCommit, SessionTraceEntry, TimerRow } from './types.ts';

/** Trace lines kept per call; the oldest are dropped past this. */
export const TRACE_LIMIT = 5000;
/** Ended calls kept for their traces; past this the oldest are forgotten, so memory stays bounded. */
export const ENDED_CALLS_KEPT = 10_000;

interface StoredTimer extends TimerRow {
  claimedUntil: number;
}

export class MemoryCallStore implements CallStore {
  constructor(private readonly endedCallsKept = ENDED_CALLS_KEPT) {}

  private sessions = new Map<string, CallSession>();
  private aliases = new Map<string, string>();
  private timerRows = new Map<string, Map<string, StoredTimer>>();
  private pendingOps = new Map<string, Map<string, PendingOperation>>();
  private traces = new Map<string, SessionTraceEntry[]>();

  async get(sessionId: string): Promise<CallSession | undefined> {
    const session = this.sessions.get(sessionId);
    return session && structuredClone(session);
  }

  async create(session: CallSession, extras: { trace?: SessionTraceEntry[]; timers?: TimerRow[] } = {}): Promise<boolean> {
    if (this.sessions.has(session.id)) return false;
    this.forgetOldEndedCalls();
    this.sessions.set(session.id, structuredClone(session));
    for (const timer of extras.timers ?? []) this.putTimer(timer);
    this.pushTrace(session.id, extras.trace ?? []);
    return true;
  }

  async commit(change: SessionCommit): Promise<boolean> {
    const current = this.sessions.get(change.session.id);
    if (!current || current.rev !== change.expectedRev) return false;
    this.sessions.set(change.session.id, structuredClone(change.session));
    const id = change.session.id;
    if (change.cancelAllTimers) this.timerRows.delete(id);
    for (const timerId of change.cancelTimers ?? []) this.timerRows.get(id)?.delete(timerId);
    for (const timer of change.setTimers ?? []) this.putTimer(timer);
    this.pushTrace(id, change.trace ?? []);
    return true;
  }

  async link(graphCallId: string, sessionId: string): Promise<void> {
    this.aliases.set(graphCallId, sessionId);
  }

  async resolve(graphCallId: string): Promise<string | undefined> {
    return this.aliases.get(graphCallId);
  }

  async setTimer(timer: TimerRow): Promise<void> {
    this.putTimer(timer);
  }

  async cancelTimer(sessionId: string, timerId: string): Promise<void> {
    this.timerRows.get(sessionId)?.delete(timerId);
  }

  async timers(sessionId: string): Promise<TimerRow[]> {
    return [...(this.timerRows.get(sessionId)?.values() ?? [])].map(publicTimer);
  }

  async claimDueTimers(now: number, leaseMs: number, limit: number): Promise<TimerRow[]> {
    const due: StoredTimer[] = [];
    for (const rows of this.timerRows.values()) {
      for (const timer of rows.values()) if (timer.dueAt <= now && timer.claimedUntil <= now) due.push(timer);
    }
    due.sort((a, b) => a.dueAt - b.dueAt);
    const claimed = due.slice(0, limit);
    for (const timer of claimed) timer.claimedUntil = now + leaseMs;
    return claimed.map(publicTimer);
  }

  async completeTimer(sessionId: string, timerId: string, token: string): Promise<boolean> {
    const rows = this.timerRows.get(sessionId);
    if (rows?.get(timerId)?.token !== token) return false;
    rows.delete(timerId);
    if (!rows.size) this.timerRows.delete(sessionId);
    return true;
  }

  async nextDueAt(): Promise<number | undefined> {
    let next: number | undefined;
    for (const rows of this.timerRows.values()) {
      for (const timer of rows.values()) {
        const at = Math.max(timer.dueAt, timer.claimedUntil);
        if (next === undefined || at < next) next = at;
      }
    }
    return next;
  }

  async addPending(sessionId: string, operation: PendingOperation): Promise<void> {
    const rows = this.pendingOps.get(sessionId) ?? new Map<string, PendingOperation>();
    rows.set(operation.clientContext, structuredClone(operation));
    this.pendingOps.set(sessionId, rows);
  }

  async removePending(sessionId: string, clientContext: string): Promise<void> {
    const rows = this.pendingOps.get(sessionId);
    rows?.delete(clientContext);
    if (rows && !rows.size) this.pendingOps.delete(sessionId);
  }

  async pending(sessionId: string): Promise<PendingOperation[]> {
    return [...(this.pendingOps.get(sessionId)?.values() ?? [])].map((operation) => structuredClone(operation));
  }

  async clearPending(sessionId: string): Promise<void> {
    this.pendingOps.delete(sessionId);
  }

  async appendTrace(sessionId: string, entries: SessionTraceEntry[]): Promise<void> {
    this.pushTrace(sessionId, entries);
  }

  async readTrace(sessionId: string, options: { limit?: number } = {}): Promise<SessionTraceEntry[]> {
    const trace = this.traces.get(sessionId) ?? [];
    return structuredClone(options.limit ? trace.slice(-options.limit) : trace);
  }

  async runningSessionIds(): Promise<string[]> {
    return [...this.sessions.values()].filter((session) => session.phase === 'running').map((session) => session.id);
  }

  /**
   * Drops the oldest ended calls (sessions keep creation order) once more than the limit are kept,
   * down to 90% of it, so the scan runs once per many new calls rather than on each.
   */
  private forgetOldEndedCalls(): void {
    if (this.sessions.size <= this.endedCallsKept) return;
    const ended = [...this.sessions.values()].filter((session) => session.phase === 'ended');
    if (ended.length <= this.endedCallsKept) return;
    const keep = Math.floor(this.endedCallsKept * 0.9);
    const forget = new Set(ended.slice(0, ended.length - keep).map((session) => session.id));
    for (const id of forget) {
      this.sessions.delete(id);
      this.traces.delete(id);
      this.timerRows.delete(id);
      this.pendingOps.delete(id);
    }
    for (const [alias, id] of this.aliases) if (forget.has(id)) this.aliases.delete(alias);
  }

  private putTimer(timer: TimerRow): void {
    const rows = this.timerRows.get(timer.sessionId) ?? new Map<string, StoredTimer>();
    rows.set(timer.id, { ...structuredClone(timer), claimedUntil: 0 });
    this.timerRows.set(timer.sessionId, rows);
  }

  private pushTrace(sessionId: string, entries: SessionTraceEntry[]): void {
    if (!entries.length) return;
    const trace = this.traces.get(sessionId) ?? [];
    trace.push(...structuredClone(entries));
    if (trace.length > TRACE_LIMIT) trace.splice(0, trace.length - TRACE_LIMIT);
    this.traces.set(sessionId, trace);
  }
}

function publicTimer(timer: StoredTimer): TimerRow {
  const { claimedUntil: _claimed, ...row } = timer;
  return structuredClone(row);
}
