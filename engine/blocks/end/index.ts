import type { BlockDefinition } from '../../core/block.ts';
import type { StateConfig } from '../../core/types.ts';

export interface EndState extends StateConfig {
  type: 'end';
}

/** Ends the flow without touching the call: after the caller hung up, or to return from a subflow. */
export const end: BlockDefinition<EndState> = {
  type: 'end',
  title: 'End',
  category: 'logic',
  description: 'Ends the flow without a Graph request: used after the caller hung up, or to return from a subflow to its parent.',
  properties: {},
  outcomes: () => [],
  ends: true,
  compile() {
    return { type: 'final' };
  },
  examples: [{ type: 'end' }],
};
