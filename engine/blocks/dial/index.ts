import type { BlockDefinition } from '../../core/block.ts';
import { target, simplePorts, ERROR_PORT, seconds, ms } from '../common.ts';
import type { Json, StateConfig } from '../../core/types.ts';
import { terminationResult } from '../joinMeeting/index.ts';
import { isLeg, legConnecting, legGone, legHungUp, legParam, legProperty, legUp, noteCallGraphId } from '../../core/legs.ts';
import { GROUP_CALL_PERMISSION, groupTargetProblems, isGroupCall } from '../../protocol/group-call-targets.ts';
import { compileGroupDial } from './group.ts';
import { unansweredExits } from './unanswered.ts';

/** What a peer-to-peer or phone call the bot places needs. */
const PEER_TO_PEER_PERMISSION = 'Calls.Initiate.All';

export interface DialState extends StateConfig {
  type: 'dial';
  /** One party, or 2–5 Teams users rung at once in a group call. */
  to: Record<string, string> | Array<Record<string, string>>;
  ringTimeoutSeconds?: number;
  leg?: string;
  next?: string;
  noAnswer?: string;
  failed?: string;
  error?: string;
}

/** Places the flow's outgoing call to a Teams user, a phone number or an application, or a group call to several Teams users. */
export const dial: BlockDefinition<DialState> = {
  type: 'dial',
  title: 'Dial',
  category: 'call',
  description:
    'Places an outgoing call (Graph create call, service-hosted audio) to a Teams user, a phone number or an application, or a group call to several Teams users, and continues when it is answered.',
  properties: {
    // One object (a peer-to-peer or phone call) or a list (a group call): if/then/else rather than
    // oneOf, so a mistake in either form is reported against that form alone.
    to: {
      description:
        "Who to call: one person, number or application, or a list of 2–5 Teams users rung at once in a group call. Calling a phone number needs the bot's application instance (resource account) with a number.",
      if: { type: 'array' },
      then: { $ref: '#/$defs/groupTargets' },
      else: { $ref: '#/$defs/participant' },
    },
    leg: legProperty(
      'Places this call as a leg of its own, named so that later states act on it (`leg` of play, gather, invite, hangup) and read it (`legs.<name>.graphId`, `legs.<name>.state`); the main call stays as it is. Without it, this is the main call.',
    ),
    // Graph rings an outgoing peer-to-peer call for at most 115 s; under 15 s most phones barely ring.
    ringTimeoutSeconds: seconds('How long to let it ring before giving up and leaving through noAnswer.', 15, 115, 60),
    next: target('Where to go once the call is answered.'),
    noAnswer: target('Nobody answered within ringTimeoutSeconds; the bot has hung up the attempt.'),
    failed: target('The call ended before it was answered: busy, declined or unreachable (lastResult has code and subcode).'),
    error: target('Graph refused the create-call request.'),
  },
  required: ['to', 'next'],
  permissions: [PEER_TO_PEER_PERMISSION],
  // A group call is a different permission (graph-calls.md §2, create call); a peer-to-peer one needs Calls.Initiate.All.
  permissionsOf: (state) => [isGroupCall(state.to) ? GROUP_CALL_PERMISSION : PEER_TO_PEER_PERMISSION],
  check(state) {
    const problems = groupTargetProblems(state.to).map((problem) => ({
      path: ['to', String(problem.index), problem.kind],
      code: problem.problem === 'duplicate' ? 'lint.duplicate-target' : 'lint.group-target',
      message: problem.message,
    }));
    // A leg is one more call beside the main one; a group call is the flow's main call (its roster is `call.roster`).
    if (isGroupCall(state.to) && state.leg)
      problems.push({
        path: ['leg'],
        code: 'lint.group-leg',
        message: 'a group call is the flow’s main call and cannot be a leg — remove `leg`, or dial one person on the leg',
      });
    return problems;
  },
  outcomes: (state) =>
    simplePorts(
      state,
      state.leg
        ? [
            ['next', 'The leg was answered.', true],
            ['noAnswer', 'It rang until ringTimeoutSeconds without an answer. Unconnected: failed, else error; the main call stays.'],
            ['failed', 'Busy, declined or unreachable. Unconnected: error; the main call stays.', false, 'take the error port'],
            ERROR_PORT,
          ]
        : [
            ['next', 'The call was answered.', true],
            ['noAnswer', 'It rang until ringTimeoutSeconds without an answer. Unconnected: the flow hangs up.'],
            ['failed', 'Busy, declined or unreachable. Unconnected: the flow-wide hang-up handler runs.', false, 'go to the flow-wide hangup handler'],
            ERROR_PORT,
          ],
    ),
  compile(state, ctx) {
    if (state.leg) return compileLeg(state, state.leg, ctx);
    if (isGroupCall(state.to)) return compileGroupDial(state, ctx);
    const { on, after } = unansweredExits(state, ctx);
    return {
      entry: [ctx.effect('graph.createCall', { to: state.to })],
      on: { 'call.established': ctx.go('next', state.next, { actions: [noteCallGraphId, ctx.effect('graph.subscribeToTone')] }), ...on },
      after,
    };
  },
  examples: [
    { type: 'dial', to: { phone: '+14255550100', displayName: 'On-call engineer' }, ringTimeoutSeconds: 30, next: 'next', noAnswer: 'other', failed: 'other' },
    { type: 'dial', to: { user: '3a9e6c2d-71b4-4f08-a5d2-c8e1f0b7a964' }, leg: 'responder', next: 'next', noAnswer: 'other', failed: 'other' },
    {
      type: 'dial',
      to: [
        { user: '3a9e6c2d-71b4-4f08-a5d2-c8e1f0b7a964', displayName: 'Duty manager' },
        { user: '{{vars.choice}}', displayName: 'Second responder' },
      ],
      next: 'next',
      noAnswer: 'other',
      failed: 'other',
    },
  ],
};

/**
 * A dial that places leg `leg` beside the main call: the same ports, from the leg's own events.
 * Its end before an answer is this block's `failed` (else its error), never the flow-wide hang-up,
 * which belongs to the main call.
 */
function compileLeg(state: DialState, leg: string, ctx: Parameters<typeof dial.compile>[1]) {
  const mine = isLeg(leg);
  const giveUp = [ctx.effect('graph.hangup', legParam(leg)), legHungUp(leg)];
  const ended = { guard: mine, actions: [legGone, ctx.setResult(terminationResult)] };
  const unanswered = { actions: [...giveUp, ctx.setResult(() => ({ reason: 'noAnswer' }))] };
  return {
    entry: [legConnecting(leg), ctx.effect('graph.createCall', { to: state.to, ...legParam(leg) })],
    on: {
      'leg.established': ctx.go('next', state.next, { guard: mine, actions: [legUp, ctx.effect('graph.subscribeToTone', legParam(leg))] }),
      'leg.terminated': state.failed ? ctx.go('failed', state.failed, ended) : ctx.fail('error', ended),
      'operation.failed': ctx.fail('error', { guard: ctx.isMine(), actions: [legHungUp(leg), ctx.setResult((event) => (event.result ?? null) as Json)] }),
    },
    after: {
      // A responder who does not answer is no reason to end the main call: unconnected, noAnswer
      // falls to failed, then to the error port (whose handler decides), never to the hang-up.
      [ms(state.ringTimeoutSeconds ?? 60)]: state.noAnswer
        ? ctx.go('noAnswer', state.noAnswer, unanswered)
        : state.failed
          ? ctx.go('failed', state.failed, unanswered)
          : ctx.fail('error', unanswered),
    },
  };
}
