import { assign } from 'xstate';
import { CompileError } from '../../core/compile-error.ts';
import type { BlockDefinition, TransitionConfig } from '../../core/block.ts';
import type { FlowContext } from '../../core/flow-context.ts';
import { target, simplePorts, ERROR_PORT, promptList, seconds, expression, ms } from '../common.ts';
import type { StateConfig } from '../../core/types.ts';
import { test } from '../../core/expressions.ts';
import { scopeOf } from '../../core/compile-context.ts';
import { escalatingPrompts, retryBecause, attemptsLeft, promptThenWait, keysOn } from '../retrying-input.ts';
import { legParam, legProperty, toneEventOf } from '../../core/legs.ts';

export interface GatherState extends StateConfig {
  type: 'gather';
  prompts: string[];
  minDigits?: number;
  maxDigits?: number;
  finishOnKey?: '#' | '*' | '';
  firstDigitTimeoutSeconds?: number;
  interDigitTimeoutSeconds?: number;
  maxAttempts?: number;
  variable?: string;
  validIf?: string;
  noInputPrompts?: string[];
  leg?: string;
  invalidPrompts?: string[];
  next?: string;
  noInput?: string;
  invalid?: string;
  error?: string;
}

type Args = { context: FlowContext; event: { type: string; digit?: unknown } };

/** Like the menu's: retry n plays the n-th reprompt (the last one repeats), then the prompt again. */
export function gatherPromptsFor(state: GatherState, context: FlowContext): string[] {
  return escalatingPrompts(state.prompts, { noInput: state.noInputPrompts, invalid: state.invalidPrompts }, context);
}

