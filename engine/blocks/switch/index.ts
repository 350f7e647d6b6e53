import type { BlockDefinition, Port } from '../../core/block.ts';
import type { FlowContext } from '../../core/flow-context.ts';
import { target, expression } from '../common.ts';
import type { StateConfig } from '../../core/types.ts';
import { test } from '../../core/expressions.ts';
import { scopeOf } from '../../core/compile-context.ts';

export interface SwitchState extends StateConfig {
  type: 'switch';
  cases: Array<{ name?: string; when: string; next: string }>;
  default?: string;
}

export function casePortName(item: { name?: string }, index: number): string {
  return item.name ?? `case${index + 1}`;
}

/** Goes to the first case whose condition holds, else to `default`. */
export const switchBlock: BlockDefinition<SwitchState> = {
  type: 'switch',
  instant: true,
  title: 'Switch',
  category: 'logic',
  description: 'Evaluates conditions (CEL) in order and goes to the first that is true; `default` when none is.',
  properties: {
    cases: {
      type: 'array',
      description: 'Conditions tried in order.',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        description: 'One condition and where it leads.',
        additionalProperties: false,
        required: ['when', 'next'],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,31}$', description: 'Port name shown on the canvas (default case1, case2, …).' },
          when: expression('CEL condition, e.g. "vars.tier == \'gold\'".'),
          next: target('Where to go when the condition is true.'),
        },
      },
    },
    default: target('Where to go when no condition is true.'),
  },
  required: ['cases', 'default'],
  outcomes(state) {
    const ports: Port[] = (state.cases ?? []).map((item, index) => ({
      name: casePortName(item, index),
      path: ['cases', String(index), 'next'],
      description: `\`${item.when}\` is true.`,
      required: true,
    }));
    ports.push({ name: 'default', path: ['default'], description: 'No condition is true.', required: true });
    return ports;
  },
  compile(state, ctx) {
    return {
      always: [
        ...state.cases.map((item, index) =>
          ctx.go(casePortName(item, index), item.next, {
            guard: ({ context }: { context: FlowContext }) => test(item.when, scopeOf(context)),
          }),
        ),
        ctx.go('default', state.default),
      ],
    };
  },
  examples: [{ type: 'switch', cases: [{ when: 'vars.attempts > 2', next: 'next' }], default: 'other' }],
};
