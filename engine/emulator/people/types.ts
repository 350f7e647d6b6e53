/**
 * Shapes of the simulated-people API (requests and answers), shared by its router and client.
 */
import type { FaultRules } from '../faults.ts';
import type { RingAnswer } from '../model/people.ts';
import type { RingOutcome, RingPurpose } from '../model/rings.ts';
import type { VariationSettings } from '../variations.ts';

/** Who is calling: a Teams user or a phone number. */
export type Caller = { user: { id: string; displayName?: string; tenantId?: string } } | { phone: string };

/** POST /emulator/calls. */
export interface PlaceCallRequest {
  from: Caller;
  /** Which bot (default: the first app). */
  appId?: string;
  /** The caller dialled the bot's phone number (target is the application instance). */
  toApplicationInstance?: boolean;
  /** The caller dialled this number (E.164): a resource account of the bot; see calledIdentity. */
  toPhone?: string;
  /** Fault rules for this call only. */
  faults?: FaultRules;
  /** Behaviours fixed for this call instead of drawn (variations.ts). */
  variations?: Partial<VariationSettings>;
}

/** A call as the people API shows it. */
export interface CallSummary {
  id: string;
  appId: string;
  direction: 'incoming' | 'outgoing';
  kind: 'peerToPeer' | 'group' | 'meeting';
  state: string;
  callbackUri: string;
  peer: string | null;
  conversationId: string | null;
  resultInfo: { code: number; subcode: number; message: string } | null;
  toneSubscribed: boolean;
  media: { current: { kind: string; operationId: string; phase: string } | null; queued: Array<{ kind: string; operationId: string }> };
  operations: Array<{ id: string; kind: string; status: string; clientContext: string | null }>;
}

/** A ring as the people API shows it. */
export interface RingSummary {
  id: string;
  callId: string;
  purpose: RingPurpose;
  person: string;
  state: 'ringing' | RingOutcome | 'cancelled';
}

/** PUT /emulator/people/:key. */
export interface PersonUpdate {
  displayName?: string;
  /**
   * How the person is addressed when not by a user id or phone number: `applicationInstance` is a
   * resource account, such as the one a Teams call queue or auto attendant answers on.
   */
  kind?: 'user' | 'phone' | 'application' | 'applicationInstance';
  answer?: RingAnswer;
  answerAfterMs?: number;
  /** Rings until the caller gives up: no ring timeout of the service ends this person's rings. */
  keepsRinging?: boolean;
}

/** POST /emulator/meetings. */
export interface MeetingRequest {
  organizerId?: string;
  tenantId?: string;
  subject?: string;
  /** The join meeting id (9–15 digits); a fresh 15-digit one when absent. */
  joinMeetingId?: string;
  passcode?: string;
  /** Joining bots wait in the lobby until `POST /meetings/{id}/lobby/admit`. */
  lobby?: boolean;
  /** Joining bots are turned away (200/5855). */
  refuseBots?: boolean;
}

/** A meeting as the people API shows it. */
export interface MeetingSummary {
  id: string;
  threadId: string;
  messageId: string;
  organizerId: string;
  tenantId: string;
  /** The classic link (`/l/meetup-join/{thread}/{message}?context=…`). */
  joinUrl: string;
  /** The short link Teams issues now (`/meet/{joinMeetingId}?p={passcode}`). */
  meetUrl: string;
  joinMeetingId: string;
  passcode: string;
  token: string;
  /** Joining bots wait in the lobby until admitted (or the lobby times out, 200/5855). */
  lobby: boolean;
  /** The meeting turns bots away from the lobby: a bot's join ends 200/5855 (see the README). */
  refuseBots: boolean;
  /** Bot calls waiting in the lobby. */
  waitingInLobby: string[];
  participants: Array<{ id: string; person: string | null; botCallId: string | null; isMuted: boolean }>;
  ended: boolean;
}

export type { FaultRules, RingAnswer };

/** GET /emulator/users: someone who can sign in on the emulated login page. */
export interface UserSummary {
  /** Object id (`oid`). */
  id: string;
  displayName: string;
  userPrincipalName: string;
  tenantId: string;
  /** App roles in the app asked about (`?appId=`, default the first app): the ID token's `roles`. */
  roles: string[];
}
