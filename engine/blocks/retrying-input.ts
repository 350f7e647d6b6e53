/**
 * What menu and gather share: play a prompt, then wait for keys, retrying with escalating
 * reprompts. Each retry's reprompt depends on why the caller is asked again (silence, a wrong key,
 * invalid digits) and on how many times they have been asked.
 */
import { assign } from 'xstate';
import type { BlockCompileContext, StateNodeConfig } from '../core/block.ts';
import type { FlowContext } from '../core/flow-context.ts';
import { legEnded, legParam, onLegOnly, toneEventOf } from '../core/legs.ts';

/**
 * The prompts for the current attempt: the plain prompt first, then the reprompt for the reason
 * and attempt (escalating through the list, the last repeating) followed by the prompt again.
 */
export function escalatingPrompts(prompts: string[], reprompts: Record<string, string[] | undefined>, context: FlowContext): string[] {
  if (context.attempt === 0) return prompts;
  const list = reprompts[context.retry];
  if (!list?.length) return prompts;
  return [list[Math.min(context.attempt, list.length) - 1], ...prompts];
}

/** Action counting one more attempt and remembering why (plus any fields the block resets). */
export function retryBecause(reason: string, reset: Partial<FlowContext> = {}) {
  return assign({ attempt: ({ context }: { context: FlowContext }) => context.attempt + 1, retry: reason, ...reset });
}

/** Guard: another attempt is allowed. */
export function attemptsLeft(maxAttempts: number) {
  return ({ context }: { context: FlowContext }) => context.attempt + 1 < maxAttempts;
}

export interface PromptThenWait {
  prompts: (context: FlowContext) => string[];
  /** Transitions for a key; `playing` tells whether the prompt is still running (to cancel it). */
  tone: (playing: boolean) => unknown[];
  /** How long to wait for the first key after the prompt finished, in ms. */
  timeoutMs: number;
  /** Transitions when that wait runs out. */
  timeout: unknown[];
  /** The call leg prompted and listened to instead of the main call (engine/core/legs.ts). */
  leg?: string;
}

/** The `on` entries for keys pressed on the block's call (the main call, or its leg), plus the leg's end. */
export function keysOn(ctx: BlockCompileContext, leg: string | undefined, handlers: unknown[]): Record<string, unknown> {
  return {
    [toneEventOf(leg)]: onLegOnly(leg, handlers as Array<{ guard?: unknown }>),
    ...(leg ? { 'leg.terminated': legEnded(ctx, leg) } : {}),
  };
}

/**
 * The `prompting` and `waiting` substates: the wait starts only when the prompt has finished, and a
 * key during the prompt is handled at once (barge-in).
 */
export function promptThenWait(ctx: BlockCompileContext, options: PromptThenWait): Record<string, StateNodeConfig> {
  return {
    prompting: {
      entry: [ctx.playPrompts(options.prompts, legParam(options.leg))],
      on: {
        'operation.completed': { guard: ctx.isMine(), target: 'waiting' },
        'operation.failed': ctx.fail('error', { guard: ctx.isMine() }),
        ...keysOn(ctx, options.leg, options.tone(true)),
      },
    },
    waiting: {
      on: keysOn(ctx, options.leg, options.tone(false)),
      after: { [options.timeoutMs]: options.timeout },
    },
  };
}
