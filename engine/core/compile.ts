/**
 * flow → XState machine. Pure: the same flow text always gives the same machine, so machines are
 * cached by (flowId, version), where the version hashes the flow and every subflow it inlines.
 * Every block becomes one state built by its definition; the compiler adds what all blocks share:
 * the visit counter, the caller-hung-up and engine-error handlers, and two built-in final states.
 */
import { assign, setup, type AnyStateMachine } from 'xstate';
import type { BlockRegistry, StateNodeConfig } from './block.ts';
import { callIsUp, markTerminated, type FlowContext } from './flow-context.ts';
import { flowGraph, type FlowGraph } from './graph.ts';
import { checkStateNode } from './machine-config.ts';
import type { FlowDocument, Json, LoadedFlow, StartInput } from './types.ts';
import { startVariables, writeVariable } from './variables.ts';
import { legGone, legUp } from './legs.ts';
import { createCompileContext, withVisit, MACHINE_ID, HANGUP_STATE, END_STATE, BOOT_STATE } from './compile-context.ts';
import { contentHash } from './hash.ts';
import { CompileError } from './compile-error.ts';
import { flowKeyTransitions, keepingKeys } from './flow-keys.ts';
import { updateRoster } from './roster.ts';

export interface CompiledFlow {
  flowId: string;
  /** Hash of the flow and its subflows: what a call is pinned to. */
  version: string;
  flow: FlowDocument;
  machine: AnyStateMachine;
  /** The subflows inlined, by id, with their own hashes. */
  subflows: Record<string, string>;
  /** The subflow documents inlined, by id: with `flow` everything needed to compile this version again. */
  subflowDocuments: Record<string, FlowDocument>;
  /** The flow's states and ports (coverage, diagrams), from the same blocks the machine was built from. */
  graph: FlowGraph;
}

export type FlowResolver = (flowId: string) => LoadedFlow | undefined;

export { CompileError };

/** Most recently used compiled flows per block registry; a deployment keeps the versions its calls use itself. */
const CACHE_LIMIT = 64;
const caches = new WeakMap<BlockRegistry, Map<string, CompiledFlow>>();

/** Compiles a validated flow (and the subflows `resolve` finds) with `blocks`; cached by content. */
export function compile(blocks: BlockRegistry, loaded: LoadedFlow, resolve: FlowResolver = () => undefined): CompiledFlow {
  let cache = caches.get(blocks);
  if (!cache) caches.set(blocks, (cache = new Map()));
  const subflowDocuments: Record<string, FlowDocument> = {};
  const subflows = collectSubflows(loaded, resolve, subflowDocuments);
  const version = Object.keys(subflows).length ? contentHash(JSON.stringify([loaded.hash, Object.entries(subflows).sort()])) : loaded.hash;
  const key = `${loaded.flow.id}@${version}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const machine = buildMachine(blocks, loaded.flow, resolve);
  const graph = flowGraph(blocks, loaded.flow);
  const compiled: CompiledFlow = { flowId: loaded.flow.id, version, flow: loaded.flow, machine, subflows, subflowDocuments, graph };
  cache.set(key, compiled);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return compiled;
}

function collectSubflows(
  loaded: LoadedFlow,
  resolve: FlowResolver,
  documents: Record<string, FlowDocument>,
  seen: string[] = [loaded.flow.id],
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const state of Object.values(loaded.flow.states)) {
    if (state.type !== 'subflow') continue;
    const id = String(state.flow);
    if (seen.includes(id)) throw new CompileError(`subflow cycle: ${[...seen, id].join(' → ')}`);
    const child = resolve(id);
    if (!child) throw new CompileError(`subflow '${id}' is not deployed`);
    found[id] = child.hash;
    documents[id] = child.flow;
    Object.assign(found, collectSubflows(child, resolve, documents, [...seen, id]));
  }
  return found;
}

function buildMachine(blocks: BlockRegistry, flow: FlowDocument, resolve: FlowResolver): AnyStateMachine {
  const errorTarget = flow.on?.error ? `#${MACHINE_ID}.${flow.on.error}` : `#${MACHINE_ID}.${HANGUP_STATE}`;
  const hangupTarget = flow.on?.hangup ? `#${MACHINE_ID}.${flow.on.hangup}` : `#${MACHINE_ID}.${END_STATE}`;
  const states = compileStates(blocks, flow, flow, MACHINE_ID, '', errorTarget, resolve, [flow.id], flow.on?.error);
  const hangupEffect = { type: 'graph.hangup', params: {} };
  const config = {
    id: MACHINE_ID,
    // The call waits in $boot until the stepper sends engine.start, so a failure while entering
    // the first state is recovered like any other step (error handler) instead of aborting start.
    initial: BOOT_STATE,
    // XState's pure transition() builds a throwaway actor that computes an initial snapshot without
    // input on every call; answer it cheaply instead of letting initialContext throw and be caught.
    context: ({ input }: { input?: StartInput & { now: number } }) => (input ? initialContext(flow, input) : inertContext()),
    on: {
      'call.terminated': [
        // The caller left while a transfer block's consult call rings or talks to the target: that
        // call is hung up too (the transfer block marks `call.consulting` meanwhile).
        {
          guard: ({ context }: { context: FlowContext }) => callIsUp({ context }) && context.call.consulting === true,
          target: hangupTarget,
          actions: [
            { type: 'cf.port', params: { state: '$flow', port: 'hangup', target: flow.on?.hangup ?? null } },
            markTerminated,
            { type: 'graph.endConsult', params: {} },
          ],
        },
        {
          guard: callIsUp,
          target: hangupTarget,
          actions: [{ type: 'cf.port', params: { state: '$flow', port: 'hangup', target: flow.on?.hangup ?? null } }, markTerminated],
        },
      ],
      // The roster is kept whatever state the call is in (a waitFor state takes the event itself, and updates it too).
      'participants.updated': { actions: [updateRoster] },
      // Flow-wide keys; the states that take keys themselves handle them first (flow-keys.ts).
      ...(flow.on?.key ? { tone: flowKeyTransitions(flow) } : {}),
      // A leg's news while no state waits on that leg: the flow's `legs.<name>` still follows it.
      'leg.established': { actions: [legUp] },
      'leg.terminated': { actions: [legGone] },
      'engine.error': {
        target: errorTarget,
        actions: [
          { type: 'cf.port', params: { state: '$flow', port: 'error', target: flow.on?.error ?? null } },
          assign({ lastResult: ({ event }: { event: Record<string, unknown> }) => ({ error: String(event.reason ?? 'error') }) }),
        ],
      },
    },
    states: {
      ...states,
      [BOOT_STATE]: { on: { 'engine.start': `#${MACHINE_ID}.${flow.start}` } },
      [HANGUP_STATE]: { type: 'final', entry: [hangupEffect] },
      [END_STATE]: { type: 'final' },
    },
  };
  return setup({}).createMachine(config as never) as unknown as AnyStateMachine;
}

