/**
 * What simulated people do in a call: press keys (a toneInfo update per key when the bot
 * subscribed, with increasing sequenceId; stop tones end a recording), speak or stay silent into a
 * recording, hang up, join or leave a meeting.
 */
import type { EmulatorContext } from '../context.ts';
import type { EmulatedCall } from './call.ts';
import type { Conversation } from './conversations.ts';
import { callData, notifyCall } from './notify.ts';
import type { Person } from './people.ts';
import { personJoins } from './roster.ts';
import { participantLeaves } from './leaving.ts';
import { peerHangsUp } from './termination.ts';
import { toneName } from './tones.ts';

/** States in which the media path is up and keys and speech reach the bot. */
const MEDIA_STATES = new Set(['established', 'hold']);

/** Presses `keys` one after another, `gapMs` emulated milliseconds apart. Resolves when done. */
export async function pressKeys(ctx: EmulatorContext, call: EmulatedCall, keys: string, gapMs: number): Promise<number> {
  let sent = 0;
  for (const [index, key] of [...keys].entries()) {
    if (index > 0) await ctx.clock.sleep(gapMs);
    const tone = toneName(key);
    if (!tone || !MEDIA_STATES.has(call.state)) continue;
    call.log.add({ kind: 'person', action: 'pressKey', detail: { key, tone } });
    if (call.toneSubscribed) {
      call.toneInfo = { sequenceId: (call.toneInfo?.sequenceId ?? 0) + 1, tone };
      call.etag += 1;
      notifyCall(ctx, call, 'updated', callData(call, { state: call.state, toneInfo: { '@odata.type': '#microsoft.graph.toneInfo', ...call.toneInfo } }));
    }
    call.media.tone(key.toUpperCase());
    sent += 1;
  }
  return sent;
}

/** The caller speaks (noise) or stays silent for `durationMs`; true when a recording heard it. */
export function speak(call: EmulatedCall, kind: 'noise' | 'silence', durationMs: number): boolean {
  const heard = MEDIA_STATES.has(call.state) && call.media.speech(kind, durationMs);
  call.log.add({ kind: 'person', action: 'speak', detail: { kind, durationMs, heard } });
  return heard;
}

/** The peer of a P2P call hangs up (of a P2P call escalated to a group call: leaves it). */
export function hangUp(ctx: EmulatorContext, call: EmulatedCall): void {
  call.log.add({ kind: 'person', action: 'hangUp' });
  const conversation = call.conversationId ? ctx.conversations.get(call.conversationId) : undefined;
  if (conversation && call.peer) leaveConversation(ctx, conversation, call.peer.person.key);
  else peerHangsUp(ctx, call);
}

/** A person joins a meeting or group call. */
export function joinConversation(ctx: EmulatorContext, conversation: Conversation, person: Person): string {
  return personJoins(ctx, conversation, person).id;
}

/** A person leaves a meeting or group call; false when they were not in it. */
export function leaveConversation(ctx: EmulatorContext, conversation: Conversation, personKey: string): boolean {
  const entry = [...conversation.participants.values()].find((e) => e.personKey === personKey);
  return entry ? participantLeaves(ctx, conversation, entry.id) : false;
}
