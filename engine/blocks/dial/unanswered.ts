/**
 * How a dial of the flow's main call ends before it is answered — the same for one party and for a
 * group call: Graph refuses the request (error), the call ends first (failed, else the flow-wide
 * hang-up handler), or the ring timer runs out (noAnswer).
 */
import type { BlockCompileContext } from '../../core/block.ts';
import { markTerminated } from '../../core/flow-context.ts';
import type { Json } from '../../core/types.ts';
import { ms } from '../common.ts';
import { terminationResult } from '../joinMeeting/index.ts';
import type { DialState } from './index.ts';

export function unansweredExits(state: DialState, ctx: BlockCompileContext): { on: Record<string, unknown>; after: Record<number, unknown> } {
  const on: Record<string, unknown> = {
    'operation.failed': ctx.fail('error', { guard: ctx.isMine(), actions: [ctx.setResult((event) => (event.result ?? null) as Json)] }),
  };
  // Without a `failed` port the flow-wide `call.terminated` handler is the right place to go.
  if (state.failed) on['call.terminated'] = ctx.go('failed', state.failed, { actions: [markTerminated, ctx.setResult(terminationResult)] });
  // An unconnected noAnswer ends in the built-in hang-up state, which sends the hang-up itself.
  // A connected one hangs up here and marks the call gone, so the termination that our own hang-up
  // causes is not mistaken for the callee hanging up later in the flow.
  const giveUp = state.noAnswer ? [ctx.effect('graph.hangup'), markTerminated] : [];
  return {
    on,
    after: {
      [ms(state.ringTimeoutSeconds ?? 60)]: ctx.go('noAnswer', state.noAnswer, { actions: [...giveUp, ctx.setResult(() => ({ reason: 'noAnswer' }))] }),
    },
  };
}
