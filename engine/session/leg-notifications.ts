/**
 * A notification about one of the session's call legs (engine/core/legs.ts): translated with the
 * leg's own memory, its events renamed so the flow cannot take them for the main call's —
 * `call.established` → `leg.established {leg, graphId}`, `call.terminated` → `leg.terminated {leg,
 * code, subcode}`, `tone` → `leg.tone {leg, digit}`, `participants.updated` →
 * `leg.participants.updated {leg, …}`. Operation outcomes keep their type: each carries the id of
 * the operation the flow started, which already tells its block apart.
 */
import type { EngineEvent, Json } from '../core/types.ts';
import type { CallLeg, CallSession, NotificationTranslator, PendingOperation, SessionTraceEntry } from './types.ts';

const RENAMED: Record<string, string> = {
  'call.established': 'leg.established',
  'call.terminated': 'leg.terminated',
  tone: 'leg.tone',
  'participants.updated': 'leg.participants.updated',
};

/**
 * The leg a notification for `graphCallId` is about: the leg with that id, else — while the main
 * call's id is known and exactly one leg is being placed without an id yet (Graph may notify before
 * its answer to the create request is read) — that leg.
 */
export function legFor(session: CallSession, graphCallId: string): string | undefined {
  const legs = Object.entries(session.legs ?? {});
  const known = legs.find(([, leg]) => leg.graphCallId === graphCallId);
  if (known) return known[0];
  if (!session.graphCallId || session.graphCallId === graphCallId || isRetiredLeg(session, graphCallId)) return undefined;
  const placing = legs.filter(([, leg]) => !leg.graphCallId && leg.state === 'connecting');
  return placing.length === 1 ? placing[0][0] : undefined;
}

/** A call the run placed under a leg's name before placing that leg again: nothing of it is for the flow. */
export function isRetiredLeg(session: CallSession, graphCallId: string): boolean {
  return Object.values(session.legs ?? {}).some((leg) => leg.retired?.includes(graphCallId));
}

export interface LegTranslation {
  events: EngineEvent[];
  /** The leg as it stands after the notification: its id and the translator's memory. */
  leg: CallLeg;
  received: SessionTraceEntry;
}

export function translateLegNotification(
  translator: NotificationTranslator,
  session: CallSession,
  name: string,
  input: { graphCallId: string; notification: Json; pending: PendingOperation[]; at: number },
): LegTranslation {
  const before = session.legs?.[name] ?? { state: 'connecting' as const };
  const translation = translator.translate(input.notification, { memory: before.notificationMemory, pending: input.pending });
  const notes = [...translation.notes];
  const events: EngineEvent[] = [];
  for (const event of translation.events) {
    if (event.type.startsWith('operation.')) events.push(event);
    else if (RENAMED[event.type])
      events.push({ ...event, type: RENAMED[event.type], leg: name, ...(event.type === 'call.established' ? { graphId: input.graphCallId } : {}) });
    else notes.push(`${event.type} on call leg '${name}' is not for the flow`);
  }
  return {
    events,
    leg: { ...before, graphCallId: input.graphCallId, notificationMemory: translation.memory },
    received: { at: input.at, kind: 'notification', graphCallId: input.graphCallId, leg: name, events: events.map((event) => event.type), notes },
  };
}
