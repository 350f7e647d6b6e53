/**
 * The machine context every compiled flow carries, and the call-state actions all blocks share.
 * The context is plain JSON, persisted in the call's snapshot.
 */
import { assign } from 'xstate';
import type { Json } from './types.ts';

export interface FlowContext {
  vars: Record<string, Json>;
  call: Record<string, Json>;
  caller: Record<string, Json>;
  lastResult: Json;
  /** Entries per state path: makes operation ids unique and bounds loops at run time. */
  visits: Record<string, number>;
  /** Attempt counter of the current retrying block (menu, gather); reset on every state entry. */
  attempt: number;
  /**
   * Round of the hold music a waiting block plays (engine/blocks/hold-music.ts), apart from
   * `attempt`, which names the operation waited for; absent until a block plays hold music.
   */
  hold?: number;
  /** Why the current retrying block retries (`noInput`, `noMatch`, `invalid`; empty on the first attempt). */
  retry: string;
  /** Digits collected by the current gather/menu. */
  digits: string;
  /** Parent variables saved while a subflow runs. */
  stack: Array<Record<string, Json>>;
  startedAt: number;
  /** The run's other call legs by name (engine/core/legs.ts); absent in calls started before legs existed. */
  legs?: Record<string, Json>;
}

/** Records that the call leg is gone (with Graph's result codes when the event has them). */
export const markTerminated = assign({
  call: ({ context, event }: { context: FlowContext; event: Record<string, unknown> }) => ({
    ...context.call,
    terminated: true,
    resultCode: (event.code ?? null) as Json,
    resultSubcode: (event.subcode ?? null) as Json,
  }),
});

/** Guard: the call has not been marked terminated yet (a repeated or self-caused termination is ignored). */
export const callIsUp = ({ context }: { context: FlowContext }) => context.call.terminated !== true;
