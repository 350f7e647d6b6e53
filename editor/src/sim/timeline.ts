/**
 * The simulator's timeline: each thing that happened in the call as one readable line, from the
 * simulated call's log (caller actions, events the flow received, effects it produced).
 */
import { isEffectName, type EffectName, type EffectOf } from '../../../engine/core/effects.ts';
import type { SimLogEntry } from '../../../engine/core/sim/simulated-call.ts';
import { isGroupCall } from '../../../engine/protocol/group-call-targets.ts';
import { explainResult } from '../../../engine/protocol/result-codes.ts';

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
  'consult.established': 'the transfer target answered',
  'consult.terminated': 'the consult call ended',
  'participants.updated': 'participants joined',
  'leg.established': 'call leg connected',
  'leg.terminated': 'call leg ended',
  'http.completed': 'HTTP answer received',
  'http.failed': 'HTTP request failed',
  'recording.stored': 'recording kept',
  'recording.failed': 'recording not kept',
};
const COMPLETED_TEXT: Record<string, string> = {
  playPrompt: 'prompt finished',
  recordResponse: 'recording finished',
  sendDtmfTones: 'tones sent',
  invite: 'invitation accepted',
};

function who(value: unknown): string {
  const target = (value ?? {}) as Record<string, string>;
  const kind = target.user ? 'Teams user' : target.application ? 'application' : target.applicationInstance ? 'call queue or auto attendant' : '';
  return [target.displayName, target.phone ?? kind].filter(Boolean).join(' ');
}

/** Events that carry Graph's result of a call or a transfer as `code` and `subcode`. */
const ENDINGS = new Set(['call.terminated', 'leg.terminated', 'transfer.failed', 'consult.terminated']);

/** Microsoft's documented meaning of a result (engine/protocol/result-codes.ts), as " — …"; nothing for a result it does not document. */
function meaningOf(result: { code?: unknown; subcode?: unknown }): string {
  const meaning = typeof result.code === 'number' && typeof result.subcode === 'number' ? explainResult(result.code, result.subcode) : undefined;
  return meaning ? ` — ${meaning}` : '';
}

function eventLine(type: string, detail: Record<string, unknown>): string | undefined {
  if (type === 'tone' || type === 'leg.tone' || type === 'engine.start') return undefined;
  // A leg's news names the leg: the run has more than one call.
  if (type === 'leg.established') return `${EVENT_TEXT[type]}: ${String(detail.leg)}`;
  if (type === 'leg.terminated') return `${EVENT_TEXT[type]}: ${String(detail.leg)}${meaningOf(detail)}`;
  if (ENDINGS.has(type)) return `${EVENT_TEXT[type]}${meaningOf(detail)}`;
  if (type === 'operation.completed') return COMPLETED_TEXT[String(detail.kind)];
  if (type === 'participants.updated') return rosterLine(detail);
  // The status says which port the block takes: an analyst reads 503 where the flow went on through `failed`.
  if (type === 'http.completed' && typeof detail.status === 'number') return `${EVENT_TEXT[type]}: ${detail.status}`;
  if (type === 'operation.failed') {
    const result = (detail.result ?? {}) as { code?: number; subcode?: number; message?: string };
    if (result.subcode === 8508) return `${String(detail.kind) === 'playPrompt' ? 'prompt' : 'recording'} stopped`;
    // The documented meaning says what happened; Graph's own message is the fallback.
    const meaning = meaningOf(result);
    return `${String(detail.kind)} failed${meaning || (result.message ? `: ${result.message}` : '')}`;
  }
  return EVENT_TEXT[type] ?? (type.startsWith('xstate.after') ? 'timer fired' : type);
}

/** "ana joined", "ben left" — who joined and who left, by participant id. */
function rosterLine(detail: Record<string, unknown>): string {
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const parts = [...list(detail.joined).map((id) => `${id} joined`), ...list(detail.left).map((id) => `${id} left`)];
  return parts.length ? parts.join(', ') : 'participants joined';
}

