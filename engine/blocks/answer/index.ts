import type { BlockDefinition } from '../../core/block.ts';
import { target, simplePorts, ERROR_PORT, promptList } from '../common.ts';
import type { StateConfig } from '../../core/types.ts';

export interface AnswerState extends StateConfig {
  type: 'answer';
  /** Prompts Graph downloads while answering, so the first play starts without delay. */
  preFetch?: string[];
  next?: string;
  error?: string;
}

/** Answers an incoming call with service-hosted audio and subscribes to DTMF tones. */
export const answer: BlockDefinition<AnswerState> = {
  type: 'answer',
  title: 'Answer',
  category: 'call',
  description: 'Answers the incoming call (audio, service-hosted media) and listens for keypad tones. Continues when the call is established.',
  properties: {
    preFetch: promptList('Prompts to pre-fetch while answering (all prompts of the flow when omitted).'),
    next: target('Where to go once the call is established.'),
    error: target('Answering failed or the call was not established within 15 seconds.'),
  },
  required: ['next'],
  outcomes: (state) => simplePorts(state, [['next', 'The call is established.', true], ERROR_PORT]),
  compile(state, ctx) {
    return {
      entry: [ctx.effect('graph.answer', { preFetch: state.preFetch ?? Object.keys(ctx.flow.prompts ?? {}) })],
      on: {
        'call.established': ctx.go('next', state.next, { actions: [ctx.effect('graph.subscribeToTone')] }),
        'operation.failed': ctx.fail('error', { guard: ctx.isMine() }),
      },
      // Graph gives a bot 15 s to answer; past that the call is gone, so do not wait longer.
      after: { 15000: ctx.fail('error') },
    };
  },
  examples: [{ type: 'answer', next: 'next' }],
};
