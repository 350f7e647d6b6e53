import type { BlockDefinition } from '../../core/block.ts';
import type { FlowContext } from '../../core/flow-context.ts';
import { target, simplePorts, ERROR_PORT } from '../common.ts';
import type { Json, StateConfig } from '../../core/types.ts';
import { renderDeep } from '../../core/expressions.ts';
import { scopeOf } from '../../core/compile-context.ts';

export interface SendDtmfState extends StateConfig {
  type: 'sendDtmf';
  tones: string;
  delayBetweenTonesMs?: number;
  next?: string;
  error?: string;
}

const TONES = /^[0-9*#A-D]{1,64}$/i;
const NAMES: Record<string, string> = { '*': 'star', '#': 'pound' };

/** Keypad characters → Graph toneInfo names (tone0…tone9, star, pound, a…d). */
export function toneNames(tones: string): string[] {
  return [...tones].map((tone) => NAMES[tone] ?? (/[0-9]/.test(tone) ? `tone${tone}` : tone.toLowerCase()));
}

type ParamsFn = (args: { context: FlowContext }) => Record<string, Json>;

/** Sends keypad tones into the call, e.g. to drive another IVR or enter a conference PIN. */
export const sendDtmf: BlockDefinition<SendDtmfState> = {
  type: 'sendDtmf',
  title: 'Send tones',
  category: 'media',
  description: 'Sends DTMF keypad tones into the call (Graph sendDtmfTones), e.g. to enter an extension or a PIN, and continues when they were sent.',
  properties: {
    tones: {
      type: 'string',
      maxLength: 2000,
      pattern: '^([0-9*#A-D]{1,64}|.*\\{\\{.+\\}\\}.*)$',
      description: 'The keys to send: 1–64 of 0–9, *, #, A–D (e.g. "1234#"), or a {{template}} giving such keys.',
    },
    delayBetweenTonesMs: {
      type: 'integer',
      minimum: 100,
      maximum: 5000,
      default: 500,
      description: 'Pause between two tones. In milliseconds, 100–5000.',
    },
    next: target('Where to go once the tones were sent.'),
    error: target('Graph failed to send the tones, or the template gave something that is not keys.'),
  },
  required: ['tones', 'next'],
  outcomes: (state) => simplePorts(state, [['next', 'The tones were sent.', true], ERROR_PORT]),
  compile(state, ctx) {
    const rendered = (context: FlowContext) => String(renderDeep(state.tones, scopeOf(context)));
    const send = ctx.effect('graph.sendDtmfTones', { delayBetweenTonesMs: state.delayBetweenTonesMs ?? 500 }) as { type: string; params: ParamsFn };
    // ctx.effect renders templates but cannot reshape the result: the keys become Graph names here.
    const sendNamed = { type: send.type, params: (args: { context: FlowContext }) => ({ ...send.params(args), tones: toneNames(rendered(args.context)) }) };
    return {
      initial: 'checking',
      states: {
        // A template may give something that is not keys (e.g. an unset variable): leave through error
        // before sending anything rather than let Graph reject a half-valid request.
        checking: {
          always: [
            { guard: ({ context }: { context: FlowContext }) => TONES.test(rendered(context)), target: 'sending' },
            ctx.fail('error', { actions: [ctx.setResult((_event, context) => ({ error: `tones '${rendered(context)}' are not 1–64 of 0–9, *, #, A–D` }))] }),
          ],
        },
        sending: {
          entry: [sendNamed],
          on: {
            'operation.completed': ctx.go('next', state.next, { guard: ctx.isMine() }),
            'operation.failed': ctx.fail('error', { guard: ctx.isMine() }),
          },
        },
      },
    };
  },
  examples: [{ type: 'sendDtmf', tones: '1234#', next: 'next' }],
};
