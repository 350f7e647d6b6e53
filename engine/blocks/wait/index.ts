import { CompileError } from '../../core/compile-error.ts';
import type { BlockDefinition } from '../../core/block.ts';
import { target, simplePorts, ms } from '../common.ts';
import type { FlowDocument, StateConfig } from '../../core/types.ts';

export interface WaitState extends StateConfig {
  type: 'wait';
  seconds?: number;
  delay?: string;
  next?: string;
}

/** The wait in seconds: the literal, or the named delay from settings.delays. */
export function waitSeconds(state: WaitState, flow: FlowDocument, stateId: string): number {
  if (state.delay === undefined) return state.seconds ?? 0;
  const delays = flow.settings?.delays ?? {};
  const value = delays[state.delay];
  if (typeof value !== 'number') {
    const known = Object.keys(delays);
    throw new CompileError(
      `state '${stateId}' waits for delay '${state.delay}', which settings.delays does not define (${known.length ? `defined: ${known.join(', ')}` : 'no delays are defined'})`,
    );
  }
  return value;
}

/** Pauses the flow for a fixed time, then continues. */
export const wait: BlockDefinition<WaitState> = {
  type: 'wait',
  title: 'Wait',
  category: 'logic',
  description: 'Pauses for a number of seconds, or for a named delay of settings.delays, then continues. Key presses are ignored meanwhile.',
  properties: {
    seconds: { type: 'number', minimum: 0, maximum: 3600, description: 'How long to wait. In seconds, 0–3600.' },
    delay: {
      type: 'string',
      pattern: '^[A-Za-z][A-Za-z0-9_-]{0,31}$',
      description: "Name of a delay in the flow's settings.delays, so several states share one value.",
    },
    next: target('Where to go when the time is up.'),
  },
  required: ['next'],
  // Exactly one of the two: with both, which one wins would be a guess.
  rules: { oneOf: [{ required: ['seconds'] }, { required: ['delay'] }] },
  outcomes: (state) => simplePorts(state, [['next', 'The time is up.', true]]),
  compile(state, ctx) {
    return { after: { [ms(waitSeconds(state, ctx.flow, ctx.stateId))]: ctx.go('next', state.next) } };
  },
  examples: [{ type: 'wait', seconds: 2, next: 'next' }],
};
