/**
 * Hold music: prompts played in rounds, one Graph playPrompt per round, the next round started by
 * Graph's completion of the one before. playLoop is nothing else; waitFor and http play it while
 * they wait (their `holdMusic` option), so a caller never waits in silence.
 *
 * Every round has its own operation id, so a late or repeated completion of an earlier round (one
 * cancelled, say) never starts an extra round. playLoop counts its rounds in the context's
 * `attempt`, as it always has; a waiting block cannot, because `attempt` is part of the operation
 * id of what it waits for (the http request), so its rounds are counted in `hold` and named
 * `<operation id>.hold<round>`.
 */
import { assign } from 'xstate';
import type { BlockCompileContext, JsonSchema, StateNodeConfig, TransitionConfig } from '../core/block.ts';
import { operationId } from '../core/compile-context.ts';
import type { FlowContext } from '../core/flow-context.ts';
import { promptList } from './common.ts';

/** The `holdMusic` option of a waiting block. */
export interface HoldMusic {
  prompts: string[];
}

const STOPS = 'it stops as soon as the wait is over. A prompt that cannot be played leaves the caller waiting in silence';

export function holdMusicOption(waitingFor: string): JsonSchema {
  return {
    type: 'object',
    description: `Music or a message played over and over while ${waitingFor}; ${STOPS}.`,
    properties: { prompts: promptList('Prompt keys played in order, then again from the first, 1–20.') },
    required: ['prompts'],
    additionalProperties: false,
  };
}

type Args = { context: FlowContext; event: { clientContext?: unknown } };
type Action = { type: string; params: (args: { context: FlowContext }) => Record<string, unknown> };

interface RoundsOptions {
  /** Where rounds are counted: playLoop's `attempt`, or `hold` for a block whose own operation uses `attempt`. */
  counter: 'attempt' | 'hold';
  /** What a round Graph could not play does (playLoop: its error port); default: the wait goes on in silence. */
  failed?: (mine: unknown) => TransitionConfig;
}

export interface Rounds {
  /** Child states of the playing state: `playing` (one round) and `silent` (music failed). */
  states: Record<string, StateNodeConfig>;
  /** Entry action of the state that holds the rounds, so its first round is round 0 (playLoop needs none: every entry resets `attempt`). */
  reset: unknown;
  /** Action stopping the round playing (cancelMediaProcessing under its operation id), for every transition that leaves. */
  stop: unknown;
}

export function musicRounds(ctx: BlockCompileContext, prompts: string[], options: RoundsOptions): Rounds {
  const { counter } = options;
  const roundOf = (context: FlowContext) => (counter === 'attempt' ? context.attempt : (context.hold ?? 0));
  const roundId = (context: FlowContext) =>
    counter === 'attempt' ? operationId(ctx.statePath, context) : `${operationId(ctx.statePath, context)}.hold${roundOf(context)}`;
  const named = (action: unknown): Action => {
    const { type, params } = action as Action;
    return { type, params: (args) => ({ ...params(args), clientContext: roundId(args.context) }) };
  };
  const mine = ({ context, event }: Args) => event.clientContext === roundId(context);
  const nextRound = assign({ [counter]: ({ context }: { context: FlowContext }) => roundOf(context) + 1 });
  return {
    states: {
      playing: {
        entry: [named(ctx.playPrompts(prompts))],
        on: {
          // The round finished: the next one starts with a fresh operation id.
          'operation.completed': { guard: mine, target: 'playing', reenter: true, actions: [nextRound] },
          // Graph could not play it (file unreachable, refused after retries): the event in the trace carries Graph's reason.
          'operation.failed': options.failed ? options.failed(mine) : { guard: mine, target: 'silent' },
        },
      },
      ...(options.failed ? {} : { silent: {} }),
    },
    reset: counter === 'attempt' ? assign({ attempt: 0 }) : assign({ hold: 0 }),
    stop: named(ctx.effect('graph.cancelMediaProcessing')),
  };
}

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A transition that leaves the state (it has a target) stops the music first; one that stays (a roster update) lets it play on. */
function stopping(transitions: unknown, stop: unknown): unknown[] {
  return list(transitions).map((transition) => {
    const config = transition as TransitionConfig;
    if (config.target === undefined) return config;
    // After the port taken, as playLoop's exits do: the trace reads "left through next, stopped the music".
    const actions = config.actions ?? [];
    const ports = (actions[0] as { type?: unknown } | undefined)?.type === 'cf.port' ? 1 : 0;
    return { ...config, actions: [...actions.slice(0, ports), stop, ...actions.slice(ports)] };
  });
}

/**
 * A waiting block's state with hold music: the same waits and exits, the music playing meanwhile.
 * Its `on` and `after` transitions that leave stop the round playing first; its `always` (what is
 * already true on entry is not waited for) is checked before the first round, so nothing starts
 * only to be cancelled. Flow-wide keys and the caller hanging up are the root's and stop the
 * media their own way.
 */
export function withHoldMusic(node: StateNodeConfig, music: HoldMusic | undefined, ctx: BlockCompileContext): StateNodeConfig {
  if (!music) return node;
  const { states, reset, stop } = musicRounds(ctx, music.prompts, { counter: 'hold' });
  const { always, on = {}, after = {}, entry, ...rest } = node;
  const map = (transitions: Record<string, unknown>) => Object.fromEntries(Object.entries(transitions).map(([key, value]) => [key, stopping(value, stop)]));
  return {
    ...rest,
    entry: [...list(entry), reset],
    initial: always === undefined ? 'playing' : 'start',
    states: { ...(always === undefined ? {} : { start: { always: [...list(always), { target: 'playing' }] } }), ...states },
    on: map(on as Record<string, unknown>),
    after: map(after as Record<string, unknown>),
  };
}