/** Compiles a flow's states under a machine path prefix (used at top level and for subflows). */
function compileStates(
  blocks: BlockRegistry,
  /** The top-level flow, whose flow-wide keys apply in every state, subflows' included. */
  root: FlowDocument,
  flow: FlowDocument,
  prefix: string,
  pathPrefix: string,
  errorTarget: string,
  resolve: FlowResolver,
  stack: string[],
  errorState?: string,
): Record<string, StateNodeConfig> {
  const states: Record<string, StateNodeConfig> = {};
  for (const [stateId, state] of Object.entries(flow.states)) {
    const block = blocks.get(state.type);
    if (!block) throw new CompileError(`state '${stateId}' has unknown type '${state.type}'`);
    const ctx = createCompileContext({
      flow,
      stateId,
      prefix,
      pathPrefix,
      errorTarget,
      errorState,
      compileSubflow: (flowId) => {
        const child = resolve(flowId);
        if (!child) throw new CompileError(`subflow '${flowId}' is not deployed`);
        if (stack.includes(flowId)) throw new CompileError(`subflow cycle: ${[...stack, flowId].join(' → ')}`);
        return {
          flow: child.flow,
          initial: child.flow.start,
          states: compileStates(
            blocks,
            root,
            child.flow,
            `${prefix}.${stateId}`,
            `${pathPrefix}${stateId}.`,
            errorTarget,
            resolve,
            [...stack, flowId],
            errorState,
          ),
        };
      },
    });
    const node = keepingKeys(block, root, block.compile(state, ctx));
    checkStateNode(node, `state '${ctx.statePath}' (${state.type})`);
    states[stateId] = withVisit(ctx.statePath, node);
  }
  return states;
}

export function variableDefaults(flow: FlowDocument): Record<string, Json> {
  const vars: Record<string, Json> = {};
  for (const [name, declaration] of Object.entries(flow.variables ?? {})) writeVariable(vars, name, declaration.default ?? null);
  return vars;
}

function inertContext(): FlowContext {
  return { vars: {}, call: {}, caller: {}, lastResult: null, visits: {}, attempt: 0, retry: '', digits: '', stack: [], startedAt: 0 };
}

function initialContext(flow: FlowDocument, input: StartInput & { now: number }): FlowContext {
  return {
    vars: startVariables(variableDefaults(flow), input.vars),
    // An empty roster until Graph's first roster notification, so `call.roster.count` reads 0 rather than failing.
    call: { roster: { count: 0, ids: [] }, ...(input.call as Record<string, Json>) },
    caller: { ...((input.caller ?? {}) as Record<string, Json>) },
    lastResult: null,
    visits: {},
    attempt: 0,
    retry: '',
    digits: '',
    stack: [],
    startedAt: input.now,
    legs: {},
  };
}
