/**
 * The simulator's timeline: each thing that happened in the call as one readable line, from the
 * simulated call's log (caller actions, events the flow received, effects it produced).
 */
import type { SimLogEntry } from '../../../engine/core/sim/simulated-call.ts';

export interface TimelineLine {
  at: number;
  kind: 'caller' | 'flow' | 'event' | 'error';
  text: string;
}

const EVENT_TEXT: Record<string, string> = {
  'call.established': 'Call connected',
  'call.terminated': 'Call leg ended',
  'transfer.accepted': 'Transfer accepted',
  'transfer.failed': 'Transfer failed',
  'operation.completed': 'Finished',
  'operation.failed': 'Failed',
};

function who(value: unknown): string {
  const target = (value ?? {}) as Record<string, string>;
  return [target.displayName, target.phone ?? (target.user ? 'Teams user' : target.application ? 'application' : '')].filter(Boolean).join(' ');
}

export function timelineLine(entry: SimLogEntry, startedAt: number): TimelineLine | undefined {
  const detail = entry.detail as Record<string, unknown>;
  const at = entry.at - startedAt;
  if (entry.kind === 'caller') {
    if (typeof detail.press === 'string') return { at, kind: 'caller', text: `Caller pressed ${detail.press}` };
    if (detail.hangup) return { at, kind: 'caller', text: 'Caller hung up' };
    return { at, kind: 'caller', text: `Caller spoke for ${Number(detail.speak) / 1000} s` };
  }
  if (entry.kind === 'error') return { at, kind: 'error', text: String(detail.message ?? JSON.stringify(detail)) };
  const type = String(detail.type);
  if (entry.kind === 'event') {
    if (type === 'tone' || type === 'engine.start') return undefined;
    if (type.startsWith('operation.')) return { at, kind: 'event', text: `${EVENT_TEXT[type]}: ${String(detail.kind)}` };
    return { at, kind: 'event', text: EVENT_TEXT[type] ?? (type.startsWith('xstate.after') ? 'Timer fired' : `Event ${type}`) };
  }
  switch (type) {
    case 'graph.answer':
      return { at, kind: 'flow', text: 'Bot answers the call' };
    case 'graph.playPrompt':
      return { at, kind: 'flow', text: `Bot says: ${((detail.prompts as Array<{ text: string }>) ?? []).map((prompt) => `“${prompt.text}”`).join(' ')}` };
    case 'graph.transfer':
      return { at, kind: 'flow', text: `Bot transfers to ${who(detail.to)}` };
    case 'graph.hangup':
      return { at, kind: 'flow', text: 'Bot hangs up' };
    case 'graph.subscribeToTone':
    case 'graph.cancelMediaProcessing':
    case 'timer.cancel':
      return undefined;
    case 'timer.set':
      return { at, kind: 'flow', text: `Timer set for ${Math.round((Number(detail.dueAt) - entry.at) / 100) / 10} s` };
    case 'http.request':
      return { at, kind: 'flow', text: `HTTP ${String(detail.method)} ${String(detail.url)}` };
    default:
      return { at, kind: 'flow', text: type.replace(/^graph\./, 'Bot: ') };
  }
}
