import type { BlockDefinition } from '../../core/block.ts';
import type { StateConfig } from '../../core/types.ts';

export interface RejectState extends StateConfig {
  type: 'reject';
  reason?: 'none' | 'busy' | 'forbidden';
}

/** Declines an incoming call without answering it. */
export const reject: BlockDefinition<RejectState> = {
  type: 'reject',
  title: 'Reject',
  category: 'call',
  description: 'Declines the incoming call without answering it (Graph reject). The flow ends here.',
  properties: {
    reason: {
      enum: ['none', 'busy', 'forbidden'],
      default: 'none',
      description: 'What the caller is told: none (declined), busy or forbidden.',
    },
  },
  outcomes: () => [],
  ends: true,
  compile(state, ctx) {
    return { type: 'final', entry: [ctx.effect('graph.reject', { reason: state.reason ?? 'none' })] };
  },
  examples: [{ type: 'reject', reason: 'busy' }],
};
