/**
 * The one way trace entries reach the store and the log. Every writer of a call's trace — the
 * step committer (inside its compare-and-set), the effect runner (Graph and HTTP requests and
 * answers), the failure log and the inbox worker — hands its entries here, and what comes out has
 * been through the TraceRedactor: the store and the log get the same cleaned entries, so
 * `GET /api/calls/:id/trace`, the editor's replay and the pino lines show the same facts and no
 * credential. test/session/trace-redaction.test.ts checks that nothing else in the session layer
 * appends to a trace or logs entries.
 */
import { fieldsOf, noteSession } from './call-log-context.ts';
import type { SessionDeps } from './session-deps.ts';
import { TraceRedactor } from './trace-redaction.ts';
import type { CallSession, SessionTraceEntry } from './types.ts';

const plain = new TraceRedactor();

export class TraceWriter {
  constructor(private readonly deps: Pick<SessionDeps, 'store' | 'logger' | 'redactor'>) {}

  /** The entries as they may be stored and logged; `session` is the call as it will be stored. */
  clean(entries: SessionTraceEntry[], session: CallSession | undefined): SessionTraceEntry[] {
    return entries.length ? (this.deps.redactor ?? plain).entries(entries, session) : entries;
  }

  /**
   * Writes cleaned entries to the log with the call's correlation (session id, Graph call id, chain
   * and scenario ids, call-log-context.ts): one stream, two views. `session` is the call as stored,
   * or its id when it is gone.
   */
  log(session: CallSession | string, cleaned: SessionTraceEntry[]): void {
    if (typeof session !== 'string') noteSession(session);
    const fields = fieldsOf(typeof session === 'string' ? { id: session } : session);
    for (const entry of cleaned) {
      const level = entry.kind === 'error' ? 'warn' : entry.kind === 'session' ? 'info' : 'debug';
      this.deps.logger[level]({ ...entry, ...fields }, `call ${entry.kind}`);
    }
  }

  /** Appends entries that change nothing else about the call. */
  async append(sessionId: string, entries: SessionTraceEntry[], session?: CallSession): Promise<void> {
    if (!entries.length) return;
    const stored = session ?? (await this.deps.store.get(sessionId));
    const cleaned = this.clean(entries, stored);
    await this.deps.store.appendTrace(sessionId, cleaned);
    this.log(stored ?? sessionId, cleaned);
  }

  /** Fields of another log line about a call (phone numbers masked when configured). */
  fields<T extends Record<string, unknown>>(fields: T): T {
    return (this.deps.redactor ?? plain).fields(fields);
  }
}
