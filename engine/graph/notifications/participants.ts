/**
 * Roster notifications (`…/participants`, resourceData an array; graph-calls.md §3.5) →
 * `participants.updated {joined, left}` with participant ids, from the difference to the last
 * roster. The bot's own participant is left out; entries with a `removedState` count as gone.
 */
import { isObject, text } from './lenient.ts';
import type { MapperInput, MapperResult } from './memory.ts';

export const mapParticipantsNotification = (input: MapperInput): MapperResult => {
  const data = input.notification.resourceData;
  if (!Array.isArray(data)) return { events: [], memory: input.memory, notes: ['roster notification without a participant array'] };
  const present = data
    .filter((participant) => isObject(participant) && !participant.removedState)
    .map((participant) => text((participant as Record<string, unknown>).id))
    .filter((id): id is string => id !== undefined && id !== input.memory.me);
  const roster = [...new Set(present)];
  const previous = input.memory.roster ?? [];
  const joined = roster.filter((id) => !previous.includes(id));
  const left = previous.filter((id) => !roster.includes(id));
  const memory = { ...input.memory, roster };
  if (!joined.length && !left.length) return { events: [], memory, notes: ['roster unchanged'] };
  return { events: [{ type: 'participants.updated', joined, left }], memory, notes: [] };
};
