/**
 * CallStore in process memory, for tests, development and a single instance that may lose its
 * calls on restart. Values are kept as JSON text, as SQLite and Redis keep them: each value is one
 * JSON.stringify in and one JSON.parse out (cheaper than structuredClone, and reads are frequent),
 * callers cannot mutate stored state through an object they passed in or got back, and values come
 * back as from the other stores (no undefined properties, no class instances).
 */
import type { Json } from '../core/types.ts';
import type { CallStore, SessionCreateExtras } from '../session/call-store.ts';
import type { CallSession, InboxEntry, InboxItem, OutboxEffect, PendingOperation, SessionCommit, SessionTraceEntry, TimerRow } from '../session/types.ts';
import { DueIndex } from './due-heap.ts';

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

/** A timer row as JSON; its due time and claim live in the due index, keyed by this object. */
interface StoredTimer {
  json: string;
}

/** An outbox effect as JSON; `taken` beside it, as takeEffect flips it. */
type StoredEffect = { id: string; taken: boolean; json: string };

/** JSON texts of values of one type, parsed in one call. */
function parseAll<T>(texts: readonly string[]): T[] {
  return texts.length ? (JSON.parse(`[${texts.join(',')}]`) as T[]) : [];
}

export class MemoryCallStore implements CallStore {
  readonly kind = 'memory';

  constructor(private readonly endedCallsKept = ENDED_CALLS_KEPT) {}

