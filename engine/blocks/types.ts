/**
 * The contract every block type fulfils. A block is one folder under `engine/blocks/<type>/` whose
 * `index.ts` exports one BlockDefinition; `engine/blocks/index.ts` lists them. The schema, ports,
 * compiled state and examples all come from this one object, so the validator, compiler, linter,
 * editor palette and inspector forms cannot disagree about a block.
 */
import type { StateConfig, FlowDocument, Json } from '../core/types.ts';

/** A JSON Schema 2020-12 fragment. Kept loose: the conformance test checks what matters. */
export type JsonSchema = { [keyword: string]: unknown };

/** A named outcome of a state; its target state id lives at `path` inside the state object. */
export interface Port {
  name: string;
  /** Path of the property holding the target state id, from the state object (e.g. ['choices', '1']). */
  path: string[];
  description: string;
  /** A port that must be connected; others fall back (error → flow-wide handler, etc.). */
  required?: boolean;
  /** What happens when the port is not connected, e.g. "takes 'closed'"; default: the bot hangs up. */
  fallback?: string;
}

/** An XState transition config as produced by compile helpers. */
export type TransitionConfig = {
  target?: string;
  guard?: unknown;
  actions?: unknown[];
  reenter?: boolean;
};

/** XState state node config; loosely typed because blocks build plain objects. */
export type StateNodeConfig = { [key: string]: unknown };

export interface BlockCompileContext {
  readonly flow: FlowDocument;
  /** The state's id as written in the flow. */
  readonly stateId: string;
  /** Unique path of the state in the machine (differs from stateId inside a subflow). */
  readonly statePath: string;
  /** A transition that leaves through `port` to `target` (a state id of this flow), tracing the port. */
  go(port: string, target: string | undefined, extra?: { guard?: unknown; actions?: unknown[] }): TransitionConfig;
  /** Leaves through the `error` port when connected, else through the flow-wide error handler. */
  fail(port?: string, extra?: { guard?: unknown; actions?: unknown[] }): TransitionConfig;
  /** An effect action; `{{templates}}` in params are rendered when it runs; `clientContext` is added. */
  effect(type: string, params?: Record<string, unknown>): unknown;
  /**
   * An effect playing prompt keys, resolved to files and texts in the call's locale when it runs;
   * `keys` may be a function of the context (a menu's escalating reprompts).
   */
  playPrompts(keys: string[] | ((context: FlowContext) => string[]), extra?: Record<string, unknown>): unknown;
  /** Like playPrompts for another media effect carrying prompts (e.g. `graph.recordResponse`). */
  promptEffect(type: string, keys: string[] | ((context: FlowContext) => string[]), extra?: Record<string, unknown>): unknown;
  /** Guard: the event is the completion of the operation this state entry started. */
  isMine(): unknown;
  /** Action setting `lastResult` from a function of the event (pure). */
  setResult(pick: (event: Record<string, unknown>, context: FlowContext) => Json): unknown;
  /** Target reference for a state id in this flow (`#flow.<path>`). */
  ref(target: string): string;
  /** Compiles another flow inline (subflow). */
  compileSubflow(flowId: string): { states: Record<string, StateNodeConfig>; initial: string; flow: FlowDocument };
}

/** The machine context of every compiled flow. */
export interface FlowContext {
  vars: Record<string, Json>;
  call: Record<string, Json>;
  caller: Record<string, Json>;
  lastResult: Json;
  /** Entries per state path: makes operation ids unique and bounds loops at run time. */
  visits: Record<string, number>;
  /** Attempt counter of the current retrying block (menu, gather); reset on every state entry. */
  attempt: number;
  /** Why the current retrying block retries (`noInput`, `noMatch`, `invalid`; empty on the first attempt). */
  retry: string;
  /** Digits collected by the current gather/menu. */
  digits: string;
  /** Parent variables saved while a subflow runs. */
  stack: Array<Record<string, Json>>;
  startedAt: number;
}

export interface BlockDefinition<S extends StateConfig = StateConfig> {
  type: string;
  /** Bumped when the block's options change meaning; a migration accompanies each bump. */
  version: number;
  title: string;
  category: 'call' | 'media' | 'input' | 'logic' | 'integration' | 'meeting';
  description: string;
  /** Options of the state besides `type` and `description`, each with a description. */
  properties: Record<string, JsonSchema>;
  required?: string[];
  /** Extra schema rules over the whole state (e.g. `dependentRequired`). */
  rules?: JsonSchema;
  outcomes(state: S): Port[];
  /** Rules the schema cannot state (comparing two options); each problem at a path inside the state. */
  check?(state: S, flow: FlowDocument): Array<{ path: string[]; code: string; message: string }>;
  compile(state: S, ctx: BlockCompileContext): StateNodeConfig;
  /** The call ends in this block (hangup, reject, redirect, transfer success): no dead end. */
  ends?: boolean;
  /** Passes through in the step that entered it (set, switch, schedule): a loop of these never waits. */
  instant?: boolean;
  /** Graph application permissions the block needs (for `callflow manifest`). */
  permissions?: string[];
  /** Example states; each must validate inside a minimal flow. */
  examples: S[];
}
