/**
 * graph.joinMeeting → `POST /communications/calls` (graph-calls.md §2.1). A classic join link
 * gives chatInfo and organizerMeetingInfo, and the meeting's tenant is the call's tenant. A short
 * `/meet/` link or a meeting ID gives joinMeetingIdMeetingInfo {joinMeetingId, passcode?}
 * ("join an existing meeting with a joinMeetingId and a passcode (if required)",
 * learn.microsoft.com/graph/api/resources/joinmeetingidmeetinginfo) and no chatInfo, which only the
 * classic link carries; the call's tenant is then the bot's. A display name shows the bot under
 * that name in the roster.
 */
import type { TeamsMeetingLink } from '../../protocol/teams-meeting-links.ts';
import { meetingOf } from './join-url.ts';
import { promptFiles, SERVICE_HOSTED_MEDIA } from './media.ts';
import { BuildError, type RequestBuilder } from './types.ts';

export const joinMeeting: RequestBuilder<'graph.joinMeeting'> = (effect, context) => {
  const meeting = meetingOf(effect);
  const body: Record<string, unknown> = {
    '@odata.type': '#microsoft.graph.call',
    callbackUri: context.callbackUri,
    requestedModalities: ['audio'],
    mediaConfig: {
      '@odata.type': SERVICE_HOSTED_MEDIA,
      preFetchMedia: context.preFetch?.(undefined) ?? promptFiles(context.flow, undefined).map((file) => context.promptMedia(file)),
    },
    ...meetingFields(meeting, context.tenantId),
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

/** chatInfo, meetingInfo and tenantId of the request for the meeting's form. */
function meetingFields(meeting: TeamsMeetingLink, botTenantId: string | undefined): Record<string, unknown> {
  if (meeting.kind === 'meetingId')
    return {
      meetingInfo: {
        '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo',
        joinMeetingId: meeting.joinMeetingId,
        ...(meeting.passcode !== undefined ? { passcode: meeting.passcode } : {}),
      },
      ...(botTenantId ? { tenantId: botTenantId } : {}),
    };
  return {
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
}
