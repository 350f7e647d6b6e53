import type { BlockDefinition } from '../../core/block.ts';
import type { StateConfig } from '../../core/types.ts';
import { ERROR_PORT, ms, promptList, seconds, simplePorts, target } from '../common.ts';
import { musicRounds } from '../hold-music.ts';

export interface PlayLoopState extends StateConfig {
  type: 'playLoop';
  prompts: string[];
  maxSeconds?: number;
  next?: string;
  pressed?: string;
  error?: string;
}

/**
 * Hold music: plays its prompts over and over until `maxSeconds` have passed (→ next) or, when
 * `pressed` is connected, the caller presses a key (→ pressed, the key in lastResult.digit). Each
 * round is its own playPrompt with its own operation id (the `attempt` counter), so Graph's
 * completion of one round starts the next and a late completion of an earlier round is ignored;
 * the rounds are hold-music.ts's, which waitFor and http play while they wait.
 */
export const playLoop: BlockDefinition<PlayLoopState> = {
  type: 'playLoop',
  title: 'Play in a loop',
  category: 'media',
  description: 'Plays prompts over and over (hold music, "please stay on the line") until a time is up or the caller presses a key.',
  properties: {
    prompts: promptList('Prompt keys played in order, then again from the first (Graph allows at most 20 per request).'),
    maxSeconds: seconds('How long to keep playing before continuing through next.', 1, 3600, 60),
    next: target('Where to go when maxSeconds have passed.'),
    pressed: target('Where to go when the caller presses a key; the key is in lastResult.digit. Unconnected: keys are ignored.'),
    error: target('A prompt could not be played.'),
  },
  required: ['prompts', 'next'],
  outcomes: (state) => simplePorts(state, [['next', 'The time is up.', true], ['pressed', 'The caller pressed a key.', false, 'keys are ignored'], ERROR_PORT]),
  compile(state, ctx) {
    // Rounds counted in `attempt` (reset by every entry of the state), so its operation ids are `<state>#<entry>.<round>`.
    const { states, stop } = musicRounds(ctx, state.prompts, { counter: 'attempt', failed: (mine) => ctx.fail('error', { guard: mine }) });
    const on: Record<string, unknown> = {};
    if (state.pressed) on.tone = ctx.go('pressed', state.pressed, { actions: [stop, ctx.setResult((event) => ({ digit: String(event.digit) }))] });
    return {
      initial: 'playing',
      states,
      on,
      // On the block, not the round: re-entering a round does not restart the clock.
      after: { [ms(state.maxSeconds ?? 60)]: ctx.go('next', state.next, { actions: [stop] }) },
    };
  },
  examples: [{ type: 'playLoop', prompts: ['welcome'], maxSeconds: 30, next: 'next', pressed: 'other' }],
};