  /** Sessions as JSON text with the few fields scans need beside it. */
  private sessions = new Map<string, StoredSession>();
  private aliases = new Map<string, string>();
  private timerRows = new Map<string, Map<string, StoredTimer>>();
  /** Every stored timer by when it becomes claimable, so a scheduler tick does not scan them all. */
  private dueTimers = new DueIndex<StoredTimer>();
  private pendingOps = new Map<string, Map<string, string>>();
  /** One JSON text per entry, so trimming the oldest needs no parsing. */
  private traces = new Map<string, string[]>();
  private inboxes = new Map<string, Array<{ seq: number; json: string }>>();
  private outboxes = new Map<string, StoredEffect[]>();
  private leases = new Map<string, { owner: string; until: number }>();
  private flowVersions = new Map<string, { json: string; at: number }>();
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
    if (change.cancelAllTimers) this.dropTimers(id);
    for (const timerId of change.cancelTimers ?? []) this.removeTimer(id, timerId);
    for (const timer of change.setTimers ?? []) this.putTimer(timer);
    this.pushTrace(id, change.trace ?? []);
    this.pushEffects(id, change.effects ?? []);
    if (change.inboxSeq !== undefined) this.removeInbox(id, change.inboxSeq);
    return true;
  }

  async enqueue(sessionId: string, item: InboxItem): Promise<number> {
    const seq = this.nextSeq++;
    const entries = this.inboxes.get(sessionId) ?? [];
    entries.push({ seq, json: JSON.stringify({ ...item, seq }) });
    this.inboxes.set(sessionId, entries);
    return seq;
  }

  async inbox(sessionId: string, limit: number): Promise<InboxEntry[]> {
    return parseAll((this.inboxes.get(sessionId) ?? []).slice(0, limit).map((entry) => entry.json));
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
    const rows = this.outboxes.get(sessionId) ?? [];
    const effects = parseAll<OutboxEffect>(rows.map((row) => row.json));
    for (const [index, row] of rows.entries()) if (row.taken) effects[index].taken = true;
    return effects;
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
    this.removeTimer(sessionId, timerId);
  }

  async timers(sessionId: string): Promise<TimerRow[]> {
    return parseAll([...(this.timerRows.get(sessionId)?.values() ?? [])].map((timer) => timer.json));
  }

  async claimDueTimers(now: number, leaseMs: number, limit: number): Promise<TimerRow[]> {
    return parseAll(this.dueTimers.claim(now, leaseMs, limit).map((timer) => timer.json));
  }

  async nextDueAt(): Promise<number | undefined> {
    return this.dueTimers.next();
  }

  async addPending(sessionId: string, operation: PendingOperation): Promise<void> {
    const rows = this.pendingOps.get(sessionId) ?? new Map<string, string>();
    rows.set(operation.clientContext, JSON.stringify(operation));
    this.pendingOps.set(sessionId, rows);
  }

  async removePending(sessionId: string, clientContext: string): Promise<void> {
    const rows = this.pendingOps.get(sessionId);
    rows?.delete(clientContext);
    if (rows && !rows.size) this.pendingOps.delete(sessionId);
  }

  async pending(sessionId: string): Promise<PendingOperation[]> {
    return parseAll([...(this.pendingOps.get(sessionId)?.values() ?? [])]);
  }

  async clearPending(sessionId: string): Promise<void> {
    this.pendingOps.delete(sessionId);
  }

  async appendTrace(sessionId: string, entries: SessionTraceEntry[]): Promise<void> {
    this.pushTrace(sessionId, entries);
  }

  async readTrace(sessionId: string, options: { limit?: number } = {}): Promise<SessionTraceEntry[]> {
    const trace = this.traces.get(sessionId) ?? [];
    return parseAll(options.limit ? trace.slice(-options.limit) : trace);
  }

  async saveFlowVersion(flowId: string, version: string, document: Json, at: number): Promise<void> {
    const key = `${flowId}@${version}`;
    const saved = this.flowVersions.get(key);
    this.flowVersions.set(key, { json: saved?.json ?? JSON.stringify(document), at: Math.max(at, saved?.at ?? at) });
  }

  async flowVersion(flowId: string, version: string): Promise<Json | undefined> {
    const saved = this.flowVersions.get(`${flowId}@${version}`);
    return saved && (JSON.parse(saved.json) as Json);
  }

  async purge(before: number, limit: number): Promise<number> {
    const gone = [...this.sessions.values()].filter((session) => session.phase === 'ended' && session.updatedAt < before).slice(0, limit);
    this.forget(new Set(gone.map((session) => session.id)));
    for (const [key, saved] of this.flowVersions) if (saved.at < before) this.flowVersions.delete(key);
    return gone.length;
  }

  private probed?: string;

  async probe(value: string): Promise<string | undefined> {
    this.probed = value;
    return this.probed;
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
      this.dropTimers(id);
      for (const map of [this.sessions, this.traces, this.pendingOps, this.inboxes, this.outboxes, this.leases]) map.delete(id);
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
    const rows = this.outboxes.get(sessionId) ?? [];
    for (const effect of effects) rows.push({ id: effect.id, taken: Boolean(effect.taken), json: JSON.stringify(effect) });
    this.outboxes.set(sessionId, rows);
  }

  /** Arms a timer, or re-arms it (new due time, event and token; any claim on it forgotten). */
  private putTimer(timer: TimerRow): void {
    const rows = this.timerRows.get(timer.sessionId) ?? new Map<string, StoredTimer>();
    const stored = rows.get(timer.id) ?? { json: '' };
    stored.json = JSON.stringify(timer);
    rows.set(timer.id, stored);
    this.timerRows.set(timer.sessionId, rows);
    this.dueTimers.set(stored, timer.dueAt);
  }

  private removeTimer(sessionId: string, timerId: string): void {
    const timer = this.timerRows.get(sessionId)?.get(timerId);
    if (timer) this.dueTimers.delete(timer);
    this.timerRows.get(sessionId)?.delete(timerId);
  }

  private dropTimers(sessionId: string): void {
    for (const timer of this.timerRows.get(sessionId)?.values() ?? []) this.dueTimers.delete(timer);
    this.timerRows.delete(sessionId);
  }

  private pushTrace(sessionId: string, entries: SessionTraceEntry[]): void {
    if (!entries.length) return;
    const trace = this.traces.get(sessionId) ?? [];
    for (const entry of entries) trace.push(JSON.stringify(entry));
    if (trace.length > TRACE_LIMIT) trace.splice(0, trace.length - TRACE_LIMIT);
    this.traces.set(sessionId, trace);
  }
}
