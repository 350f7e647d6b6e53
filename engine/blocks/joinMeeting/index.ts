import type { BlockDefinition } from '../../core/block.ts';
import { markTerminated } from '../../core/flow-context.ts';
import { target, simplePorts, ERROR_PORT } from '../common.ts';
import type { Json, StateConfig } from '../../core/types.ts';

export interface JoinMeetingState extends StateConfig {
  type: 'joinMeeting';
  joinUrl: string;
  displayName?: string;
  next?: string;
  error?: string;
}

/**
 * A Teams meeting join link (`/l/meetup-join/{thread}/{message}?context={"Tid":…,"Oid":…}`), the
 * form Graph's chatInfo and organizerMeetingInfo are read from, or a {{template}} giving one.
 */
export const JOIN_URL_PATTERN = '^(https://teams\\.microsoft\\.com/l/meetup-join/[^/?#\\s]+/[^/?#\\s]+\\?context=\\S+|[^\\s]*\\{\\{.+\\}\\}.*)$';

/** What the stepper's flow-wide handler records on `call.terminated`; kept when a block handles it itself. */

/** The `{code, subcode}` of a `call.terminated` event, for lastResult. */
export const terminationResult = (event: Record<string, unknown>): Json => ({ code: (event.code ?? null) as Json, subcode: (event.subcode ?? null) as Json });

/** Joins a scheduled Teams meeting by its join link and listens for keypad tones. */
export const joinMeeting: BlockDefinition<JoinMeetingState> = {
  type: 'joinMeeting',
  title: 'Join meeting',
  category: 'meeting',
  description:
    'Joins a Teams meeting from its join link (Graph create call with chatInfo and meetingInfo, service-hosted audio) and continues when the bot is in the meeting.',
  properties: {
    joinUrl: {
      type: 'string',
      maxLength: 2048,
      pattern: JOIN_URL_PATTERN,
      description: "The meeting's join link as copied from Teams (https://teams.microsoft.com/l/meetup-join/…?context=…), or a {{template}} giving one.",
    },
    displayName: { type: 'string', minLength: 1, maxLength: 256, description: 'Name the bot shows in the meeting roster; may be a {{template}}.' },
    next: target('Where to go once the bot is in the meeting.'),
    error: target("Graph refused the join, or the meeting ended the bot's call before it was established (lastResult has code and subcode)."),
  },
  required: ['joinUrl', 'next'],
  permissions: ['Calls.JoinGroupCall.All'],
  outcomes: (state) => simplePorts(state, [['next', 'The bot joined the meeting.', true], ERROR_PORT]),
  compile(state, ctx) {
    const params: Record<string, unknown> = { joinUrl: state.joinUrl };
    if (state.displayName !== undefined) params.displayName = state.displayName;
    return {
      entry: [ctx.effect('graph.joinMeeting', params)],
      on: {
        'call.established': ctx.go('next', state.next, { actions: [ctx.effect('graph.subscribeToTone')] }),
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
  ],
};
