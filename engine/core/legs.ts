/**
 * Call legs: the other calls of one flow run besides its main call (the call it answered, dialled
 * or joined first). A dial or joinMeeting with `leg: "<name>"` places one; blocks that act on a
 * call (play, gather, invite, hangup, …) take the same `leg` to act on it instead of the main call.
 *
 * The session layer routes a leg's Graph notifications to the run and hands them to the flow as
 * their own events, tagged with the leg's name, so nothing waiting on the main call mistakes them
 * for its own: `leg.established {leg, graphId}`, `leg.terminated {leg, code, subcode}` and
 * `leg.tone {leg, digit}` (operation completions carry the operation's own id, as on the main call).
 * The flow reads `legs.<name>.graphId` and `legs.<name>.state` (`connecting`, `up`, `gone`).
 */
import { assign } from 'xstate';
import type { BlockCompileContext } from './block.ts';
import type { FlowContext } from './flow-context.ts';
import type { Json } from './types.ts';

/** What the flow knows of one leg. */
export interface LegInfo {
  state: 'connecting' | 'up' | 'gone';
  graphId?: string;
  resultCode?: number | null;
  resultSubcode?: number | null;
}

/** A leg name as flows write it: an identifier, so that `legs.<name>` reads it in an expression. */
export const LEG_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';

type Args = { context: FlowContext; event: Record<string, unknown> };

const legsOf = (context: FlowContext): Record<string, Json> => (context.legs ?? {}) as Record<string, Json>;

/** Sets what the flow knows of leg `name` (or of the event's leg when `name` is omitted). */
function updateLeg(change: (event: Record<string, unknown>, before: LegInfo | undefined) => LegInfo, name?: string) {
  return assign({
    legs: ({ context, event }: Args) => {
      const leg = name ?? String(event.leg ?? '');
      const before = legsOf(context)[leg] as unknown as LegInfo | undefined;
      return { ...legsOf(context), [leg]: change(event, before) as unknown as Json };
    },
  });
}

/** Leg `name` is being placed: a new leg replaces an earlier one of the same name. */
export const legConnecting = (name: string) => updateLeg(() => ({ state: 'connecting' }), name);

/** The event's leg answered: `leg.established` carries Graph's id of the call. */
export const legUp = updateLeg((event, before) => ({
  ...before,
  state: 'up',
  ...(typeof event.graphId === 'string' ? { graphId: event.graphId } : {}),
}));

/** The event's leg ended (or the bot hung it up): with Graph's result codes when the event has them. */
export const legGone = updateLeg((event, before) => ({
  ...before,
  state: 'gone',
  resultCode: typeof event.code === 'number' ? event.code : null,
  resultSubcode: typeof event.subcode === 'number' ? event.subcode : null,
}));

/** Leg `name` is hung up by the flow itself: gone from the flow's view at once. */
export const legHungUp = (name: string) => updateLeg((_event, before) => ({ ...before, state: 'gone' }), name);

/** Guard: the event is about leg `name`. */
export const isLeg =
  (name: string) =>
  ({ event }: { event: Record<string, unknown> }) =>
    event.leg === name;

/** Records Graph's id of the main call, which `call.established` carries once the session knows it. */
export const noteCallGraphId = assign({
  call: ({ context, event }: Args) => (typeof event.graphId === 'string' ? { ...context.call, graphId: event.graphId } : context.call),
});

/** The `leg` parameter of a call effect: present only when the state names a leg. */
export const legParam = (leg: string | undefined): { leg?: string } => (leg ? { leg } : {});

/** The event a key pressed on the call arrives as: `tone` on the main call, `leg.tone` on a leg. */
export const toneEventOf = (leg: string | undefined): string => (leg ? 'leg.tone' : 'tone');

/**
 * Transitions of the main call's handlers made to listen on leg `leg` instead: each also requires
 * the event to be about that leg. Without a leg they are returned as they are.
 */
export function onLegOnly<T extends { guard?: unknown }>(leg: string | undefined, transitions: T[]): T[] {
  if (!leg) return transitions;
  return transitions.map((transition) => {
    const own = transition.guard as ((args: Args) => boolean) | undefined;
    return { ...transition, guard: (args: Args) => args.event.leg === leg && (own ? own(args) : true) };
  });
}

/** The schema of the `leg` option of blocks that act on a call. */
export function legProperty(description: string) {
  return { type: 'string', pattern: LEG_NAME_PATTERN, description };
}

/** The transition of a block acting on leg `leg` when that leg ends meanwhile: its error port, with Graph's codes in lastResult. */
export function legEnded(ctx: BlockCompileContext, leg: string) {
  return ctx.fail('error', {
    guard: isLeg(leg),
    actions: [
      legGone,
      ctx.setResult((event) => ({ error: `the call leg '${leg}' has ended`, code: (event.code ?? null) as Json, subcode: (event.subcode ?? null) as Json })),
    ],
  });
}
