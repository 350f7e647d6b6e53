import type { BlockDefinition } from '../../core/block.ts';
import { legHungUp, legParam, legProperty } from '../../core/legs.ts';
import type { StateConfig } from '../../core/types.ts';
import { target } from '../common.ts';

export interface HangupState extends StateConfig {
  type: 'hangup';
  leg?: string;
  next?: string;
}

/** Ends the call from the bot's side, or — with `leg` — one of the flow's other call legs. */
export const hangup: BlockDefinition<HangupState> = {
  type: 'hangup',
  title: 'Hang up',
  category: 'call',
  description: 'Hangs up the call (Graph DELETE /calls/{id}). The flow ends here. With `leg`, hangs up that call leg instead and goes on to `next` at once.',
  properties: {
    leg: legProperty(
      'Hangs up this call leg (placed by a dial or joinMeeting with the same `leg`) instead of the main call; the flow goes on at `next`. A leg that has already ended has nothing to hang up.',
    ),
    next: target('With `leg`: where to go once the leg is hung up.'),
  },
  // A hang-up of a leg leaves the flow running, so it needs somewhere to go; one of the main call ends it.
  rules: { dependentRequired: { leg: ['next'], next: ['leg'] } },
  outcomes: (state) => (state.leg ? [{ name: 'next', path: ['next'], description: 'The leg was hung up.', required: true }] : []),
  // Hanging up a leg leaves the main call up: the flow must still end somewhere after it.
  ends: true,
  endsWhen: (state) => !state.leg,
  compile(state, ctx) {
    if (!state.leg) return { type: 'final', entry: [ctx.effect('graph.hangup')] };
    // Graph answers a hang-up at once and reports the end as the leg's termination, which the
    // flow-wide leg handler notes; the flow does not wait for it.
    return {
      entry: [ctx.effect('graph.hangup', legParam(state.leg)), legHungUp(state.leg)],
      always: ctx.go('next', state.next),
    };
  },
  examples: [{ type: 'hangup' }, { type: 'hangup', leg: 'responder', next: 'next' }],
};
