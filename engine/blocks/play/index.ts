import type { BlockDefinition } from '../../core/block.ts';
import { target, simplePorts, ERROR_PORT, promptList } from '../common.ts';
import type { StateConfig } from '../../core/types.ts';
import { legEnded, legParam, legProperty, onLegOnly, toneEventOf } from '../../core/legs.ts';

export interface PlayState extends StateConfig {
  type: 'play';
  prompts?: string[];
  recording?: string;
  bargeIn?: boolean;
  leg?: string;
  next?: string;
  error?: string;
}

/** Plays up to 20 prompts in order. */
export const play: BlockDefinition<PlayState> = {
  type: 'play',
  title: 'Play',
  category: 'media',
  description: 'Plays prompts to the caller (Graph playPrompt) and continues when they have finished.',
  properties: {
    prompts: promptList('Prompt keys to play in order (Graph allows at most 20 per request).'),
    recording: {
      $ref: '#/$defs/template',
      description: 'A recording to play after the prompts, e.g. "{{vars.message}}" holding the location a record state stored.',
    },
    bargeIn: {
      type: 'boolean',
      default: false,
      description: 'When true, a key press stops the prompts and continues at once; the key is in lastResult.digit.',
    },
    leg: legProperty('Plays on this call leg (placed by a dial or joinMeeting with the same `leg`) instead of the main call.'),
    next: target('Where to go when the prompts have finished.'),
    error: target('A prompt could not be played, or the leg it plays on has ended.'),
  },
  required: ['next'],
  rules: { anyOf: [{ required: ['prompts'] }, { required: ['recording'] }] },
  outcomes: (state) => simplePorts(state, [['next', 'The prompts finished playing.', true], ERROR_PORT]),
  compile(state, ctx) {
    const on: Record<string, unknown> = {
      'operation.completed': ctx.go('next', state.next, { guard: ctx.isMine() }),
      'operation.failed': ctx.fail('error', { guard: ctx.isMine() }),
    };
    if (state.bargeIn) {
      on[toneEventOf(state.leg)] = onLegOnly(state.leg, [
        ctx.go('next', state.next, {
          actions: [ctx.effect('graph.cancelMediaProcessing', legParam(state.leg)), ctx.setResult((event) => ({ digit: String(event.digit) }))],
        }),
      ]);
    }
    if (state.leg) on['leg.terminated'] = legEnded(ctx, state.leg);
    const extra = { ...(state.recording ? { recording: state.recording } : {}), ...legParam(state.leg) };
    return { entry: [ctx.playPrompts(state.prompts ?? [], extra)], on };
  },
  examples: [{ type: 'play', prompts: ['welcome'], next: 'next' }],
};
