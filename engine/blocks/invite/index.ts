import type { BlockDefinition } from '../../core/block.ts';
import { target, simplePorts, ERROR_PORT } from '../common.ts';
import type { Json, StateConfig } from '../../core/types.ts';
import { legEnded, legParam, legProperty } from '../../core/legs.ts';

export interface InviteState extends StateConfig {
  type: 'invite';
  participants: Array<Record<string, string>>;
  leg?: string;
  replacesCallId?: string;
  fromLeg?: string;
  next?: string;
  failed?: string;
  error?: string;
}

/** Graph's inviteParticipants takes at most five participants per request. */
export const MAX_INVITEES = 5;

/** Adds up to five participants to the group call or meeting the bot is in. */
export const invite: BlockDefinition<InviteState> = {
  type: 'invite',
  title: 'Invite',
  category: 'meeting',
  // Keys pressed here are the block's: flow-wide keys (on.key) wait until it is done.
  ownsKeys: true,
  description:
    'Invites up to five Teams users, phone numbers or applications into the current group call or meeting (Graph participants/invite) and continues when the invitation has completed.',
  properties: {
    participants: {
      type: 'array',
      description: `Who to invite, 1–${MAX_INVITEES} (Graph accepts at most ${MAX_INVITEES} per request). Values may be {{templates}}.`,
      minItems: 1,
      maxItems: MAX_INVITEES,
      items: { $ref: '#/$defs/participant' },
    },
    leg: legProperty('Invites into this call leg (a meeting joined by a joinMeeting with the same `leg`) instead of the main call.'),
    replacesCallId: {
      $ref: '#/$defs/template',
      description:
        'Graph\'s id of a one-to-one call the bot has with the one participant invited, usually a placeholder such as "{{legs.responder.graphId}}": they are moved into this call without ringing, and that call ends (Graph invitationParticipantInfo.replacesCallId).',
    },
    fromLeg: legProperty('Like replacesCallId, naming the call leg to move the one participant out of: its Graph id is sent as replacesCallId.'),
    next: target('Where to go once the invitation has completed.'),
    failed: target('The invitation failed (declined, not answered, not reachable); the call goes on without them.'),
    error: target('Graph refused the invite request, or it failed while `failed` is not connected.'),
  },
  required: ['participants', 'next'],
  // A replaced call is one person's one-to-one call: it moves exactly one participant.
  rules: {
    not: { required: ['replacesCallId', 'fromLeg'] },
    if: { anyOf: [{ required: ['replacesCallId'] }, { required: ['fromLeg'] }] },
    then: { properties: { participants: { type: 'array', maxItems: 1 } } },
  },
  permissions: ['Calls.InitiateGroupCall.All'],
  outcomes: (state) =>
    simplePorts(state, [
      ['next', 'The invitation completed.', true],
      ['failed', 'The invitation did not succeed; without this port the failure leaves through error.', false, "leave through 'error'"],
      ERROR_PORT,
    ]),
  compile(state, ctx) {
    const result = ctx.setResult((event) => (event.result ?? null) as Json);
    const guard = ctx.isMine();
    const replacesCallId = state.fromLeg ? `{{legs.${state.fromLeg}.graphId}}` : state.replacesCallId;
    const params = { participants: state.participants, ...(replacesCallId ? { replacesCallId } : {}), ...legParam(state.leg) };
    return {
      entry: [ctx.effect('graph.invite', params)],
      on: {
        ...(state.leg ? { 'leg.terminated': legEnded(ctx, state.leg) } : {}),
        'operation.completed': ctx.go('next', state.next, { guard, actions: [result] }),
        // Graph reports a declined or unanswered invitation as a failed operation, like a refusal.
        'operation.failed': state.failed ? ctx.go('failed', state.failed, { guard, actions: [result] }) : ctx.fail('error', { guard, actions: [result] }),
      },
    };
  },
  examples: [
    {
      type: 'invite',
      participants: [{ user: '8b081ef6-4792-4def-b2c9-c363a1bf41d5', displayName: 'Duty manager' }, { phone: '+14255550100' }],
      next: 'next',
      failed: 'other',
    },
    { type: 'invite', participants: [{ user: '3a9e6c2d-71b4-4f08-a5d2-c8e1f0b7a964' }], fromLeg: 'responder', next: 'next', failed: 'other' },
  ],
};
