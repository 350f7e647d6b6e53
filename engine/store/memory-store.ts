/**
 * CallStore in process memory, for tests, development and a single instance that may lose its
 * calls on restart. Values are copied in and out (structuredClone) so callers cannot mutate stored
 * state behind the store's back — the same discipline a serializing store imposes.
 */
import type { Json } from '../core/types.ts';
import type { CallStore, SessionCreateExtras } from '../session/call-store.ts';
import type { CallSession, InboxEntry, InboxItem, OutboxEffect, PendingOperation, SessionCommit, SessionTraceEntry, TimerRow } from '../session/types.ts';

/** Trace lines kept per call; the oldest are dropped past this. */
export const TRACE_LIMIT = 5000;
/** Ended calls kept for their traces; past this the oldest are forgotten, so memory stays bounded. */
export const ENDED_CALLS_KEPT = 10_000;

interface StoredSession {
  id: string;
  rev: number;
  phase: CallSession['phase'];
  updatedAt: number;
  json: string;
}

function stored(session: CallSession): StoredSession {
  return { id: session.id, rev: session.rev, phase: session.phase, updatedAt: session.updatedAt, json: JSON.stringify(session) };
}

interface StoredTimer extends TimerRow {
  claimedUntil: number;
}

export class MemoryCallStore implements CallStore {
  readonly kind = 'memory';

  constructor(private readonly endedCallsKept = ENDED_CALLS_KEPT) {}

  /**
   * Sessions as JSON text with the few fields scans need beside it: a read is one JSON.parse,
   * cheaper than structuredClone and still a private copy (a read happens many times per event).
   */
  private sessions = new Map<string, StoredSession>();
  private aliases = new Map<string, string>();
  private timerRows = new Map<string, Map<string, StoredTimer>>();
  private pendingOps = new Map<string, Map<string, PendingOperation>>();
  private traces = new Map<string, SessionTraceEntry[]>();
  private inboxes = new Map<string, InboxEntry[]>();
  private outboxes = new Map<string, OutboxEffect[]>();
  private leases = new Map<string, { owner: string; until: number }>();
  private flowVersions = new Map<string, { document: Json; at: number }>();
  private nextSeq = 1;

  async get(sessionId: string): Promise<CallSession | undefined> {
    const stored = this.sessions.get(sessionId);
    return stored && (JSON.parse(stored.json) as CallSession);
  }

  async create(session: CallSession, extras: SessionCreateExtras = {}): Promise<boolean> {
    if (this.sessions.has(session.id)) return false;
    this.forgetOldEndedCalls();
    this.sessions.set(session.id, stored(session));
    for (const timer of extras.timers ?? []) this.putTimer(timer);
    this.pushTrace(session.id, extras.trace ?? []);
    this.pushEffects(session.id, extras.effects ?? []);
    if (extras.inboxSeq !== undefined) this.removeInbox(session.id, extras.inboxSeq);
    return true;
  }

  async commit(change: SessionCommit): Promise<boolean> {
    const current = this.sessions.get(change.session.id);
    if (!current || current.rev !== change.expectedRev) return false;
    this.sessions.set(change.session.id, stored(change.session));
    const id = change.session.id;
    if (change.cancelAllTimers) this.timerRows.delete(id);
    for (const timerId of change.cancelTimers ?? []) this.timerRows.get(id)?.delete(timerId);
    for (const timer of change.setTimers ?? []) this.putTimer(timer);
    this.pushTrace(id, change.trace ?? []);
    this.pushEffects(id, change.effects ?? []);
    if (change.inboxSeq !== undefined) this.removeInbox(id, change.inboxSeq);
    return true;
  }

  async enqueue(sessionId: string, item: InboxItem): Promise<number> {
    const seq = this.nextSeq++;
    const entries = this.inboxes.get(sessionId) ?? [];
    entries.push({ ...structuredClone(item), seq });
    this.inboxes.set(sessionId, entries);
    return seq;
  }

