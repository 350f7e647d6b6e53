import type { BlockDefinition } from '../../core/block.ts';
import { scopeOf } from '../../core/compile-context.ts';
import { renderDeep } from '../../core/expressions.ts';
import type { FlowContext } from '../../core/flow-context.ts';
import { rosterAfter, rosterOf, updateRoster, type Roster } from '../../core/roster.ts';
import type { Json, StateConfig } from '../../core/types.ts';
import { ms, seconds, simplePorts, target } from '../common.ts';
import { holdMusicOption, withHoldMusic, type HoldMusic } from '../hold-music.ts';

export interface WaitForState extends StateConfig {
  type: 'waitFor';
  event: 'join' | 'leave';
  participant?: string;
  count?: number;
  timeoutSeconds?: number;
  holdMusic?: HoldMusic;
  next?: string;
  timeout?: string;
}

type RosterArgs = { context: FlowContext; event: { joined?: unknown; left?: unknown } };

const ids = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/**
 * Whether the wait is over with `roster`: the participant named is in (join) or out (leave), the
 * count is reached (at least for join, at most for leave); with neither, any join or leave in the
 * event. Checked on entry too, for the first two: what is already true is not waited for.
 */
function reached(state: WaitForState, context: FlowContext, roster: Roster, event?: RosterArgs['event']): boolean {
  const joining = state.event === 'join';
  if (state.participant === undefined && state.count === undefined) return event !== undefined && ids(joining ? event.joined : event.left).length > 0;
  const who = state.participant === undefined ? undefined : String(renderDeep(state.participant, scopeOf(context)));
  const present = who === undefined || roster.ids.includes(who) === joining;
  const counted = state.count === undefined || (joining ? roster.count >= state.count : roster.count <= state.count);
  return present && counted;
}

/** lastResult on leaving through next: who joined and left in the event that ended the wait, the one it was about, the count. */
function result(state: WaitForState, context: FlowContext, roster: Roster, event?: RosterArgs['event']): Json {
  const joined = ids(event?.joined);
  const left = ids(event?.left);
  const moved = state.event === 'join' ? joined : left;
  const participantId = state.participant !== undefined ? String(renderDeep(state.participant, scopeOf(context))) : (moved[moved.length - 1] ?? null);
  return { joined, left, participantId, count: roster.count, ids: roster.ids };
}

/**
 * Waits until someone joins or leaves the bot's group call or meeting — anyone, a given
 * participant, or until the roster has a given size — or the time is up, in silence or with hold
 * music (hold-music.ts). The roster comes from Graph's roster notifications (engine/core/roster.ts).
 */
export const waitFor: BlockDefinition<WaitForState> = {
  type: 'waitFor',
  title: 'Wait for a participant',
  category: 'meeting',
  description:
    'Waits, in silence or with hold music, until a participant joins or leaves the group call or meeting (anyone, a given participant id, or until the roster has a given size), or the time is up.',
  properties: {
    event: { enum: ['join', 'leave'], description: 'join: wait for someone to join; leave: for someone to leave.' },
    participant: {
      type: 'string',
      minLength: 1,
      description: 'Only this participant: a Graph participant id, usually a placeholder such as {{vars.guest}} or {{call.roster.ids[0]}}.',
    },
    count: {
      type: 'integer',
      minimum: 0,
      maximum: 350,
      description: 'Wait until at least (join) or at most (leave) this many others are in the call, the bot not counted.',
    },
    timeoutSeconds: seconds('How long to wait before leaving through timeout.', 1, 3600, 60),
    holdMusic: holdMusicOption('the caller waits for the participant'),
    next: target('Where to go once it happened; lastResult holds joined, left, participantId, count and ids.'),
    timeout: target('Where to go when nothing of the kind happened in time.'),
  },
  required: ['event', 'next', 'timeout'],
  outcomes: (state) =>
    simplePorts(state, [
      ['next', 'The participant joined or left, or the count was reached.', true],
      ['timeout', 'The time was up first.', true],
    ]),
  compile(state, ctx) {
    const now = ({ context }: { context: FlowContext }) => reached(state, context, rosterOf(context));
    const after = (args: RosterArgs) => reached(state, args.context, rosterAfter(args), args.event);
    return withHoldMusic(
      {
        // Already true when the state is entered: nothing to wait for.
        always: ctx.go('next', state.next, { guard: now, actions: [ctx.setResult((_event, context) => result(state, context, rosterOf(context)))] }),
        on: {
          'participants.updated': [
            // The roster is updated first, so lastResult and call.roster agree.
            ctx.go('next', state.next, {
              guard: after,
              actions: [updateRoster, ctx.setResult((event, context) => result(state, context, rosterOf(context), event))],
            }),
            { actions: [updateRoster] },
          ],
        },
        after: {
          [ms(state.timeoutSeconds ?? 60)]: ctx.go('timeout', state.timeout, {
            actions: [ctx.setResult((_event, context) => ({ count: rosterOf(context).count }))],
          }),
        },
      },
      state.holdMusic,
      ctx,
    );
  },
  examples: [
    { type: 'waitFor', event: 'join', count: 2, timeoutSeconds: 120, holdMusic: { prompts: ['welcome'] }, next: 'next', timeout: 'other' },
    { type: 'waitFor', event: 'leave', participant: '{{vars.choice}}', next: 'next', timeout: 'other' },
  ],
};
