import { assign } from 'xstate';
import type { BlockDefinition } from '../../core/block.ts';
import type { FlowContext } from '../../core/flow-context.ts';
import { target, simplePorts } from '../common.ts';
import type { Json, StateConfig } from '../../core/types.ts';
import { evaluate } from '../../core/expressions.ts';
import { writeVariable } from '../../core/variables.ts';
import { scopeOf } from '../../core/compile-context.ts';

export interface SetState extends StateConfig {
  type: 'set';
  values: Record<string, string>;
  next?: string;
}

/** Assigns variables from CEL expressions, in the order written. */
export const set: BlockDefinition<SetState> = {
  type: 'set',
  instant: true,
  title: 'Set variables',
  category: 'logic',
  description: 'Sets flow variables from expressions (CEL), one after the other, then continues.',
  properties: {
    values: {
      type: 'object',
      description: 'Variable name → CEL expression, e.g. "vars.attempts + 1" or "\'sales\'". Later entries see earlier ones.',
      minProperties: 1,
      propertyNames: { $ref: '#/$defs/variableName' },
      additionalProperties: { $ref: '#/$defs/expression' },
    },
    next: target('Where to go next.'),
  },
  required: ['values', 'next'],
  outcomes: (state) => simplePorts(state, [['next', 'Always, after the variables are set.', true]]),
  compile(state, ctx) {
    const apply = assign({
      vars: ({ context }: { context: FlowContext }) => {
        const vars: Record<string, Json> = { ...context.vars };
        for (const [name, source] of Object.entries(state.values)) writeVariable(vars, name, evaluate(source, { ...scopeOf(context), vars }));
        return vars;
      },
    });
    // Eventless: a `set` state is passed through in the same step that entered it.
    return { entry: [apply], always: ctx.go('next', state.next) };
  },
  examples: [{ type: 'set', values: { attempts: 'vars.attempts + 1' }, next: 'next' }],
};
