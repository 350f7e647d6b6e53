/**
 * CallStore in one SQLite file (better-sqlite3), for a single engine process that must keep its calls
 * across restarts and crashes; several engine processes share state through the Redis store instead.
 * better-sqlite3 is synchronous: each method runs its statements to completion before its promise
 * resolves, so a transaction never interleaves with another. The file itself (one owner process,
 * WAL, durability, checkpoints) is sqlite-file.ts; the schema sqlite-migrations.ts; the SQL sqlite-sql.ts.
 */
import type { Json } from '../core/types.ts';
import type { CallStore, SessionCreateExtras } from '../session/call-store.ts';
import type { CallSession, InboxEntry, InboxItem, OutboxEffect, PendingOperation, SessionCommit, SessionTraceEntry, TimerRow } from '../session/types.ts';
import { TRACE_LIMIT } from './memory-store.ts';
import { openSqliteFile, type SqliteFile, type SqliteFileOptions } from './sqlite-file.ts';
import { prepareStatements, type Statements } from './sqlite-sql.ts';

/** Rows a call's trace may grow past TRACE_LIMIT before it is trimmed back: one trim per this many appends. */
export const TRACE_SLACK = 500;
/** Calls whose appends since the last trim are counted; past this the counts start over. */
const TRACED_CALLS_TRACKED = 100_000;

export type SqliteStoreOptions = SqliteFileOptions;

interface TimerDbRow {
  session_id: string;
  id: string;
  due_at: number;
  token: string;
  event: string;
}
/** What one step writes besides the record, shared by create and commit. */
interface StepWrites {
  timers?: TimerRow[];
  trace?: SessionTraceEntry[];
  effects?: OutboxEffect[];
  inboxSeq?: number;
}

export class SqliteCallStore implements CallStore {
  readonly kind = 'sqlite';

  /**
   * Opens (creating it and its directory if missing) and migrates the database; ':memory:' for tests.
   * The file belongs to this process until close: a second open fails with a clear message.
   */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteCallStore {
    return new SqliteCallStore(openSqliteFile(path, options));
  }

  private readonly q: Statements;
  /**
   * Trace entries appended per call since this process last trimmed its trace. In memory, not in a
   * table (a row per commit would be one more page written): the file belongs to this process, and
   * a call missing here (new, or after a restart) is simply trimmed on its next append.
   */
  private readonly traceAppends = new Map<string, number>();
  private readonly createTx: (session: CallSession, extras: SessionCreateExtras) => boolean;
  private readonly commitTx: (change: SessionCommit) => boolean;
  private readonly appendTraceTx: (sessionId: string, entries: SessionTraceEntry[]) => void;
  private readonly renewTx: (sessionIds: string[], owner: string, leaseMs: number) => string[];
  private readonly purgeTx: (before: number, limit: number) => number;

  /** The open database, for the deploy store kept in the same file (sqlite-deploy-store.ts). */
  get database(): SqliteFile['db'] {
    return this.file.db;
  }

  private constructor(private readonly file: SqliteFile) {
    const { db } = file;
    this.q = prepareStatements(db);
    this.createTx = db.transaction((session: CallSession, extras: SessionCreateExtras) => {
      if (this.q.insertSession.run(session.id, session.rev, session.phase, session.updatedAt, JSON.stringify(session)).changes !== 1) return false;
      this.writeStep(session.id, extras);
      return true;
    });
    this.commitTx = db.transaction((change: SessionCommit) => {
      const { session } = change;
      const row = {
        id: session.id,
        rev: session.rev,
        phase: session.phase,
        updatedAt: session.updatedAt,
        body: JSON.stringify(session),
        expectedRev: change.expectedRev,
      };
      // Compare-and-set: a stale rev matches no row, and the step's other writes are skipped.
      if (this.q.updateSession.run(row).changes !== 1 && this.q.updateSessionPhase.run(row).changes !== 1) return false;
      if (change.cancelAllTimers) this.q.cancelAllTimers.run(session.id);
      for (const timerId of change.cancelTimers ?? []) this.q.cancelTimer.run(session.id, timerId);
      this.writeStep(session.id, { ...change, timers: change.setTimers });
      return true;
    });
    this.appendTraceTx = db.transaction((sessionId: string, entries: SessionTraceEntry[]) => this.pushTrace(sessionId, entries));
    this.renewTx = db.transaction((sessionIds: string[], owner: string, leaseMs: number) => {
      const now = Date.now();
      return sessionIds.filter((sessionId) => this.q.renewLease.run({ sessionId, owner, until: now + leaseMs, now }).changes !== 1);
    });
    this.purgeTx = db.transaction((before: number, limit: number) => {
      const ids = (this.q.endedBefore.all(before, limit) as Array<{ id: string }>).map((row) => row.id);
      for (const id of ids) {
        for (const statement of this.q.purge) statement.run(id);
        this.traceAppends.delete(id);
      }
      this.q.purgeFlows.run(before);
      return ids.length;
    });
  }

