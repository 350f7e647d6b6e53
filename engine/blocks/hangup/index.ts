import type { BlockDefinition } from '../../core/block.ts';
import type { StateConfig } from '../../core/types.ts';

export interface HangupState extends StateConfig {
  type: 'hangup';
}

/** Ends the call from the bot's side. */
export const hangup: BlockDefinition<HangupState> = {
  type: 'hangup',
  title: 'Hang up',
  category: 'call',
  description: 'Hangs up the call (Graph DELETE /calls/{id}). The flow ends here.',
  properties: {},
  outcomes: () => [],
  ends: true,
  compile(_state, ctx) {
    return { type: 'final', entry: [ctx.effect('graph.hangup')] };
  },
  examples: [{ type: 'hangup' }],
};
