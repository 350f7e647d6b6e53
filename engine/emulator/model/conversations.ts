/**
 * Conversations with a roster: bot-created group calls and Teams meetings. A meeting has join
 * coordinates (chatInfo thread and message ids, organizer, join URL, join meeting id and passcode,
 * a token for tokenMeetingInfo) so a bot can join it by any of the documented meetingInfo kinds.
 */
import { randomBytes } from 'node:crypto';
import type { IdSource } from '../ids.ts';
import type { ParticipantView } from './call-resource.ts';

/** Join coordinates of a meeting. */
export interface MeetingDetails {
  threadId: string;
  messageId: string;
  organizerId: string;
  tenantId: string;
  subject?: string;
  joinUrl: string;
  joinMeetingId: string;
  passcode: string;
  token: string;
  /** Bots that join are never admitted from the lobby (people API switch; joins end 200/5855). */
  refuseBots: boolean;
}

/** A roster entry: a person, or a bot whose call leg is `botCallId`. */
export interface RosterEntry extends ParticipantView {
  personKey?: string;
  botCallId?: string;
}

/** A group call or meeting. */
export interface Conversation {
  id: string;
  kind: 'group' | 'meeting';
  tenantId: string;
  meeting?: MeetingDetails;
  participants: Map<string, RosterEntry>;
  ended: boolean;
  nextSourceId: number;
}

function digits(count: number): string {
  return Array.from(randomBytes(count), (b) => String(b % 10)).join('');
}

/** All conversations. */
export class Conversations {
  private readonly byId = new Map<string, Conversation>();

  constructor(private readonly ids: IdSource) {}

  /** A new meeting organized by `organizerId` in `tenantId`. */
  createMeeting(input: { organizerId: string; tenantId: string; subject?: string; threadId?: string; refuseBots?: boolean }): Conversation {
    const threadId = input.threadId ?? `19:meeting_${randomBytes(36).toString('base64url')}@thread.v2`;
    const context = JSON.stringify({ Tid: input.tenantId, Oid: input.organizerId });
    const meeting: MeetingDetails = {
      threadId,
      messageId: '0',
      organizerId: input.organizerId,
      tenantId: input.tenantId,
      subject: input.subject,
      joinUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(threadId)}/0?context=${encodeURIComponent(context)}`,
      joinMeetingId: digits(12),
      passcode: randomBytes(4).toString('base64url').slice(0, 6),
      token: randomBytes(24).toString('base64url'),
      refuseBots: input.refuseBots ?? false,
    };
    return this.register({
      id: this.ids.next('meeting'),
      kind: 'meeting',
      tenantId: input.tenantId,
      meeting,
      participants: new Map(),
      ended: false,
      nextSourceId: 1,
    });
  }

  /** A new group call. */
  createGroup(tenantId: string): Conversation {
    return this.register({ id: this.ids.next('meeting'), kind: 'group', tenantId, participants: new Map(), ended: false, nextSourceId: 1 });
  }

  /** A conversation by its id. */
  get(id: string): Conversation | undefined {
    return this.byId.get(id);
  }

  /** The live meeting with these coordinates. */
  findMeeting(query: { threadId?: string; joinMeetingId?: string; token?: string }): Conversation | undefined {
    return [...this.byId.values()].find(
      (c) =>
        !c.ended &&
        c.meeting &&
        ((query.threadId !== undefined && c.meeting.threadId === query.threadId) ||
          (query.joinMeetingId !== undefined && c.meeting.joinMeetingId === query.joinMeetingId) ||
          (query.token !== undefined && c.meeting.token === query.token)),
    );
  }

  /** Adds someone to the roster. */
  add(conversation: Conversation, entry: Omit<RosterEntry, 'sourceId'>): RosterEntry {
    const full: RosterEntry = { ...entry, sourceId: String(conversation.nextSourceId++) };
    conversation.participants.set(full.id, full);
    return full;
  }

  /** Every conversation. */
  list(): Conversation[] {
    return [...this.byId.values()];
  }

  private register(conversation: Conversation): Conversation {
    this.byId.set(conversation.id, conversation);
    return conversation;
  }
}
