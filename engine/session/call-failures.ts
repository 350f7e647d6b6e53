/**
 * A failure while working on one call (a store hiccup that outlasted its retries, a bug in a
 * block) is logged, counted and written to that call's trace, and touches no other call.
 */
import type { CallStore } from './call-store.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';
import type { EngineMetrics } from './metrics.ts';
import type { CallFailures } from './session-deps.ts';
import type { TraceRedactor } from './trace-redaction.ts';
import { TraceWriter } from './trace-writer.ts';

export class CallFailureLog implements CallFailures {
  private readonly traces: TraceWriter;

  constructor(private readonly deps: { store: CallStore; clock: Clock; logger: Logger; metrics: EngineMetrics; redactor?: TraceRedactor }) {
    this.traces = new TraceWriter(deps);
  }

  report(sessionId: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.deps.metrics.sessionError();
    this.deps.logger.error({ sessionId, err: error }, 'call processing failed');
    void this.traces.append(sessionId, [{ at: this.deps.clock.now(), kind: 'error', message: `engine failure: ${message}` }]).catch(() => undefined);
  }
}