  async get(sessionId: string): Promise<CallSession | undefined> {
    const row = this.q.get.get(sessionId) as { body: string } | undefined;
    return row && (JSON.parse(row.body) as CallSession);
  }

  async create(session: CallSession, extras: SessionCreateExtras = {}): Promise<boolean> {
    return this.createTx(session, extras);
  }

  async commit(change: SessionCommit): Promise<boolean> {
    return this.commitTx(change);
  }

  async link(graphCallId: string, sessionId: string): Promise<void> {
    this.q.link.run(graphCallId, sessionId);
  }

  async resolve(graphCallId: string): Promise<string | undefined> {
    return (this.q.resolve.get(graphCallId) as { session_id: string } | undefined)?.session_id;
  }

  async enqueue(sessionId: string, item: InboxItem): Promise<number> {
    return Number(this.q.enqueue.run(sessionId, JSON.stringify(item)).lastInsertRowid);
  }

  async inbox(sessionId: string, limit: number): Promise<InboxEntry[]> {
    const rows = this.q.inbox.all(sessionId, limit) as Array<{ seq: number; body: string }>;
    return rows.map((row) => ({ ...(JSON.parse(row.body) as InboxItem), seq: row.seq }));
  }

  async dropInbox(sessionId: string, uptoSeq: number): Promise<void> {
    this.q.dropInbox.run(sessionId, uptoSeq);
  }

  async sessionsWithWork(limit: number): Promise<string[]> {
    return (this.q.withWork.all(limit) as Array<{ session_id: string }>).map((row) => row.session_id);
  }

  async takeEffect(sessionId: string, effectId: string): Promise<boolean> {
    // Only the update that flips taken from 0 changes the row: exactly one taker.
    return this.q.takeEffect.run(sessionId, effectId).changes === 1;
  }

  async finishEffect(sessionId: string, effectId: string): Promise<void> {
    this.q.finishEffect.run(sessionId, effectId);
  }

  async outbox(sessionId: string): Promise<OutboxEffect[]> {
    const rows = this.q.outbox.all(sessionId) as Array<{ id: string; effect: string; taken: number }>;
    return rows.map((row) => ({ id: row.id, effect: JSON.parse(row.effect) as OutboxEffect['effect'], ...(row.taken ? { taken: true } : {}) }));
  }

  // Leases compare wall-clock times (Date.now()), as the memory and Redis stores do.
  async acquireLease(sessionId: string, owner: string, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    return this.q.acquireLease.run({ sessionId, owner, until: now + leaseMs, now }).changes === 1;
  }

  async renewLeases(sessionIds: string[], owner: string, leaseMs: number): Promise<string[]> {
    return this.renewTx(sessionIds, owner, leaseMs);
  }

  async releaseLease(sessionId: string, owner: string): Promise<void> {
    this.q.releaseLease.run(sessionId, owner);
  }

  async setTimer(timer: TimerRow): Promise<void> {
    this.putTimer(timer);
  }

  async cancelTimer(sessionId: string, timerId: string): Promise<void> {
    this.q.cancelTimer.run(sessionId, timerId);
  }

  async timers(sessionId: string): Promise<TimerRow[]> {
    return (this.q.timers.all(sessionId) as TimerDbRow[]).map(timerRow);
  }

  async claimDueTimers(now: number, leaseMs: number, limit: number): Promise<TimerRow[]> {
    const rows = this.q.claimTimers.all({ now, until: now + leaseMs, limit }) as TimerDbRow[];
    // RETURNING gives rows in no defined order; the scheduler wants the most overdue first.
    return rows.sort((a, b) => a.due_at - b.due_at).map(timerRow);
  }

  async nextDueAt(): Promise<number | undefined> {
    return (this.q.nextDue.get() as { at: number } | undefined)?.at;
  }

