/**
 * The transfer block: blind transfer of the caller, or — with `consult` — a consultative transfer,
 * where the bot first calls the target itself and hands the caller over only once the target has
 * answered, replacing that consult call (Graph call: transfer with `replacesCallId`). Consulting is
 * an option of this block rather than a block of its own because for whoever reads the flow it is
 * the same step with the same outcomes — the caller is transferred, or stays and the flow goes on
 * at `failed` — only surer that someone is there to take the call.
 */
import type { BlockDefinition } from '../../core/block.ts';
import { target, simplePorts, ERROR_PORT, seconds, ms } from '../common.ts';
import { assign } from 'xstate';
import type { FlowContext } from '../../core/flow-context.ts';
import type { StateConfig } from '../../core/types.ts';
import { MACHINE_ID, END_STATE } from '../../core/compile-context.ts';

export interface TransferState extends StateConfig {
  type: 'transfer';
  to: Record<string, string>;
  consult?: boolean;
  ringTimeoutSeconds?: number;
  failed?: string;
  error?: string;
}

/** Transfer of the caller to a Teams user, a phone number, another bot or a call queue / auto attendant. */
export const transfer: BlockDefinition<TransferState> = {
  type: 'transfer',
  title: 'Transfer',
  category: 'call',
  description:
    'Transfers the caller to a Teams user, a phone number, an application or an application instance (a call queue or auto attendant) (Graph transfer). With `consult`, the bot calls the target first and transfers only once it answers. The flow ends when the target accepts; `failed` is taken when it declines or does not answer.',
  properties: {
    to: { $ref: '#/$defs/participant', description: 'Who to transfer to.' },
    consult: {
      type: 'boolean',
      description:
        'Consultative transfer: the bot first calls the target and transfers the caller only once the target answers, replacing that call; the caller waits on the line meanwhile.',
    },
    // As dial's: Graph rings a call the bot places for at most 115 s.
    ringTimeoutSeconds: seconds('With consult: how long the consult call may ring before the bot gives up and leaves through failed.', 15, 115, 60),
    failed: target('The target declined, was busy or did not answer; the caller is still on the line.'),
    error: target('Graph refused the transfer (or consult call) request.'),
  },
  required: ['to'],
  rules: { dependentRequired: { ringTimeoutSeconds: ['consult'] } },
  ends: true,
  permissions: ['Calls.Initiate.All'],
  outcomes: (state) => simplePorts(state, [['failed', 'The transfer target did not take the call; the caller is still here.'], ERROR_PORT]),
  compile(state, ctx) {
    const failedWith = (pick: (event: Record<string, unknown>) => Record<string, unknown>, extra: unknown[] = []) =>
      ctx.go('failed', state.failed, { actions: [...extra, ctx.setResult((event) => pick(event) as never)] });
    const codes = (event: Record<string, unknown>) => ({ code: event.code ?? null, subcode: event.subcode ?? null });
    // The consult call is hung up whenever the transfer that would replace it does not happen.
    const endConsult = state.consult ? [ctx.effect('graph.endConsult')] : [];
    // Until the transfer replaces the consult call, the flow-wide hang-up also ends it (core/compile.ts).
    const marking = (consulting: boolean) => assign({ call: ({ context }: { context: FlowContext }) => ({ ...context.call, consulting }) });
    const consulting = {
      on: {
        'consult.established': { target: 'requested', actions: [ctx.effect('graph.transfer', { to: state.to, consult: true })] },
        'consult.terminated': failedWith(codes),
      },
      after: { [ms(state.ringTimeoutSeconds ?? 60)]: failedWith(() => ({ reason: 'noAnswer' }), endConsult) },
    };
    return {
      entry: state.consult ? [marking(true), ctx.effect('graph.consultCall', { to: state.to })] : [ctx.effect('graph.transfer', { to: state.to })],
      ...(state.consult ? { exit: [marking(false)] } : {}),
      initial: state.consult ? 'consulting' : 'requested',
      states: {
        ...(state.consult ? { consulting } : {}),
        requested: { on: { 'transfer.accepted': 'accepted' } },
        // After acceptance Graph terminates our leg; that termination is the success, not a hang-up.
        accepted: {
          ...(state.consult ? { entry: [marking(false)] } : {}),
          on: {
            'call.terminated': {
              target: `#${MACHINE_ID}.${END_STATE}`,
              actions: [{ type: 'cf.port', params: { state: ctx.statePath, port: 'transferred', target: null } }],
            },
          },
        },
      },
      on: {
        'transfer.failed': failedWith(codes, endConsult),
        'operation.failed': ctx.fail('error', { guard: ctx.isMine(), actions: endConsult }),
      },
    };
  },
  examples: [
    { type: 'transfer', to: { phone: '+14255550100' }, failed: 'next' },
    { type: 'transfer', to: { applicationInstance: '2b7e5d3c-9a41-4f6e-8c0d-1e3f5a7b9c2d', displayName: 'Sales queue' }, failed: 'next' },
    { type: 'transfer', to: { user: '5f3c7a1e-8b2d-4c6f-9e0a-7d4b1c2e3f50' }, consult: true, ringTimeoutSeconds: 30, failed: 'next' },
  ],
};
