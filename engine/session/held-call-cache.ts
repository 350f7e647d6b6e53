/**
 * The store as the session layer sees it: every call goes to the real store, except that while
 * this process holds a call's lease its record and pending operations are answered from memory.
 * Under the lease no other process writes the call, so what this process read or committed last
 * is what the store holds; working off one notification reads the record about ten times (inbox
 * drain, translation, step, each effect), and each read is a round trip and a parse on a real store.
 * The copy is dropped when the lease goes (another process may write then) and whenever a commit is
 * refused: a refused compare-and-set means someone else wrote, so the next read goes to the store.
 *
 * Cached records are frozen: the session layer treats them as values (each step builds a new one),
 * and freezing turns an accidental in-place change into an error instead of a silent divergence
 * between memory and store.
 */
import type { Json } from '../core/types.ts';
import type { CallStore, SessionCreateExtras } from './call-store.ts';
import type { CallSession, InboxEntry, InboxItem, OutboxEffect, PendingOperation, SessionCommit, SessionTraceEntry, TimerRow } from './types.ts';

export class HeldCallCache implements CallStore {
  private readonly held = new Set<string>();
  private readonly sessions = new Map<string, CallSession>();
  private readonly pendingOps = new Map<string, readonly PendingOperation[]>();

  constructor(private readonly store: CallStore) {}

  get kind(): string {
    return this.store.kind;
  }

  /** This process took the call's lease: reads may be answered from memory until `release`. */
  hold(sessionId: string): void {
    this.held.add(sessionId);
  }

  /** The lease is gone (released or lost): forget what was cached. */
  release(sessionId: string): void {
    this.held.delete(sessionId);
    this.sessions.delete(sessionId);
    this.pendingOps.delete(sessionId);
  }

  async get(sessionId: string): Promise<CallSession | undefined> {
    const cached = this.sessions.get(sessionId);
    if (cached) return cached;
    const session = await this.store.get(sessionId);
    // A commit may have landed while this read was on its way: keep the newer of the two.
    const meanwhile = this.sessions.get(sessionId);
    if (session && this.held.has(sessionId) && (!meanwhile || meanwhile.rev < session.rev)) this.sessions.set(sessionId, deepFreeze(session));
    return session;
  }

  async create(session: CallSession, extras?: SessionCreateExtras): Promise<boolean> {
    const created = await this.store.create(session, extras);
    this.remember(session.id, created ? session : undefined);
    return created;
  }

  async commit(change: SessionCommit): Promise<boolean> {
    const committed = await this.store.commit(change);
    this.remember(change.session.id, committed ? change.session : undefined);
    return committed;
  }

  async pending(sessionId: string): Promise<PendingOperation[]> {
    const cached = this.pendingOps.get(sessionId);
    if (cached) return [...cached];
    const operations = await this.store.pending(sessionId);
    if (this.held.has(sessionId)) this.pendingOps.set(sessionId, deepFreeze([...operations]));
    return operations;
  }

  async addPending(sessionId: string, operation: PendingOperation): Promise<void> {
    await this.store.addPending(sessionId, operation);
    const cached = this.pendingOps.get(sessionId);
    if (cached) this.pendingOps.set(sessionId, deepFreeze([...cached.filter((row) => row.clientContext !== operation.clientContext), { ...operation }]));
  }

  async removePending(sessionId: string, clientContext: string): Promise<void> {
    await this.store.removePending(sessionId, clientContext);
    const cached = this.pendingOps.get(sessionId);
    if (cached)
      this.pendingOps.set(
        sessionId,
        cached.filter((row) => row.clientContext !== clientContext),
      );
  }

  async clearPending(sessionId: string): Promise<void> {
    await this.store.clearPending(sessionId);
    if (this.pendingOps.has(sessionId)) this.pendingOps.set(sessionId, []);
  }

  /** After a write: the written record when it landed under the lease; otherwise nothing (read again). */
  private remember(sessionId: string, written: CallSession | undefined): void {
    if (written && this.held.has(sessionId)) this.sessions.set(sessionId, deepFreeze(written));
    else this.sessions.delete(sessionId);
  }

  // ── Everything else goes straight to the store ──
  link(graphCallId: string, sessionId: string): Promise<void> {
    return this.store.link(graphCallId, sessionId);
  }
  resolve(graphCallId: string): Promise<string | undefined> {
    return this.store.resolve(graphCallId);
  }
  enqueue(sessionId: string, item: InboxItem): Promise<number> {
    return this.store.enqueue(sessionId, item);
  }
  inbox(sessionId: string, limit: number): Promise<InboxEntry[]> {
    return this.store.inbox(sessionId, limit);
  }
  dropInbox(sessionId: string, uptoSeq: number): Promise<void> {
    return this.store.dropInbox(sessionId, uptoSeq);
  }
  sessionsWithWork(limit: number): Promise<string[]> {
    return this.store.sessionsWithWork(limit);
  }
  takeEffect(sessionId: string, effectId: string): Promise<boolean> {
    return this.store.takeEffect(sessionId, effectId);
  }
  finishEffect(sessionId: string, effectId: string): Promise<void> {
    return this.store.finishEffect(sessionId, effectId);
  }
  outbox(sessionId: string): Promise<OutboxEffect[]> {
    return this.store.outbox(sessionId);
  }
  acquireLease(sessionId: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.store.acquireLease(sessionId, owner, leaseMs);
  }
  renewLeases(sessionIds: string[], owner: string, leaseMs: number): Promise<string[]> {
    return this.store.renewLeases(sessionIds, owner, leaseMs);
  }
  releaseLease(sessionId: string, owner: string): Promise<void> {
    return this.store.releaseLease(sessionId, owner);
  }
  setTimer(timer: TimerRow): Promise<void> {
    return this.store.setTimer(timer);
  }
  cancelTimer(sessionId: string, timerId: string): Promise<void> {
    return this.store.cancelTimer(sessionId, timerId);
  }
  timers(sessionId: string): Promise<TimerRow[]> {
    return this.store.timers(sessionId);
  }
  claimDueTimers(now: number, leaseMs: number, limit: number): Promise<TimerRow[]> {
    return this.store.claimDueTimers(now, leaseMs, limit);
  }
  nextDueAt(): Promise<number | undefined> {
    return this.store.nextDueAt();
  }
  appendTrace(sessionId: string, entries: SessionTraceEntry[]): Promise<void> {
    return this.store.appendTrace(sessionId, entries);
  }
  readTrace(sessionId: string, options?: { limit?: number }): Promise<SessionTraceEntry[]> {
    return this.store.readTrace(sessionId, options);
  }
  saveFlowVersion(flowId: string, version: string, document: Json, at: number): Promise<void> {
    return this.store.saveFlowVersion(flowId, version, document, at);
  }
  flowVersion(flowId: string, version: string): Promise<Json | undefined> {
    return this.store.flowVersion(flowId, version);
  }
  runningSessionIds(): Promise<string[]> {
    return this.store.runningSessionIds();
  }
  probe(value: string): Promise<string | undefined> {
    return this.store.probe(value);
  }
  purge(before: number, limit: number): Promise<number> {
    return this.store.purge(before, limit);
  }
  close(): Promise<void> {
    return this.store.close();
  }
}

/** Freezes a plain JSON-like value all the way down (already frozen parts are skipped). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
