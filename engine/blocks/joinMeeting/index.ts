import type { BlockDefinition } from '../../core/block.ts';
import { markTerminated } from '../../core/flow-context.ts';
import { target, simplePorts, ERROR_PORT } from '../common.ts';
import type { Json, StateConfig } from '../../core/types.ts';
import { isLeg, legConnecting, legGone, legHungUp, legParam, legProperty, legUp, noteCallGraphId } from '../../core/legs.ts';
import { ACCEPTED_MEETING_LINKS, MeetingLinkError, parseTeamsMeetingLink, TEAMS_MEETING_HOST_PATTERN } from '../../protocol/teams-meeting-links.ts';

export interface JoinMeetingState extends StateConfig {
  type: 'joinMeeting';
  joinUrl?: string;
  meetingId?: string;
  passcode?: string;
  displayName?: string;
  leg?: string;
  next?: string;
  error?: string;
}

/** A value given by a {{template}}, checked when the call renders it (the Graph request builder). */
const TEMPLATE = '[^\\s]*\\{\\{.+\\}\\}.*';

/**
 * A link on one of the Teams hosts (engine/protocol/teams-meeting-links.ts), or a {{template}}
 * giving one. The schema holds the hosts; the block's check reads the path and query, naming the
 * accepted forms when they are wrong.
 */
export const JOIN_URL_PATTERN = `^(https://${TEAMS_MEETING_HOST_PATTERN}/\\S+|${TEMPLATE})$`;

/** A Teams meeting ID: 9 to 15 digits, single spaces between groups as Teams shows it, or a {{template}}. */
export const MEETING_ID_PATTERN = `^((\\d ?){8,14}\\d|${TEMPLATE})$`;

/** What the stepper's flow-wide handler records on `call.terminated`; kept when a block handles it itself. */

/** The `{code, subcode}` of a `call.terminated` event, for lastResult. */
export const terminationResult = (event: Record<string, unknown>): Json => ({ code: (event.code ?? null) as Json, subcode: (event.subcode ?? null) as Json });

/** Joins a scheduled Teams meeting by its link or meeting ID and listens for keypad tones. */
export const joinMeeting: BlockDefinition<JoinMeetingState> = {
  type: 'joinMeeting',
  title: 'Join meeting',
  category: 'meeting',
  description:
    'Joins a Teams meeting from its join link or its meeting ID and passcode (Graph create call with organizerMeetingInfo or joinMeetingIdMeetingInfo, service-hosted audio) and continues when the bot is in the meeting.',
  properties: {
    joinUrl: {
      type: 'string',
      maxLength: 2048,
      pattern: JOIN_URL_PATTERN,
      description: `The meeting's link as copied from Teams — ${ACCEPTED_MEETING_LINKS} — or a {{template}} giving one.`,
    },
    meetingId: {
      type: 'string',
      maxLength: 256,
      pattern: MEETING_ID_PATTERN,
      description: 'Instead of a link: the meeting ID Teams shows under "Meeting ID" (9 to 15 digits), or a {{template}} giving it.',
    },
    passcode: {
      type: 'string',
      minLength: 1,
      maxLength: 256,
      description: 'The passcode Teams shows beside the meeting ID, when the meeting has one; may be a {{template}}.',
    },
    displayName: { type: 'string', minLength: 1, maxLength: 256, description: 'Name the bot shows in the meeting roster; may be a {{template}}.' },
    leg: legProperty(
      "Joins as a leg of its own beside the flow's main call, named so that later states act on it (`leg` of play, gather, invite, hangup) and read it (`legs.<name>.graphId`, `legs.<name>.state`). Without it, this is the main call.",
    ),
    next: target('Where to go once the bot is in the meeting.'),
    error: target("Graph refused the join, or the meeting ended the bot's call before it was established (lastResult has code and subcode)."),
  },
  required: ['next'],
  // One way to name the meeting; a passcode belongs to a meeting ID (a /meet/ link carries its own).
  rules: { oneOf: [{ required: ['joinUrl'] }, { required: ['meetingId'] }], dependentRequired: { passcode: ['meetingId'] } },
  check(state) {
    if (typeof state.joinUrl !== 'string' || new RegExp(`^${TEMPLATE}$`).test(state.joinUrl) || !new RegExp(JOIN_URL_PATTERN).test(state.joinUrl)) return [];
    try {
      parseTeamsMeetingLink(state.joinUrl);
      return [];
    } catch (error) {
      if (!(error instanceof MeetingLinkError)) throw error;
      return [{ path: ['joinUrl'], code: 'lint.meeting-link', message: error.message }];
    }
  },
  permissions: ['Calls.JoinGroupCall.All'],
  outcomes: (state) => simplePorts(state, [['next', 'The bot joined the meeting.', true], ERROR_PORT]),
  compile(state, ctx) {
    const params: Record<string, unknown> = {};
    if (state.joinUrl !== undefined) params.joinUrl = state.joinUrl;
    if (state.meetingId !== undefined) params.meetingId = state.meetingId;
    if (state.passcode !== undefined) params.passcode = state.passcode;
    if (state.displayName !== undefined) params.displayName = state.displayName;
    if (state.leg) {
      const mine = isLeg(state.leg);
      return {
        entry: [legConnecting(state.leg), ctx.effect('graph.joinMeeting', { ...params, ...legParam(state.leg) })],
        on: {
          'leg.established': ctx.go('next', state.next, { guard: mine, actions: [legUp, ctx.effect('graph.subscribeToTone', legParam(state.leg))] }),
          'operation.failed': ctx.fail('error', {
            guard: ctx.isMine(),
            actions: [legHungUp(state.leg), ctx.setResult((event) => (event.result ?? null) as Json)],
          }),
          'leg.terminated': ctx.fail('error', { guard: mine, actions: [legGone, ctx.setResult(terminationResult)] }),
        },
      };
    }
    return {
      entry: [ctx.effect('graph.joinMeeting', params)],
      on: {
        'call.established': ctx.go('next', state.next, { actions: [noteCallGraphId, ctx.effect('graph.subscribeToTone')] }),
        'operation.failed': ctx.fail('error', { guard: ctx.isMine(), actions: [ctx.setResult((event) => (event.result ?? null) as Json)] }),
        // A refused join ends the new call before it is established; that is this block's error,
        // not the caller hanging up, so it does not go to the flow-wide hang-up handler.
        'call.terminated': ctx.fail('error', { actions: [markTerminated, ctx.setResult(terminationResult)] }),
      },
    };
  },
  examples: [
    {
      type: 'joinMeeting',
      joinUrl:
        'https://teams.microsoft.com/l/meetup-join/19%3ameeting_MjA5YjFkNzQtZWM2Ny00ZWQ4LWE2OWQtMmEzODI4NDZjNzYz%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22550fae72-d251-43ec-868c-373732c2704f%22%7d',
      displayName: 'Incident bot',
      next: 'next',
    },
    { type: 'joinMeeting', joinUrl: 'https://teams.microsoft.com/meet/2345678901234?p=Xy7Ab2', next: 'next' },
    { type: 'joinMeeting', meetingId: '234 567 890 123 4', passcode: 'Xy7Ab2', displayName: 'Incident bot', next: 'next' },
  ],
};