/** What the bot does, in the analyst's words, for every effect the catalogue has; undefined: nothing worth a line. */
const EFFECT_TEXT: { readonly [K in EffectName]: (effect: EffectOf<K>, at: number) => string | undefined } = {
  'graph.answer': () => 'answers the call',
  'graph.reject': () => 'rejects the call',
  'graph.redirect': (effect) => `redirects the call to ${(effect.targets ?? []).map(who).join(', ')}`,
  'graph.transfer': (effect) => `transfers to ${who(effect.to)}${effect.consult ? ', replacing the consult call' : ''}`,
  'graph.consultCall': (effect) => `calls ${who(effect.to)} to consult before transferring`,
  'graph.endConsult': () => 'hangs up the consult call',
  'graph.hangup': () => 'hangs up',
  'graph.createCall': (effect) => (isGroupCall(effect.to) ? `calls ${effect.to.map(who).join(', ')} at once (a group call)` : `calls ${who(effect.to)}`),
  'graph.joinMeeting': () => 'joins the meeting',
  // A round of hold music (engine/blocks/hold-music.ts names it `<operation>.hold<round>`) is said as such.
  'graph.playPrompt': (effect) =>
    `${/\.hold\d+$/.test(String(effect.clientContext)) ? 'plays hold music:' : 'says'} ${(effect.prompts ?? []).map((prompt) => `“${prompt.text}”`).join(' ')}`,
  'graph.recordResponse': () => 'records the caller',
  'graph.cancelMediaProcessing': () => undefined,
  'graph.subscribeToTone': () => undefined,
  'graph.sendDtmfTones': (effect) => `sends the keys ${(effect.tones ?? []).join(' ')}`,
  'graph.invite': (effect) => `invites ${(effect.participants ?? []).map(who).join(', ')}`,
  'graph.mute': () => 'mutes itself',
  'graph.unmute': () => 'unmutes itself',
  'graph.muteParticipant': (effect) => `mutes the participant ${effect.participantId}`,
  'graph.removeParticipant': (effect) => `removes the participant ${effect.participantId}`,
  'graph.keepAlive': () => undefined,
  'graph.getOperation': () => undefined,
  'http.request': (effect) => `calls ${String(effect.method)} ${String(effect.url)}`,
  'recording.download': () => 'keeps the recording',
  'timer.set': (effect, at) => `waits up to ${Math.round((Number(effect.dueAt) - at) / 100) / 10} s`,
  'timer.cancel': () => undefined,
};

function effectLine(type: string, detail: Record<string, unknown>, at: number): string | undefined {
  if (!isEffectName(type)) return type;
  // EFFECT_TEXT pairs each type with the text of its own fields, which is what `type` selects.
  const text = EFFECT_TEXT[type] as (effect: Record<string, unknown>, at: number) => string | undefined;
  const line = text(detail, at);
  return line && typeof detail.leg === 'string' ? `${line} (on call leg ${detail.leg})` : line;
}

export function timelineLine(entry: SimLogEntry, startedAt: number): TimelineLine | undefined {
  const detail = entry.detail as Record<string, unknown>;
  const at = entry.at - startedAt;
  if (entry.kind === 'caller') {
    if (typeof detail.press === 'string')
      return { at, kind: 'caller', text: typeof detail.leg === 'string' ? `pressed ${detail.press} on call leg ${detail.leg}` : `pressed ${detail.press}` };
    if (detail.hangup) return { at, kind: 'caller', text: 'hung up' };
    return { at, kind: 'caller', text: `spoke for ${Number(detail.speak) / 1000} s` };
  }
  if (entry.kind === 'error') return { at, kind: 'error', text: String(detail.message ?? JSON.stringify(detail)) };
  const text = entry.kind === 'event' ? eventLine(String(detail.type), detail) : effectLine(String(detail.type), detail, entry.at);
  return text ? { at, kind: entry.kind === 'event' ? 'event' : 'flow', text } : undefined;
}
