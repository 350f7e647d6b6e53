/**
 * The Teams meeting links a bot can join from, read into what Graph's create-call request needs.
 * Kept here, below every layer, because the flow schema and linter (blocks), the Graph request
 * builder (graph) and the editor must agree on exactly one list of hosts and shapes.
 *
 * - Classic: `https://<host>/l/meetup-join/{threadId}/{messageId}?context={"Tid":…,"Oid":…}`, as
 *   Teams copies it (URL-encoded). It becomes Graph's chatInfo + organizerMeetingInfo
 *   (graph-calls.md §2.1; learn.microsoft.com/graph/api/resources/organizermeetinginfo), with the
 *   context's `MessageId` as replyChainMessageId like the Graph samples' JoinInfo.
 * - Short: `https://<host>/meet/{meetingId}?p={passcode}`, the link Teams now hands out. It carries
 *   the meeting ID and passcode, which Graph takes as joinMeetingIdMeetingInfo: "join an existing
 *   meeting with a joinMeetingId and a passcode (if required)", passcode optional
 *   (learn.microsoft.com/graph/api/resources/joinmeetingidmeetinginfo).
 *
 * Hosts: commercial and GCC `teams.microsoft.com`; GCC High `teams.microsoft.us` and
 * `gov.teams.microsoft.us`; DoD `dod.teams.microsoft.us` (the Teams web addresses Microsoft's
 * national-cloud partners document for GCC-H and DoD tenants).
 *
 * Not accepted: the browser launcher wrapper (`/dl/launcher/launcher.html?url=…`), which Microsoft
 * does not document as a join link — the linter asks for the link inside it instead.
 */

export const TEAMS_MEETING_HOSTS = ['teams.microsoft.com', 'teams.microsoft.us', 'gov.teams.microsoft.us', 'dod.teams.microsoft.us'] as const;

/** The accepted forms in words, for error messages and the block's description. */
export const ACCEPTED_MEETING_LINKS =
  'https://teams.microsoft.com/l/meetup-join/<thread>/<message>?context={"Tid":…,"Oid":…} or https://teams.microsoft.com/meet/<meeting id>?p=<passcode> (also on teams.microsoft.us, gov.teams.microsoft.us and dod.teams.microsoft.us)';

/** A regular-expression alternative matching exactly the accepted hosts (for the flow schema's pattern). */
export const TEAMS_MEETING_HOST_PATTERN = `(${TEAMS_MEETING_HOSTS.map((host) => host.replace(/\./g, '\\.')).join('|')})`;

export interface ClassicMeetingLink {
  kind: 'classic';
  threadId: string;
  messageId: string;
  replyChainMessageId?: string;
  tenantId: string;
  organizerId: string;
}

export interface MeetingIdLink {
  kind: 'meetingId';
  joinMeetingId: string;
  passcode?: string;
}

export type TeamsMeetingLink = ClassicMeetingLink | MeetingIdLink;

/** Why a link cannot be joined, in words naming the accepted forms. */
export class MeetingLinkError extends Error {}

/** Teams shows meeting IDs in groups of digits ("123 456 789 012"); Graph takes the digits. */
export const normalizeMeetingId = (meetingId: string): string => meetingId.replace(/\s/g, '');

/** A meeting ID as Teams issues them: 9 to 15 digits, spaces between groups allowed. */
export const isMeetingId = (meetingId: string): boolean => /^\d{9,15}$/.test(normalizeMeetingId(meetingId));

export function parseTeamsMeetingLink(link: string): TeamsMeetingLink {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new MeetingLinkError(`'${link}' is not a URL; a meeting link is ${ACCEPTED_MEETING_LINKS}`);
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' || !(TEAMS_MEETING_HOSTS as readonly string[]).includes(host))
    throw new MeetingLinkError(`'${link}' is not a Teams meeting link; expected ${ACCEPTED_MEETING_LINKS}`);
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments[0] === 'meet') return meetingIdLink(link, url, segments);
  if (segments[0] === 'l' && segments[1] === 'meetup-join') return classicLink(link, url, segments.slice(2));
  if (segments[0] === 'dl' && segments[1] === 'launcher')
    throw new MeetingLinkError(
      `'${link}' is a Teams launcher page, not a meeting link: use the link given in its url parameter; expected ${ACCEPTED_MEETING_LINKS}`,
    );
  throw new MeetingLinkError(`'${link}' is a Teams link of an unknown shape; expected ${ACCEPTED_MEETING_LINKS}`);
}

function meetingIdLink(link: string, url: URL, segments: string[]): MeetingIdLink {
  const joinMeetingId = segments.length === 2 ? normalizeMeetingId(decode(segments[1], link)) : '';
  if (!isMeetingId(joinMeetingId)) throw new MeetingLinkError(`'${link}' has no meeting ID (9 to 15 digits) after /meet/; expected ${ACCEPTED_MEETING_LINKS}`);
  const passcode = url.searchParams.get('p');
  return { kind: 'meetingId', joinMeetingId, ...(passcode ? { passcode } : {}) };
}

function classicLink(link: string, url: URL, segments: string[]): ClassicMeetingLink {
  if (segments.length !== 2) throw new MeetingLinkError(`'${link}' has no meeting thread and message in its path; expected ${ACCEPTED_MEETING_LINKS}`);
  const [threadId, messageId] = segments.map((segment) => decode(segment, link));
  if (!threadId.includes('@thread')) throw new MeetingLinkError(`'${threadId}' in the join link is not a meeting thread id`);
  const raw = url.searchParams.get('context');
  if (!raw) throw new MeetingLinkError(`'${link}' has no context parameter with the tenant and organizer (copy the whole link from Teams)`);
  let context: Record<string, unknown>;
  try {
    context = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new MeetingLinkError(`the join link's context is not JSON: ${raw}`);
  }
  const tenantId = typeof context.Tid === 'string' ? context.Tid : undefined;
  const organizerId = typeof context.Oid === 'string' ? context.Oid : undefined;
  if (!tenantId || !organizerId) throw new MeetingLinkError("the join link's context lacks the tenant (Tid) or the organizer (Oid)");
  const replyChainMessageId = typeof context.MessageId === 'string' ? context.MessageId : undefined;
  return { kind: 'classic', threadId, messageId, tenantId, organizerId, ...(replyChainMessageId ? { replyChainMessageId } : {}) };
}

function decode(segment: string, link: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new MeetingLinkError(`'${link}' has a malformed path`);
  }
}
