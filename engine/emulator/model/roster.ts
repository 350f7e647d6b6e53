/**
 * Rosters: who is in a call, and the `updated …/participants` notifications that tell every bot
 * leg of a group call or meeting when someone joins, leaves or is muted (graph-calls.md §3.5).
 * P2P calls have no roster notifications, and listing their participants comes back empty: the
 * list-participants reference says it "does not support peer-to-peer calls" (GC
 * api-reference/v1.0/api/call-list-participants.md), and real lists of P2P calls are empty.
 */
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import type { EmulatedCall } from './call.ts';
import { participantResource } from './call-resource.ts';
import type { Conversation, RosterEntry } from './conversations.ts';
import { notifyRoster } from './notify.ts';
import { identitySet, type Person } from './people.ts';

/** States in which a bot leg receives roster updates. */
const LIVE_STATES = new Set(['established', 'hold', 'transferring', 'transferAccepted']);

/** The bot's own identity in rosters. */
export function botIdentity(call: EmulatedCall): JsonObject {
  return identitySet('application', call.app.appId, { displayName: call.app.displayName });
}

/** The participants of a call as Graph lists them: a group call's or meeting's roster; none for P2P. */
export function rosterOf(ctx: EmulatorContext, call: EmulatedCall): JsonObject[] {
  const conversation = call.conversationId ? ctx.conversations.get(call.conversationId) : undefined;
  return conversation ? [...conversation.participants.values()].map(participantResource) : [];
}

/** True when `participantId` is someone other than the bot in the call (the peer of a P2P call counts). */
export function isOtherParticipant(ctx: EmulatorContext, call: EmulatedCall, participantId: string): boolean {
  if (participantId === call.myParticipantId) return false;
  return call.peer?.participantId === participantId || rosterOf(ctx, call).some((p) => p.id === participantId);
}

/** Sends the roster to every established bot leg of the conversation. */
export function publishRoster(ctx: EmulatorContext, conversation: Conversation): void {
  const snapshot = [...conversation.participants.values()].map(participantResource);
  for (const entry of conversation.participants.values()) {
    const call = entry.botCallId ? ctx.calls.get(entry.botCallId) : undefined;
    if (call && LIVE_STATES.has(call.state)) notifyRoster(ctx, call, snapshot);
  }
}

/** Puts the bot's leg into the conversation's roster. */
export function botJoins(ctx: EmulatorContext, call: EmulatedCall, conversation: Conversation): void {
  call.conversationId = conversation.id;
  if (conversation.participants.has(call.myParticipantId)) return;
  ctx.conversations.add(conversation, { id: call.myParticipantId, identity: botIdentity(call), isMuted: false, isInLobby: false, botCallId: call.id });
}

/** Takes an ended bot leg out of its conversation and tells the others. */
export function botLeaves(ctx: EmulatorContext, call: EmulatedCall): void {
  const conversation = call.conversationId ? ctx.conversations.get(call.conversationId) : undefined;
  if (!conversation?.participants.delete(call.myParticipantId)) return;
  publishRoster(ctx, conversation);
}

/** A simulated person joins (accepted an invite, joined the meeting, answered a group call). */
export function personJoins(
  ctx: EmulatorContext,
  conversation: Conversation,
  person: Person,
  options: { participantId?: string; muted?: boolean } = {},
): RosterEntry {
  const existing = [...conversation.participants.values()].find((e) => e.personKey === person.key);
  if (existing) return existing;
  const entry = ctx.conversations.add(conversation, {
    id: options.participantId ?? ctx.ids.next('participant'),
    identity: person.identity,
    isMuted: options.muted ?? false,
    isInLobby: false,
    personKey: person.key,
  });
  publishRoster(ctx, conversation);
  return entry;
}

/** Mutes or unmutes a participant and publishes the roster; false when unknown. */
export function setMuted(ctx: EmulatorContext, conversation: Conversation, participantId: string, muted: boolean): boolean {
  const entry = conversation.participants.get(participantId);
  if (!entry) return false;
  entry.isMuted = muted;
  publishRoster(ctx, conversation);
  return true;
}
