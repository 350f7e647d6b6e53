import type { BlockDefinition } from '../../core/block.ts';
import { target, simplePorts, ERROR_PORT } from '../common.ts';
import type { StateConfig } from '../../core/types.ts';
import { MACHINE_ID, END_STATE } from '../../core/compile-context.ts';

export interface TransferState extends StateConfig {
  type: 'transfer';
  to: Record<string, string>;
  failed?: string;
  error?: string;
}

/** Blind transfer of the caller to a Teams user, a phone number or another bot. */
export const transfer: BlockDefinition<TransferState> = {
  type: 'transfer',
  title: 'Transfer',
  category: 'call',
  description:
    'Transfers the caller to a Teams user, a phone number or an application (Graph transfer). The flow ends when the target accepts; `failed` is taken when it declines or does not answer.',
  properties: {
    to: { $ref: '#/$defs/participant', description: 'Who to transfer to.' },
    failed: target('The target declined, was busy or did not answer; the caller is still on the line.'),
    error: target('Graph refused the transfer request.'),
  },
  required: ['to'],
  ends: true,
  permissions: ['Calls.Initiate.All'],
  outcomes: (state) => simplePorts(state, [['failed', 'The transfer target did not take the call; the caller is still here.'], ERROR_PORT]),
  compile(state, ctx) {
    return {
      entry: [ctx.effect('graph.transfer', { to: state.to })],
      initial: 'requested',
      states: {
        requested: { on: { 'transfer.accepted': 'accepted' } },
        // After acceptance Graph terminates our leg; that termination is the success, not a hang-up.
        accepted: {
          on: {
            'call.terminated': {
              target: `#${MACHINE_ID}.${END_STATE}`,
              actions: [{ type: 'cf.port', params: { state: ctx.statePath, port: 'transferred', target: null } }],
            },
          },
        },
      },
      on: {
        'transfer.failed': ctx.go('failed', state.failed, {
          actions: [ctx.setResult((event) => ({ code: (event.code ?? null) as never, subcode: (event.subcode ?? null) as never }))],
        }),
        'operation.failed': ctx.fail('error', { guard: ctx.isMine() }),
      },
    };
  },
  examples: [{ type: 'transfer', to: { phone: '+14255550100' }, failed: 'next' }],
};
