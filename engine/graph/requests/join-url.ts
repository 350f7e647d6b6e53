/**
 * The meeting a graph.joinMeeting effect addresses, read from what the flow gave: a Teams link
 * (classic `/l/meetup-join/…?context=…` or short `/meet/<id>?p=<passcode>`, parsed by
 * engine/protocol/teams-meeting-links.ts so the schema, linter and this builder accept the same
 * links) or an explicit meeting ID and passcode. Failures are BuildErrors: nothing is sent.
 *
 * @example
 *   parseJoinUrl('https://teams.microsoft.com/meet/123456789012?p=AbC123')
 *   // { kind: 'meetingId', joinMeetingId: '123456789012', passcode: 'AbC123' }
 */
import { isMeetingId, MeetingLinkError, normalizeMeetingId, parseTeamsMeetingLink, type TeamsMeetingLink } from '../../protocol/teams-meeting-links.ts';
import { BuildError } from './types.ts';

export function parseJoinUrl(joinUrl: string): TeamsMeetingLink {
  try {
    return parseTeamsMeetingLink(joinUrl);
  } catch (error) {
    if (error instanceof MeetingLinkError) throw new BuildError(error.message);
    throw error;
  }
}

/** The meeting of a joinMeeting effect: its link, or its meeting ID with the passcode (if the meeting has one). */
export function meetingOf(effect: { joinUrl?: unknown; meetingId?: unknown; passcode?: unknown }): TeamsMeetingLink {
  const hasLink = effect.joinUrl !== undefined && effect.joinUrl !== '';
  const hasId = effect.meetingId !== undefined && effect.meetingId !== '';
  if (hasLink === hasId) throw new BuildError('a meeting join needs either a join link or a meeting ID (with its passcode), not both and not neither');
  if (hasLink) return parseJoinUrl(String(effect.joinUrl));
  const meetingId = String(effect.meetingId);
  if (!isMeetingId(meetingId)) throw new BuildError(`'${meetingId}' is not a Teams meeting ID (9 to 15 digits)`);
  const passcode = effect.passcode === undefined || effect.passcode === '' ? undefined : String(effect.passcode);
  return { kind: 'meetingId', joinMeetingId: normalizeMeetingId(meetingId), ...(passcode ? { passcode } : {}) };
}
