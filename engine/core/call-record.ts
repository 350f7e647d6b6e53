/**
 * What the engine around the core may know about a call's record without reading XState's
 * snapshot format: where the flow stands and whether it saw the call end. The snapshot stays the
 * core's business (step.ts hydrates it); the session layer asks these questions instead.
 */
import type { FlowContext } from './flow-context.ts';
import type { CallRecord } from './types.ts';

interface PersistedShape {
  value?: unknown;
  context?: Partial<FlowContext>;
}

function persisted(record: CallRecord | undefined): PersistedShape | undefined {
  return record?.snapshot as PersistedShape | undefined;
}

/** The flow's current state as XState names it: a state id, or `{parent: child}` inside a block's phases. */
export function stateValue(record: CallRecord | undefined): unknown {
  return persisted(record)?.value ?? null;
}

/**
 * The flow's current state, as a string that is equal for equal positions (nested states
 * included): compare two readings to tell whether the flow moved on in between.
 */
export function stateOf(record: CallRecord | undefined): string {
  return JSON.stringify(stateValue(record));
}

/**
 * Whether the flow marked the call leg gone: it saw Graph's `terminated`, or hung up itself in an
 * earlier step (a dial giving up ringing) before Graph's notification arrived.
 */
export function callTerminated(record: CallRecord | undefined): boolean {
  return persisted(record)?.context?.call?.terminated === true;
}

/** The flow's variables and last result, for what must be kept out of traces (engine/session/trace-redaction.ts). */
export function flowData(record: CallRecord | undefined): { vars: Record<string, unknown>; lastResult: unknown } {
  const context = persisted(record)?.context;
  return { vars: (context?.vars ?? {}) as Record<string, unknown>, lastResult: context?.lastResult ?? null };
}
