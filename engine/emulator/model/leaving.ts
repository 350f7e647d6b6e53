/**
 * People leaving and meetings ending: the roster changes, and a bot left alone in a group call, or
 * in a meeting that ended, has its leg terminated.
 */
import type { EmulatorContext } from '../context.ts';
import type { Conversation } from './conversations.ts';
import { RESULT_CODES } from '../../protocol/result-codes.ts';
import { publishRoster } from './roster.ts';
import { terminate } from './termination.ts';

/**
 * Removes a participant (a person leaving, or the bot removing them). A group call whose last
 * person left ends for the bot (200/5002); a meeting keeps the bot (see the README).
 */
export function participantLeaves(ctx: EmulatorContext, conversation: Conversation, participantId: string): boolean {
  if (!conversation.participants.delete(participantId)) return false;
  publishRoster(ctx, conversation);
  const peopleLeft = [...conversation.participants.values()].some((e) => e.personKey !== undefined);
  if (conversation.kind === 'group' && !peopleLeft) {
    for (const entry of [...conversation.participants.values()]) {
      const call = entry.botCallId ? ctx.calls.get(entry.botCallId) : undefined;
      if (call) terminate(ctx, call, RESULT_CODES.allOthersLeft);
    }
  }
  return true;
}

/** Ends a meeting: every bot leg in it is terminated. */
export function endConversation(ctx: EmulatorContext, conversation: Conversation): void {
  conversation.ended = true;
  for (const entry of [...conversation.participants.values()]) {
    const call = entry.botCallId ? ctx.calls.get(entry.botCallId) : undefined;
    if (call) terminate(ctx, call, RESULT_CODES.conversationEnded);
  }
  conversation.participants.clear();
}
