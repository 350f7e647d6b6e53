/**
 * Durable timers: the ones the engine arms for itself, and a step's timer effects folded into
 * rows to store. Engine timer ids start with `$`, which cannot start an XState delayed-event id,
 * so they never collide with a flow's timers.
 */
import { randomUUID } from 'node:crypto';
import type { Effect, EngineEvent } from '../core/types.ts';
import type { TimerRow } from './types.ts';

/** keepAlive while the call is up. */
export const KEEPALIVE_TIMER = '$keepAlive';
/** The flow must finish within a while after the call ended. */
export const AFTER_HANGUP_TIMER = '$afterHangup';
/** The end of the park of an effect in doubt: the prefix, then the effect's outbox id. */
export const IN_DOUBT_TIMER = '$inDoubt:';

/** A timer the engine arms for itself (keepAlive, after hang-up, effects in doubt). */
export function engineTimer(sessionId: string, id: string, dueAt: number, type: string): TimerRow {
  return { sessionId, id, dueAt, event: { type }, token: randomUUID() };
}

/** A step's timer effects folded in order: the last word on each timer id wins; other effects pass through. */
export function timerChanges(sessionId: string, effects: Effect[]): { set: TimerRow[]; cancel: string[]; rest: Effect[] } {
  const timers = new Map<string, TimerRow | null>();
  const rest: Effect[] = [];
  for (const effect of effects) {
    if (effect.type === 'timer.set')
      timers.set(String(effect.id), { sessionId, id: String(effect.id), dueAt: Number(effect.dueAt), event: effect.event as EngineEvent, token: randomUUID() });
    else if (effect.type === 'timer.cancel') timers.set(String(effect.id), null);
    else rest.push(effect);
  }
  const set = [...timers.values()].filter((timer): timer is TimerRow => timer !== null);
  const cancel = [...timers].filter(([, timer]) => timer === null).map(([id]) => id);
  return { set, cancel, rest };
}