  async inbox(sessionId: string, limit: number): Promise<InboxEntry[]> {
    return structuredClone((this.inboxes.get(sessionId) ?? []).slice(0, limit));
  }

  async dropInbox(sessionId: string, uptoSeq: number): Promise<void> {
    this.removeInbox(sessionId, uptoSeq);
  }

  async sessionsWithWork(limit: number): Promise<string[]> {
    return [...new Set([...this.inboxes.keys(), ...this.outboxes.keys()])].slice(0, limit);
  }

  async takeEffect(sessionId: string, effectId: string): Promise<boolean> {
    const effect = this.outboxes.get(sessionId)?.find((row) => row.id === effectId);
    if (!effect || effect.taken) return false;
    effect.taken = true;
    return true;
  }

  async finishEffect(sessionId: string, effectId: string): Promise<void> {
    const rest = (this.outboxes.get(sessionId) ?? []).filter((row) => row.id !== effectId);
    if (rest.length) this.outboxes.set(sessionId, rest);
    else this.outboxes.delete(sessionId);
  }

  async outbox(sessionId: string): Promise<OutboxEffect[]> {
    return structuredClone(this.outboxes.get(sessionId) ?? []);
  }

  async acquireLease(sessionId: string, owner: string, leaseMs: number): Promise<boolean> {
    const lease = this.leases.get(sessionId);
    const now = Date.now();
    if (lease && lease.owner !== owner && lease.until > now) return false;
    this.leases.set(sessionId, { owner, until: now + leaseMs });
    return true;
  }

  async renewLeases(sessionIds: string[], owner: string, leaseMs: number): Promise<string[]> {
    const now = Date.now();
    const lost: string[] = [];
    for (const id of sessionIds) {
      const lease = this.leases.get(id);
      if (lease?.owner === owner && lease.until > now) lease.until = now + leaseMs;
      else lost.push(id);
    }
    return lost;
  }

  async releaseLease(sessionId: string, owner: string): Promise<void> {
    if (this.leases.get(sessionId)?.owner === owner) this.leases.delete(sessionId);
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

  async saveFlowVersion(flowId: string, version: string, document: Json, at: number): Promise<void> {
    const key = `${flowId}@${version}`;
    const saved = this.flowVersions.get(key);
    this.flowVersions.set(key, { document: saved?.document ?? structuredClone(document), at: Math.max(at, saved?.at ?? at) });
  }

  async flowVersion(flowId: string, version: string): Promise<Json | undefined> {
    const saved = this.flowVersions.get(`${flowId}@${version}`);
    return saved && structuredClone(saved.document);
  }

  async purge(before: number, limit: number): Promise<number> {
    const gone = [...this.sessions.values()].filter((session) => session.phase === 'ended' && session.updatedAt < before).slice(0, limit);
    this.forget(new Set(gone.map((session) => session.id)));
    for (const [key, saved] of this.flowVersions) if (saved.at < before) this.flowVersions.delete(key);
    return gone.length;
  }

  async close(): Promise<void> {}

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
    this.forget(new Set(ended.slice(0, ended.length - keep).map((session) => session.id)));
  }

  private forget(ids: Set<string>): void {
    for (const id of ids) {
      for (const map of [this.sessions, this.traces, this.timerRows, this.pendingOps, this.inboxes, this.outboxes, this.leases]) map.delete(id);
    }
    for (const [alias, id] of this.aliases) if (ids.has(id)) this.aliases.delete(alias);
  }

  private removeInbox(sessionId: string, uptoSeq: number): void {
    const rest = (this.inboxes.get(sessionId) ?? []).filter((entry) => entry.seq > uptoSeq);
    if (rest.length) this.inboxes.set(sessionId, rest);
    else this.inboxes.delete(sessionId);
  }

  private pushEffects(sessionId: string, effects: OutboxEffect[]): void {
    if (!effects.length) return;
    this.outboxes.set(sessionId, [...(this.outboxes.get(sessionId) ?? []), ...structuredClone(effects)]);
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
