/**
 * The roster of the bot's call as flows read it: `call.roster.count` (how many others are in the
 * call, the bot left out) and `call.roster.ids` (their Graph participant ids, in the order they
 * joined). Kept from the `participants.updated {joined, left}` events Graph's roster notifications
 * become (engine/graph/notifications/participants.ts), so a flow reads it in expressions
 * (`call.roster.count >= 2`) and a block such as waitFor or muteParticipant acts on one id.
 * Peer-to-peer calls have no roster notifications: their roster stays empty.
 */
import { assign } from 'xstate';
import type { FlowContext } from './flow-context.ts';
import type { Json } from './types.ts';

export interface Roster {
  count: number;
  ids: string[];
}

type RosterArgs = { context: FlowContext; event: { joined?: unknown; left?: unknown } };

const idsIn = (value: unknown): string[] => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []);

/** The roster as the call's context holds it now (empty before the first roster notification). */
export function rosterOf(context: FlowContext): Roster {
  const stored = context.call.roster as { ids?: unknown } | undefined;
  const ids = idsIn(stored?.ids);
  return { count: ids.length, ids };
}

/** The roster once this `participants.updated` event is applied. */
export function rosterAfter({ context, event }: RosterArgs): Roster {
  const left = idsIn(event.left);
  const ids = [...rosterOf(context).ids, ...idsIn(event.joined)].filter((id, index, all) => !left.includes(id) && all.indexOf(id) === index);
  return { count: ids.length, ids };
}

/** Action: `call.roster` follows a `participants.updated` event. Every transition taking that event runs it. */
export const updateRoster = assign({
  call: (args: RosterArgs) => ({ ...args.context.call, roster: rosterAfter(args) as unknown as Json }),
});
