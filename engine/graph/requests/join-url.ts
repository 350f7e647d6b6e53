/**
 * A Teams meeting join link → Graph's chatInfo and organizerMeetingInfo (graph-calls.md §1):
 * `https://teams.microsoft.com/l/meetup-join/{threadId}/{messageId}?context={"Tid":…,"Oid":…}`,
 * URL-encoded as Teams copies it; `MessageId` in the context becomes replyChainMessageId, as the
 * Graph samples' JoinInfo does.
 *
 * @example
 *   parseJoinUrl('https://teams.microsoft.com/l/meetup-join/19%3ameeting_X%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%2c%22Oid%22%3a%22o%22%7d')
 *   // { threadId: '19:meeting_X@thread.v2', messageId: '0', tenantId: 't', organizerId: 'o' }
 */
import { BuildError } from './types.ts';

export interface MeetingCoordinates {
  threadId: string;
  messageId: string;
  replyChainMessageId?: string;
  tenantId: string;
  organizerId: string;
}

const TEAMS_HOST = /(^|\.)teams\.microsoft\.(com|us)$/i;

export function parseJoinUrl(joinUrl: string): MeetingCoordinates {
  let url: URL;
  try {
    url = new URL(joinUrl);
  } catch {
    throw new BuildError(`'${joinUrl}' is not a Teams join link (not a URL)`);
  }
  if (url.protocol !== 'https:' || !TEAMS_HOST.test(url.hostname))
    throw new BuildError(`'${joinUrl}' is not a Teams join link (expected https://teams.microsoft.com/…)`);
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length < 2) throw new BuildError(`'${joinUrl}' has no meeting thread and message in its path`);
  const [threadId, messageId] = segments.slice(-2).map((segment) => safeDecode(segment, joinUrl));
  if (!threadId.includes('@thread')) throw new BuildError(`'${threadId}' in the join link is not a meeting thread id`);
  const raw = url.searchParams.get('context');
  if (!raw) throw new BuildError(`'${joinUrl}' has no context parameter with the tenant and organizer`);
  let context: Record<string, unknown>;
  try {
    context = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new BuildError(`the join link's context is not JSON: ${raw}`);
  }
  const tenantId = typeof context.Tid === 'string' ? context.Tid : undefined;
  const organizerId = typeof context.Oid === 'string' ? context.Oid : undefined;
  if (!tenantId || !organizerId) throw new BuildError("the join link's context lacks the tenant (Tid) or the organizer (Oid)");
  const replyChainMessageId = typeof context.MessageId === 'string' ? context.MessageId : undefined;
  return { threadId, messageId, tenantId, organizerId, ...(replyChainMessageId ? { replyChainMessageId } : {}) };
}

function safeDecode(segment: string, joinUrl: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BuildError(`'${joinUrl}' has a malformed path`);
  }
}
