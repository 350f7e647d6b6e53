/**
 * The one way trace entries reach the store and the log. Every writer of a call's trace — the
 * step committer (inside its compare-and-set), the effect runner (Graph and HTTP requests and
 * answers), the failure log and the inbox worker — hands its entries here, and what comes out has
 * been through the TraceRedactor: the store and the log get the same cleaned entries, so
 * `GET /api/calls/:id/trace`, the editor's replay and the pino lines show the same facts and no
 * credential. test/session/trace-redaction.test.ts checks that nothing else in the session layer
 * appends to a trace or logs entries.
 */
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

  /** Writes cleaned entries to the log, with the call id: one stream, two views. */
  log(sessionId: string, cleaned: SessionTraceEntry[]): void {
    for (const entry of cleaned) {
      const level = entry.kind === 'error' ? 'warn' : entry.kind === 'session' ? 'info' : 'debug';
      this.deps.logger[level]({ callId: sessionId, ...entry }, `call ${entry.kind}`);
    }
  }

  /** Appends entries that change nothing else about the call. */
  async append(sessionId: string, entries: SessionTraceEntry[], session?: CallSession): Promise<void> {
    if (!entries.length) return;
    const cleaned = this.clean(entries, session ?? (await this.deps.store.get(sessionId)));
    await this.deps.store.appendTrace(sessionId, cleaned);
    this.log(sessionId, cleaned);
  }

  /** Fields of another log line about a call (phone numbers masked when configured). */
  fields<T extends Record<string, unknown>>(fields: T): T {
    return (this.deps.redactor ?? plain).fields(fields);
  }
}
