/**
 * Conversations with a roster: bot-created group calls and Teams meetings. A meeting has join
 * coordinates so a bot can join it by any of the documented meetingInfo kinds: chatInfo thread and
 * message ids with the organizer (the classic `/l/meetup-join/…?context=` link), a join meeting id
 * with its passcode (joinMeetingIdMeetingInfo, "joinMeetingId and a passcode (if required)", GC
 * resources/joinmeetingidmeetinginfo.md; the short `/meet/<id>?p=<passcode>` link Teams now issues
 * carries the same two), and a token for tokenMeetingInfo.
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
  /** The classic link: https://teams.microsoft.com/l/meetup-join/{thread}/{message}?context={"Tid","Oid"}. */
  joinUrl: string;
  /** The short link: https://teams.microsoft.com/meet/{joinMeetingId}?p={passcode}. */
  meetUrl: string;
  joinMeetingId: string;
  passcode: string;
  token: string;
  /** A joining bot waits in the lobby until admitted through the people API, or the lobby times out (200/5855). */
  lobby: boolean;
  /** Bots that join are turned away from the lobby (people API switch; joins end 200/5855). */
  refuseBots: boolean;
}

/** What the people API may set when it creates a meeting. */
export interface MeetingInput {
  organizerId: string;
  tenantId: string;
  subject?: string;
  threadId?: string;
  joinMeetingId?: string;
  passcode?: string;
  lobby?: boolean;
  refuseBots?: boolean;
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
  createMeeting(input: MeetingInput): Conversation {
    const threadId = input.threadId ?? `19:meeting_${randomBytes(36).toString('base64url')}@thread.v2`;
    const context = JSON.stringify({ Tid: input.tenantId, Oid: input.organizerId });
    const joinMeetingId = input.joinMeetingId ?? digits(15);
    const passcode = input.passcode ?? randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 6);
    const meeting: MeetingDetails = {
      threadId,
      messageId: '0',
      organizerId: input.organizerId,
      tenantId: input.tenantId,
      subject: input.subject,
      joinUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(threadId)}/0?context=${encodeURIComponent(context)}`,
      meetUrl: `https://teams.microsoft.com/meet/${joinMeetingId}?p=${encodeURIComponent(passcode)}`,
      joinMeetingId,
      passcode,
      token: randomBytes(24).toString('base64url'),
      lobby: input.lobby ?? false,
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

  /**
   * The live meeting with these coordinates. A join meeting id must come with the meeting's passcode:
   * a wrong or missing one finds nothing, as a real join fails on it.
   */
  findMeeting(query: { threadId?: string; joinMeetingId?: string; passcode?: string; token?: string }): Conversation | undefined {
    return [...this.byId.values()].find(
      (c) =>
        !c.ended &&
        c.meeting &&
        ((query.threadId !== undefined && c.meeting.threadId === query.threadId) ||
          (query.joinMeetingId !== undefined && c.meeting.joinMeetingId === query.joinMeetingId.replace(/\s/g, '') && c.meeting.passcode === query.passcode) ||
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
