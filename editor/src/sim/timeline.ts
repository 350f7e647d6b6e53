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
  'call.established': 'call connected',
  'call.terminated': 'call leg ended',
  'transfer.accepted': 'transfer accepted',
  'transfer.failed': 'transfer failed',
  'participants.updated': 'participants joined',
  'http.completed': 'HTTP answer received',
  'http.failed': 'HTTP request failed',
};
const COMPLETED_TEXT: Record<string, string> = {
  playPrompt: 'prompt finished',
  recordResponse: 'recording finished',
  sendDtmfTones: 'tones sent',
  invite: 'invitation accepted',
};

function who(value: unknown): string {
  const target = (value ?? {}) as Record<string, string>;
  return [target.displayName, target.phone ?? (target.user ? 'Teams user' : target.application ? 'application' : '')].filter(Boolean).join(' ');
}

function eventLine(type: string, detail: Record<string, unknown>): string | undefined {
  if (type === 'tone' || type === 'engine.start') return undefined;
  if (type === 'operation.completed') return COMPLETED_TEXT[String(detail.kind)];
  if (type === 'operation.failed') {
    const result = (detail.result ?? {}) as { subcode?: number; message?: string };
    if (result.subcode === 8508) return `${String(detail.kind) === 'playPrompt' ? 'prompt' : 'recording'} stopped`;
    return `${String(detail.kind)} failed${result.message ? `: ${result.message}` : ''}`;
  }
  return EVENT_TEXT[type] ?? (type.startsWith('xstate.after') ? 'timer fired' : type);
}

function effectLine(type: string, detail: Record<string, unknown>, at: number): string | undefined {
  switch (type) {
    case 'graph.answer':
      return 'answers the call';
    case 'graph.playPrompt':
      return `says ${((detail.prompts as Array<{ text: string }>) ?? []).map((prompt) => `“${prompt.text}”`).join(' ')}`;
    case 'graph.recordResponse':
      return 'records the caller';
    case 'graph.transfer':
      return `transfers to ${who(detail.to)}`;
    case 'graph.hangup':
      return 'hangs up';
    case 'timer.set':
      return `waits up to ${Math.round((Number(detail.dueAt) - at) / 100) / 10} s`;
    case 'http.request':
      return `calls ${String(detail.method)} ${String(detail.url)}`;
    case 'graph.subscribeToTone':
    case 'graph.cancelMediaProcessing':
    case 'timer.cancel':
      return undefined;
    default:
      return type.replace(/^graph\./, '');
  }
}

export function timelineLine(entry: SimLogEntry, startedAt: number): TimelineLine | undefined {
  const detail = entry.detail as Record<string, unknown>;
  const at = entry.at - startedAt;
  if (entry.kind === 'caller') {
    if (typeof detail.press === 'string') return { at, kind: 'caller', text: `pressed ${detail.press}` };
    if (detail.hangup) return { at, kind: 'caller', text: 'hung up' };
    return { at, kind: 'caller', text: `spoke for ${Number(detail.speak) / 1000} s` };
  }
  if (entry.kind === 'error') return { at, kind: 'error', text: String(detail.message ?? JSON.stringify(detail)) };
  const text = entry.kind === 'event' ? eventLine(String(detail.type), detail) : effectLine(String(detail.type), detail, entry.at);
  return text ? { at, kind: entry.kind === 'event' ? 'event' : 'flow', text } : undefined;
}