/** Collects several keys (an account number, a PIN), with timeouts, validation and retries. */
export const gather: BlockDefinition<GatherState> = {
  type: 'gather',
  // Keys arrive through the tone subscription, which needs media access.
  permissions: ['Calls.AccessMedia.All'],
  title: 'Gather digits',
  category: 'input',
  // Keys pressed here are the block's: flow-wide keys (on.key) wait until it is done.
  ownsKeys: true,
  description:
    'Plays a prompt and collects several keys, ended by a finish key, the maximum length or a pause. Silence or invalid input replays the prompt with an escalating reprompt, up to maxAttempts times.',
  properties: {
    prompts: promptList('The prompt(s) asking for input, e.g. "Enter your account number, then press pound".', 19),
    minDigits: { type: 'integer', minimum: 1, maximum: 32, default: 1, description: 'Fewest keys that make a valid input.' },
    maxDigits: {
      type: 'integer',
      minimum: 1,
      maximum: 32,
      default: 32,
      description: 'Input ends by itself at this many keys; set it equal to minDigits for a fixed length. Not less than minDigits.',
    },
    finishOnKey: { enum: ['#', '*', ''], default: '#', description: 'Key that ends the input and is not part of it; "" for none.' },
    firstDigitTimeoutSeconds: seconds('How long to wait for the first key once the prompt has finished.', 1, 60, 5),
    interDigitTimeoutSeconds: seconds('A pause this long after a key ends the input.', 1, 30, 3),
    maxAttempts: {
      type: 'integer',
      minimum: 1,
      maximum: 10,
      default: 3,
      description: 'How many times the prompt is offered in all before leaving through noInput or invalid.',
    },
    variable: { $ref: '#/$defs/variableName', description: 'Variable that receives the valid digits, as a string.' },
    validIf: expression('Extra CEL condition the input must meet; lastResult.digits holds it, e.g. "int(lastResult.digits) <= 500".'),
    leg: legProperty(
      'Prompts and listens for keys on this call leg (placed by a dial or joinMeeting with the same `leg`) instead of the main call; the leg ending takes the error port.',
    ),
    noInputPrompts: promptList('Reprompts after silence, one per retry, escalating (the last one repeats).', 5),
    invalidPrompts: promptList('Reprompts after invalid input, escalating (the last one repeats).', 5),
    next: target('Where to go with valid digits (in lastResult.digits).'),
    noInput: target('No key was pressed on the last attempt.'),
    invalid: target('The input was too short or failed validIf on the last attempt.'),
    error: target('The prompt could not be played.'),
  },
  required: ['prompts', 'next'],
  outcomes: (state) =>
    simplePorts(state, [
      ['next', 'Valid digits were entered.', true],
      ['noInput', 'Silence on every attempt.'],
      ['invalid', 'Invalid input until the attempts ran out.'],
      ERROR_PORT,
    ]),
  // The schema cannot compare two properties, so the one rule across them is checked here.
  check(state) {
    const minDigits = state.minDigits ?? 1;
    const maxDigits = state.maxDigits ?? 32;
    return maxDigits < minDigits
      ? [
          {
            path: ['maxDigits'],
            code: 'ref.digit-range',
            message: `maxDigits (${maxDigits}) is less than minDigits (${minDigits}) — raise maxDigits or lower minDigits`,
          },
        ]
      : [];
  },
  compile(state, ctx) {
    const minDigits = state.minDigits ?? 1;
    const maxDigits = state.maxDigits ?? 32;
    if (maxDigits < minDigits) throw new CompileError(`state '${ctx.stateId}': maxDigits (${maxDigits}) is less than minDigits (${minDigits})`);
    const finishKey = state.finishOnKey ?? '#';
    const maxAttempts = state.maxAttempts ?? 3;

    const toneEvent = toneEventOf(state.leg);
    const isFinish = ({ event }: Args) => event.type === toneEvent && finishKey !== '' && String(event.digit) === finishKey;
    /** The digits with this event's key added; a finish key or a timer adds nothing. */
    const entered = (args: Args) => (args.event.type === toneEvent && !isFinish(args) ? args.context.digits + String(args.event.digit) : args.context.digits);
    const complete = (args: Args) => isFinish(args) || entered(args).length >= maxDigits;
    const valid = (args: Args) => {
      const digits = entered(args);
      if (digits.length < minDigits) return false;
      return !state.validIf || test(state.validIf, { ...scopeOf(args.context), lastResult: { digits } });
    };
    const canRetry = attemptsLeft(maxAttempts);
    const retry = (reason: 'noInput' | 'invalid') => retryBecause(reason, { digits: '' });
    // Order matters: `take` stores the digits that the result and the variable then read.
    const take = assign({ digits: (args: Args) => entered(args) });
    const result = ctx.setResult((_event, context) => ({ digits: context.digits }));
    const keep = state.variable ? [assign({ vars: ({ context }: Args) => ({ ...context.vars, [state.variable as string]: context.digits }) })] : [];
    const cancel = ctx.effect('graph.cancelMediaProcessing', legParam(state.leg));

    /** The input is over when `over` holds: valid → next, else retry or leave through invalid. */
    const ending = (over: (args: Args) => boolean, stop: unknown[]): TransitionConfig[] => [
      ctx.go('next', state.next, { guard: (args: Args) => over(args) && valid(args), actions: [...stop, take, result, ...keep] }),
      { guard: (args: Args) => over(args) && canRetry(args), target: 'prompting', reenter: true, actions: [...stop, retry('invalid')] },
      ctx.go('invalid', state.invalid, { guard: over, actions: [...stop, take, result] }),
    ];
    // A key during the prompt stops it (barge-in) and counts as the first digit.
    const toneHandlers = (playing: boolean): TransitionConfig[] => {
      const stop = playing ? [cancel] : [];
      return [...ending(complete, stop), { target: 'entering', reenter: true, actions: [...stop, take] }];
    };

    return {
      entry: [assign({ digits: '' })],
      initial: 'prompting',
      states: {
        ...promptThenWait(ctx, {
          prompts: (context) => gatherPromptsFor(state, context),
          tone: toneHandlers,
          leg: state.leg,
          timeoutMs: ms(state.firstDigitTimeoutSeconds ?? 5),
          timeout: [
            { guard: canRetry, target: 'prompting', actions: [retry('noInput')] },
            ctx.go('noInput', state.noInput, { actions: [ctx.setResult(() => ({ digits: '' }))] }),
          ],
        }),
        entering: {
          on: keysOn(ctx, state.leg, toneHandlers(false)),
          after: { [ms(state.interDigitTimeoutSeconds ?? 3)]: ending(() => true, []) },
        },
      },
    };
  },
  examples: [
    {
      type: 'gather',
      prompts: ['pin'],
      minDigits: 4,
      maxDigits: 4,
      noInputPrompts: ['noinput'],
      invalidPrompts: ['sorry'],
      next: 'next',
      noInput: 'other',
      invalid: 'other',
    },
    { type: 'gather', prompts: ['menu'], minDigits: 3, maxDigits: 10, finishOnKey: '#', validIf: "lastResult.digits != '000'", next: 'next' },
    { type: 'gather', prompts: ['menu'], leg: 'responder', maxDigits: 1, finishOnKey: '', next: 'next', noInput: 'other' },
  ],
};
