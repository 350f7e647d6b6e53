/**
 * A peer-to-peer call the bot invites someone into. The API reference says invite is for group
 * calls (participant-invite.md), and the emulator refuses it with 400 for some calls; users report
 * the service escalating the P2P call to a group call instead ("a call to a bot that was Escalated by
 * inviting a PSTN number. After we get the Established with the meeting Info token", comms-samples
 * issue 413). Drawn per call (variations.ts `p2pInvite`). Escalated, the call becomes a group call
 * with the bot and its peer in the roster, and an `established` update carries the new
 * tokenMeetingInfo.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorContext } from '../context.ts';
import type { EmulatedCall } from './call.ts';
import type { Conversation } from './conversations.ts';
import { callData, notifyCall } from './notify.ts';
import { botJoins, personJoins } from './roster.ts';

/** Turns the P2P call into a group call of the bot and its peer; returns the new roster. */
export function escalateToGroupCall(ctx: EmulatorContext, call: EmulatedCall): Conversation {
  const conversation = ctx.conversations.createGroup(call.tenantId);
  call.kind = 'group';
  call.meetingInfo = { '@odata.type': '#microsoft.graph.tokenMeetingInfo', token: randomBytes(24).toString('base64url') };
  call.etag += 1;
  call.log.add({ kind: 'event', event: 'escalatedToGroupCall', detail: { conversationId: conversation.id } });
  notifyCall(ctx, call, 'updated', callData(call, { state: call.state, meetingInfo: call.meetingInfo }));
  botJoins(ctx, call, conversation);
  if (call.peer) personJoins(ctx, conversation, call.peer.person, { participantId: call.peer.participantId, muted: call.peer.muted });
  return conversation;
}
