import type { BlockDefinition, Port } from '../../core/block.ts';
import { isFlowKey } from '../../core/flow-keys.ts';
import type { FlowContext } from '../../core/flow-context.ts';
import { target, ERROR_PORT, promptList, seconds, ms } from '../common.ts';
import type { StateConfig } from '../../core/types.ts';
import { escalatingPrompts, retryBecause, attemptsLeft, promptThenWait } from '../retrying-input.ts';
import { legParam, legProperty } from '../../core/legs.ts';

export interface MenuState extends StateConfig {
  type: 'menu';
  prompts: string[];
  choices: Record<string, string>;
  timeoutSeconds?: number;
  maxAttempts?: number;
  noInputPrompts?: string[];
  leg?: string;
  noMatchPrompts?: string[];
  noInput?: string;
  noMatch?: string;
  error?: string;
}

/** The menu prompt, preceded on retries by the escalating reprompt for silence or a wrong key. */
export function menuPromptsFor(state: MenuState, context: FlowContext): string[] {
  return escalatingPrompts(state.prompts, { noInput: state.noInputPrompts, noMatch: state.noMatchPrompts }, context);
}

type ToneArgs = { context: FlowContext; event: { digit?: unknown } };

/** Plays a menu, takes one key, retries with escalating reprompts on silence or a wrong key. */
export const menu: BlockDefinition<MenuState> = {
  type: 'menu',
  // Keys arrive through the tone subscription, which needs media access.
  permissions: ['Calls.AccessMedia.All'],
  title: 'Menu',
  category: 'input',
  description:
    'Plays a menu prompt and routes on one key press. Silence or a key that is not a choice replays the menu with an escalating reprompt, up to maxAttempts times.',
  properties: {
    prompts: promptList('The menu prompt(s), e.g. "For sales press 1…".', 19),
    choices: {
      type: 'object',
      description: 'Key → state to go to. Keys are 0–9, * and #.',
      propertyNames: { pattern: '^[0-9*#]$' },
      minProperties: 1,
      additionalProperties: { $ref: '#/$defs/target' },
    },
    timeoutSeconds: seconds('How long to wait for a key after the prompt has finished.', 1, 60, 5),
    maxAttempts: {
      type: 'integer',
      minimum: 1,
      maximum: 10,
      default: 3,
      description: 'How many times the menu is offered in all before leaving through noInput or noMatch.',
    },
    leg: legProperty(
      'Prompts and listens for keys on this call leg (placed by a dial or joinMeeting with the same `leg`) instead of the main call; the leg ending takes the error port.',
    ),
    noInputPrompts: promptList('Reprompts after silence, one per retry, escalating (the last one repeats).', 5),
    noMatchPrompts: promptList('Reprompts after a key that is not a choice, escalating (the last one repeats).', 5),
    noInput: target('No key was pressed on the last attempt.'),
    noMatch: target('A key that is not a choice was pressed on the last attempt.'),
    error: target('The menu prompt could not be played.'),
  },
  required: ['prompts', 'choices'],
  outcomes(state) {
    const ports: Port[] = Object.keys(state.choices ?? {}).map((key) => ({
      name: key,
      path: ['choices', key],
      description: `The caller pressed ${key}.`,
      required: true,
    }));
    ports.push(
      { name: 'noInput', path: ['noInput'], description: 'Silence on every attempt.' },
      { name: 'noMatch', path: ['noMatch'], description: 'Wrong keys until the attempts ran out.' },
      { name: ERROR_PORT[0], path: [ERROR_PORT[0]], description: ERROR_PORT[1] },
    );
    return ports;
  },
  compile(state, ctx) {
    const maxAttempts = state.maxAttempts ?? 3;
    const canRetry = attemptsLeft(maxAttempts);
    const cancel = ctx.effect('graph.cancelMediaProcessing', legParam(state.leg));
    const flowKey = isFlowKey(ctx.flow);
    const toneHandlers = (playing: boolean) => {
      const stop = playing ? [cancel] : [];
      return [
        ...Object.entries(state.choices).map(([key, to]) =>
          ctx.go(key, to, {
            guard: ({ event }: { event: { digit?: unknown } }) => String(event.digit) === key,
            actions: [...stop, ctx.setResult(() => ({ digit: key }))],
          }),
        ),
        // A key that is no choice but a flow-wide key (on.key) is left to the flow (core/flow-keys.ts).
        { guard: (args: ToneArgs) => !flowKey(args) && canRetry(args), target: 'prompting', reenter: true, actions: [...stop, retryBecause('noMatch')] },
        ctx.go('noMatch', state.noMatch, {
          guard: (args: ToneArgs) => !flowKey(args),
          actions: [...stop, ctx.setResult((event) => ({ digit: String(event.digit) }))],
        }),
      ];
    };
    return {
      initial: 'prompting',
      states: promptThenWait(ctx, {
        prompts: (context) => menuPromptsFor(state, context),
        tone: toneHandlers,
        leg: state.leg,
        timeoutMs: ms(state.timeoutSeconds ?? 5),
        timeout: [{ guard: canRetry, target: 'prompting', actions: [retryBecause('noInput')] }, ctx.go('noInput', state.noInput)],
      }),
    };
  },
  examples: [{ type: 'menu', prompts: ['menu'], choices: { '1': 'next', '0': 'next' }, noInput: 'next', noMatch: 'next' }],
};
