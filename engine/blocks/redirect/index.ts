import type { BlockDefinition } from '../../core/block.ts';
import { target, simplePorts, ERROR_PORT, seconds } from '../common.ts';
import type { StateConfig } from '../../core/types.ts';
import { MACHINE_ID, END_STATE } from '../../core/compile-context.ts';

export interface RedirectState extends StateConfig {
  type: 'redirect';
  targets: Array<Record<string, string>>;
  timeoutSeconds?: number;
  error?: string;
}

/** Sends an unanswered incoming call on to other participants; the flow ends with it. */
export const redirect: BlockDefinition<RedirectState> = {
  type: 'redirect',
  title: 'Redirect',
  category: 'call',
  description:
    'Redirects the incoming call before answering it (Graph redirect) to one target, or rings up to 25 at once. The flow ends when Graph hands the call over.',
  properties: {
    targets: {
      type: 'array',
      description: 'Who to ring: one participant, or several rung at the same time (first to answer takes the call).',
      minItems: 1,
      maxItems: 25,
      items: { $ref: '#/$defs/participant' },
    },
    timeoutSeconds: seconds('How long the targets ring before the redirect gives up.', 15, 90, 55),
    error: target('Graph refused the redirect request.'),
  },
  required: ['targets'],
  ends: true,
  permissions: ['Calls.Initiate.All'],
  outcomes: (state) => simplePorts(state, [ERROR_PORT]),
  compile(state, ctx) {
    return {
      entry: [ctx.effect('graph.redirect', { targets: state.targets, timeout: state.timeoutSeconds ?? 55 })],
      on: {
        // Graph drops the bot from a redirected call: that termination is the success, not a hang-up,
        // and it ends the whole flow (a final substate would leave the call record active).
        'call.terminated': {
          target: `#${MACHINE_ID}.${END_STATE}`,
          actions: [{ type: 'cf.port', params: { state: ctx.statePath, port: 'redirected', target: null } }],
        },
        'operation.failed': ctx.fail('error', { guard: ctx.isMine() }),
      },
    };
  },
  examples: [
    { type: 'redirect', targets: [{ phone: '+14255550100' }, { user: '8a1c2f4e-0000-4000-8000-000000000001', displayName: 'Front desk' }], timeoutSeconds: 30 },
  ],
};
