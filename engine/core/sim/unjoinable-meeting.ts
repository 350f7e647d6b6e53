/**
 * Why the engine would not send a rendered meeting join to Graph (the Graph adapter's
 * join-url.ts refuses the same values, with the same parser), so the simulator fails the join
 * the way a real call does — through the block's error port, with no meeting to answer — instead
 * of pretending a templated link that renders to nonsense was joined.
 */
import { isMeetingId, MeetingLinkError, parseTeamsMeetingLink } from '../../protocol/teams-meeting-links.ts';

export function unjoinableMeeting(effect: { joinUrl?: unknown; meetingId?: unknown }): string | undefined {
  const hasLink = effect.joinUrl !== undefined && effect.joinUrl !== '';
  const hasId = effect.meetingId !== undefined && effect.meetingId !== '';
  if (hasLink === hasId) return 'a meeting join needs either a join link or a meeting ID (with its passcode), not both and not neither';
  if (hasId) return isMeetingId(String(effect.meetingId)) ? undefined : `'${String(effect.meetingId)}' is not a Teams meeting ID (9 to 15 digits)`;
  try {
    parseTeamsMeetingLink(String(effect.joinUrl));
    return undefined;
  } catch (error) {
    if (error instanceof MeetingLinkError) return error.message;
    throw error;
  }
}
