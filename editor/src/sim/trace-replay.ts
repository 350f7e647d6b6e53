/**
 * A real call's trace (`GET /api/calls/:id/trace`: the stepper's trace entries, as stored for the
 * call) read into steps that can be walked through on the canvas: at each step, the state the
 * call was in and what happened.
 */
import type { TraceEntry } from '../../../engine/core/types.ts';

export interface TraceStep {
  entry: TraceEntry;
  /** The top-level state the call was in after this entry. */
  state?: string;
  description: string;
}

function topState(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return Object.keys(value)[0];
  return undefined;
}

function describe(entry: TraceEntry): string {
  const detail = entry as Record<string, unknown>;
  switch (entry.kind) {
    case 'event':
      return `Event ${String((detail.event as { type?: string })?.type ?? '')}`;
    case 'transition':
      return `Now in ${topState(detail.to) ?? '?'}`;
    case 'effect':
      return `Did ${String((detail.effect as { type?: string })?.type ?? '')}`;
    case 'port':
      return `${String(detail.state)} left through ${String(detail.port)}${detail.target ? ` to ${String(detail.target)}` : ''}`;
    case 'error':
      return `Error: ${String(detail.message ?? '')}`;
    case 'unhandled':
      return `Not handled${detail.reason ? `: ${String(detail.reason)}` : ''}`;
    default: {
      // The engine adds its own records (notifications received, requests sent); show their gist.
      const { at: _at, kind, ...rest } = detail;
      const gist = JSON.stringify(rest);
      return `${String(kind)} ${gist.length > 90 ? `${gist.slice(0, 89)}…` : gist}`;
    }
  }
}

/** The flow a trace belongs to, when the engine says (`{flowId, entries}`). */
export function traceFlowId(body: unknown): string | undefined {
  const flowId = (body as { flowId?: unknown })?.flowId;
  return typeof flowId === 'string' ? flowId : undefined;
}

/** Accepts the entries as an array or wrapped (`{entries: [...]}`, as the engine sends them, or `{trace: [...]}`). */
export function traceSteps(body: unknown): TraceStep[] {
  const wrapped = body as { trace?: unknown; entries?: unknown };
  const entries = Array.isArray(body) ? body : Array.isArray(wrapped?.trace) ? wrapped.trace : Array.isArray(wrapped?.entries) ? wrapped.entries : undefined;
  if (!entries) throw new Error('this is not a call trace: expected a list of trace entries');
  let state: string | undefined;
  return (entries as TraceEntry[]).map((entry) => {
    if (entry.kind === 'transition') state = topState((entry as { to?: unknown }).to);
    return { entry, state, description: describe(entry) };
  });
}
