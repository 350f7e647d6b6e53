/**
 * Where an event came from, so the commit that applies it also consumes it: an inbox entry is
 * removed, a queued event taken, a fired timer deleted — in the same atomic write, exactly once.
 */
import type { Json } from '../core/types.ts';
import type { CallLeg, CallSession, SessionTraceEntry } from './types.ts';

export interface EventSource {
  inboxSeq?: number;
  /** The event is the first of the session's `queued` events. */
  queued?: boolean;
  /** Id of the durable timer that fired it. */
  timerId?: string;
  /**
   * The notification the event was translated from, when it is the notification's only event: the
   * commit that applies the event also stores what reading the notification changed, saving the
   * separate commit that would queue the event first.
   */
  notification?: { memory: Json; graphCallId: string; trace: SessionTraceEntry[]; leg?: { name: string; state: CallLeg } };
}

/** Whether committing `source` changes anything stored (else there is nothing to consume). */
export function consumesSomething(source: EventSource): boolean {
  return source.inboxSeq !== undefined || source.queued === true || source.timerId !== undefined;
}

/** The session with `source` consumed: the queued event taken, the notification read. */
export function consumed(session: CallSession, source: EventSource, now: number): CallSession {
  const next: CallSession = { ...session, updatedAt: now, queued: source.queued ? rest(session.queued) : session.queued };
  const leg = source.notification?.leg;
  if (leg) {
    // A leg's notification changes only that leg: its id and memory, with the state the step gave
    // it — unless the step placed the leg again, when the new call keeps its own.
    const current = next.legs?.[leg.name];
    const id = leg.state.graphCallId;
    const sameCall = !current || current.graphCallId === id || (!current.graphCallId && !(id && current.retired?.includes(id)));
    if (sameCall)
      next.legs = {
        ...next.legs,
        [leg.name]: { ...current, graphCallId: id, notificationMemory: leg.state.notificationMemory, state: current?.state ?? leg.state.state },
      };
  } else if (source.notification) {
    next.notificationMemory = source.notification.memory;
    next.graphCallId = session.graphCallId ?? source.notification.graphCallId;
  }
  return next;
}

function rest<T>(queued: T[] | undefined): T[] | undefined {
  return queued && queued.length > 1 ? queued.slice(1) : undefined;
}
