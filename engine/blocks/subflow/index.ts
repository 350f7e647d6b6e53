import { CompileError } from '../../core/compile-error.ts';
import { assign } from 'xstate';
import type { BlockDefinition, StateNodeConfig } from '../../core/block.ts';
import type { FlowContext } from '../../core/flow-context.ts';
import { target, simplePorts } from '../common.ts';
import type { FlowDocument, Json, StateConfig } from '../../core/types.ts';
import { evaluate } from '../../core/expressions.ts';
import { readVariable, writeVariable } from '../../core/variables.ts';
import { scopeOf, MACHINE_ID, END_STATE } from '../../core/compile-context.ts';

export interface SubflowState extends StateConfig {
  type: 'subflow';
  flow: string;
  inputs?: Record<string, string>;
  outputs?: Record<string, string>;
  next?: string;
  error?: string;
}

const VARIABLE_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';

/** Marks the child's `end` states: reaching one returns to the parent; any other final ends the call. */
const RETURNED = { returned: true };

/** A flow's variables at their declared defaults (as a call starts with them). */
function defaultsOf(flow: FlowDocument): Record<string, Json> {
  return Object.fromEntries(Object.entries(flow.variables ?? {}).map(([name, declaration]) => [name, declaration.default ?? null]));
}

/**
 * Validation sees one flow at a time (it checks the output names of this one); the called flow's
 * variables are known only here, once it is resolved.
 */
function checkChildNames(state: SubflowState, stateId: string, child: FlowDocument): void {
  const theirs = Object.keys(child.variables ?? {});
  const problem = (what: string) => new CompileError(`subflow state '${stateId}' (flow '${child.id}'): ${what}`);
  for (const name of Object.keys(state.inputs ?? {})) {
    if (!theirs.includes(name)) throw problem(`input '${name}' is not a variable of flow '${child.id}'`);
  }
  for (const [mine, source] of Object.entries(state.outputs ?? {})) {
    if (!theirs.includes(source)) throw problem(`output '${mine}' reads '${source}', which is not a variable of flow '${child.id}'`);
  }
}

/** Runs another flow inline, with its own variables, and returns to `next` when it ends. */
export const subflow: BlockDefinition<SubflowState> = {
  type: 'subflow',
  title: 'Subflow',
  category: 'logic',
  description:
    'Runs another flow on the same call with its own variables, set from inputs; when that flow reaches an end state, chosen variables are copied back and the call continues at next.',
  properties: {
    flow: {
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
      description: 'Id of the flow to run (flows/<id>.flow.json); it is deployed with this flow and pinned with it.',
    },
    inputs: {
      type: 'object',
      description: 'Variable of the called flow → CEL expression evaluated here, before it starts. Its other variables start at their defaults.',
      maxProperties: 50,
      // Names of the called flow's variables, not of this flow's: no `variableName` reference.
      propertyNames: { pattern: VARIABLE_PATTERN },
      additionalProperties: { $ref: '#/$defs/expression' },
    },
    outputs: {
      type: 'object',
      description: 'Variable of this flow → variable of the called flow whose final value it receives when the called flow returns.',
      maxProperties: 50,
      propertyNames: { $ref: '#/$defs/variableName' },
      additionalProperties: { type: 'string', pattern: VARIABLE_PATTERN, description: 'A variable of the called flow.' },
    },
    next: target('Where to go when the called flow reaches an end state.'),
    error: target('The called flow broke a limit or hit an expression error (lastResult.error).'),
  },
  required: ['flow', 'next'],
  outcomes: (state) =>
    simplePorts(state, [
      ['next', 'The called flow returned.', true],
      ['error', 'The called flow failed. Unconnected: the flow-wide error handler runs.'],
    ]),
  compile(state, ctx) {
    const child = ctx.compileSubflow(state.flow);
    checkChildNames(state, ctx.stateId, child.flow);
    const defaults = defaultsOf(child.flow);
    const doneEvent = `xstate.done.state.${ctx.ref(ctx.stateId).slice(1)}`;
    type Args = { context: FlowContext; event: { type: string; output?: unknown } };
    const returned = (event: Args['event']) => event.type === doneEvent && (event.output as typeof RETURNED | undefined)?.returned === true;

    const enter = assign({
      stack: ({ context }: Args) => [...context.stack, context.vars],
      vars: ({ context }: Args) => {
        const vars: Record<string, Json> = { ...defaults };
        for (const [name, source] of Object.entries(state.inputs ?? {})) writeVariable(vars, name, evaluate(source, scopeOf(context)));
        return vars;
      },
    });
    // On exit rather than in onDone, so every way out (return, error, caller hang-up, the flow-wide
    // handlers) gives the parent its variables back; outputs are copied only on a return.
    const leave = assign(({ context, event }: Args) => {
      const vars: Record<string, Json> = { ...(context.stack.at(-1) ?? {}) };
      if (returned(event))
        for (const [mine, theirs] of Object.entries(state.outputs ?? {})) writeVariable(vars, mine, readVariable(context.vars, theirs) ?? null);
      return { vars, stack: context.stack.slice(0, -1) };
    });

    const states: Record<string, StateNodeConfig> = {};
    for (const [id, node] of Object.entries(child.states)) states[id] = child.flow.states[id]?.type === 'end' ? { ...node, output: RETURNED } : node;

    return {
      entry: [enter],
      exit: [leave],
      initial: child.initial,
      states,
      onDone: [
        ctx.go('next', state.next, { guard: ({ event }: Args) => returned(event) }),
        // A child that hung up (or ended the call some other way) ends the whole flow.
        { target: `#${MACHINE_ID}.${END_STATE}` },
      ],
      on: {
        // The stepper turns a failed step into engine.error; inside the child it belongs to this state's error port.
        'engine.error': ctx.fail('error', { actions: [ctx.setResult((event) => ({ error: String(event.reason ?? 'error') }))] }),
      },
    };
  },
  examples: [
    { type: 'subflow', flow: 'collect-pin', inputs: { maxAttempts: '3', callerNumber: 'caller.phone' }, outputs: { pin: 'pin' }, next: 'next', error: 'other' },
  ],
};
