/**
 * graph.joinMeeting → `POST /communications/calls` with chatInfo and organizerMeetingInfo parsed
 * from the Teams join link (graph-calls.md §2.1); the meeting's tenant is the call's tenant. A
 * display name shows the bot under that name in the roster.
 */
import { parseJoinUrl } from './join-url.ts';
import { promptFiles, SERVICE_HOSTED_MEDIA } from './media.ts';
import { BuildError, type RequestBuilder } from './types.ts';

export const joinMeeting: RequestBuilder<'graph.joinMeeting'> = (effect, context) => {
  if (typeof effect.joinUrl !== 'string' || !effect.joinUrl) throw new BuildError('the meeting join link is empty');
  const meeting = parseJoinUrl(effect.joinUrl);
  const body: Record<string, unknown> = {
    '@odata.type': '#microsoft.graph.call',
    callbackUri: context.callbackUri,
    requestedModalities: ['audio'],
    mediaConfig: {
      '@odata.type': SERVICE_HOSTED_MEDIA,
      preFetchMedia: context.preFetch?.(undefined) ?? promptFiles(context.flow, undefined).map((file) => context.promptMedia(file)),
    },
    chatInfo: {
      '@odata.type': '#microsoft.graph.chatInfo',
      threadId: meeting.threadId,
      messageId: meeting.messageId,
      ...(meeting.replyChainMessageId ? { replyChainMessageId: meeting.replyChainMessageId } : {}),
    },
    meetingInfo: {
      '@odata.type': '#microsoft.graph.organizerMeetingInfo',
      organizer: {
        '@odata.type': '#microsoft.graph.identitySet',
        user: { '@odata.type': '#microsoft.graph.identity', id: meeting.organizerId, tenantId: meeting.tenantId },
      },
      allowConversationWithoutHost: true,
    },
    tenantId: meeting.tenantId,
  };
  if (effect.displayName !== undefined) {
    const displayName = String(effect.displayName);
    if (!displayName || displayName.length > 256) throw new BuildError('the display name must be 1–256 characters');
    body.source = {
      '@odata.type': '#microsoft.graph.participantInfo',
      identity: {
        '@odata.type': '#microsoft.graph.identitySet',
        application: { '@odata.type': '#microsoft.graph.identity', id: context.clientId, displayName },
      },
    };
  }
  return { method: 'POST', path: '/communications/calls', body };
};