  async addPending(sessionId: string, operation: PendingOperation): Promise<void> {
    this.q.addPending.run(sessionId, operation.clientContext, JSON.stringify(operation));
  }

  async removePending(sessionId: string, clientContext: string): Promise<void> {
    this.q.removePending.run(sessionId, clientContext);
  }

  async pending(sessionId: string): Promise<PendingOperation[]> {
    return (this.q.pending.all(sessionId) as Array<{ body: string }>).map((row) => JSON.parse(row.body) as PendingOperation);
  }

  async clearPending(sessionId: string): Promise<void> {
    this.q.clearPending.run(sessionId);
  }

  async appendTrace(sessionId: string, entries: SessionTraceEntry[]): Promise<void> {
    if (entries.length) this.appendTraceTx(sessionId, entries);
  }

  async readTrace(sessionId: string, options: { limit?: number } = {}): Promise<SessionTraceEntry[]> {
    // Up to TRACE_SLACK older rows may wait for their trim; they are never shown.
    const limit = options.limit ? Math.min(options.limit, TRACE_LIMIT) : TRACE_LIMIT;
    return (this.q.readTrace.all(sessionId, limit) as Array<{ entry: string }>).map((row) => JSON.parse(row.entry) as SessionTraceEntry);
  }

  async saveFlowVersion(flowId: string, version: string, document: Json, at: number): Promise<void> {
    // Calls start on a saved version far more often than a version is new: try the cheap update
    // first, and serialize the document only when there is no row yet.
    if (this.q.touchFlow.run(at, flowId, version).changes === 0) this.q.insertFlow.run(flowId, version, JSON.stringify(document), at);
  }

  async flowVersion(flowId: string, version: string): Promise<Json | undefined> {
    const row = this.q.flowVersion.get(flowId, version) as { document: string } | undefined;
    return row && (JSON.parse(row.document) as Json);
  }

  async runningSessionIds(): Promise<string[]> {
    return (this.q.running.all() as Array<{ id: string }>).map((row) => row.id);
  }

  async purge(before: number, limit: number): Promise<number> {
    return this.purgeTx(before, limit);
  }

  /** A one-row table of its own, written and read in one transaction: a read-only or full file fails the write. */
  async probe(value: string): Promise<string | undefined> {
    return this.file.db.transaction(() => {
      this.q.writeProbe.run(value);
      return (this.q.readProbe.get() as { value: string } | undefined)?.value;
    })();
  }

  async close(): Promise<void> {
    await this.file.close();
  }

  private writeStep(sessionId: string, writes: StepWrites): void {
    for (const timer of writes.timers ?? []) this.putTimer(timer);
    if (writes.trace?.length) this.pushTrace(sessionId, writes.trace);
    for (const { id, effect } of writes.effects ?? []) this.q.addEffect.run({ sessionId, id, effect: JSON.stringify(effect) });
    if (writes.inboxSeq !== undefined) this.q.dropInbox.run(sessionId, writes.inboxSeq);
  }

  private putTimer(timer: TimerRow): void {
    this.q.setTimer.run(timer.sessionId, timer.id, timer.dueAt, timer.token, JSON.stringify(timer.event));
  }

  /**
   * Appends in the caller's transaction. A trim walks up to TRACE_LIMIT index entries, so it runs on
   * a call's first append seen by this process and then once per TRACE_SLACK entries: the stored
   * trace never exceeds TRACE_LIMIT + TRACE_SLACK rows, and readTrace shows the newest TRACE_LIMIT.
   */
  private pushTrace(sessionId: string, entries: SessionTraceEntry[]): void {
    for (const entry of entries) this.q.addTrace.run(sessionId, JSON.stringify(entry));
    const appended = (this.traceAppends.get(sessionId) ?? TRACE_SLACK) + entries.length;
    if (appended < TRACE_SLACK) {
      this.traceAppends.set(sessionId, appended);
      return;
    }
    this.q.trimTrace.run({ sessionId, keep: TRACE_LIMIT });
    if (this.traceAppends.size >= TRACED_CALLS_TRACKED) this.traceAppends.clear();
    this.traceAppends.set(sessionId, 0);
  }
}

function timerRow(row: TimerDbRow): TimerRow {
  return { sessionId: row.session_id, id: row.id, dueAt: row.due_at, token: row.token, event: JSON.parse(row.event) as TimerRow['event'] };
}
