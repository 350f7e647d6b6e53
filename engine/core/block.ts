/**
 * The contract every block type fulfils, owned by the core: a block is one folder under
 * `engine/blocks/<type>/` whose `index.ts` exports one BlockDefinition, and the core's validator,
 * linter, formatter, compiler and schema read blocks only through a BlockRegistry handed to them.
 * The schema, ports, compiled state and examples all come from the one definition, so the
 * validator, compiler, linter, editor palette and inspector forms cannot disagree about a block.
 *
 * Blocks have no version of their own: a change of meaning is a new block type (or a new flow
 * language `version` with a migration in the formatter), never a silent reinterpretation of
 * flows already written.
 */
import type { BlockEffectName } from './effects.ts';
import type { FlowContext } from './flow-context.ts';
import type { FlowDocument, Json, StateConfig } from './types.ts';

/** A JSON Schema 2020-12 fragment. Kept loose: the block conformance test checks what matters. */
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

/** XState state node config; loosely typed because blocks build plain objects (compile.ts checks the keys). */
export type StateNodeConfig = { [key: string]: unknown };

/** Prompt keys, or a function of the call's context choosing them (a menu's escalating reprompts). */
export type PromptKeys = string[] | ((context: FlowContext) => string[]);

/** The small API a block's `compile` builds its state with (engine/core/compile-context.ts). */
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
  /** An effect action of the catalogue (engine/core/effects.ts); `{{templates}}` in params are rendered when it runs; `clientContext` is added. */
  effect(type: BlockEffectName, params?: Record<string, unknown>): unknown;
  /** An effect playing prompt keys, resolved to files and texts in the call's locale when it runs. */
  playPrompts(keys: PromptKeys, extra?: Record<string, unknown>): unknown;
  /** Like playPrompts for another media effect carrying prompts (`graph.recordResponse`). */
  promptEffect(type: BlockEffectName, keys: PromptKeys, extra?: Record<string, unknown>): unknown;
  /** Guard: the event is the completion of the operation this state entry started. */
  isMine(): unknown;
  /** Action setting `lastResult` from a function of the event (pure). */
  setResult(pick: (event: Record<string, unknown>, context: FlowContext) => Json): unknown;
  /** Target reference for a state id in this flow (`#flow.<path>`). */
  ref(target: string): string;
  /** Compiles another flow inline (subflow). */
  compileSubflow(flowId: string): { states: Record<string, StateNodeConfig>; initial: string; flow: FlowDocument };
}

export interface BlockDefinition<S extends StateConfig = StateConfig> {
  type: string;
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
  /**
   * Keys pressed in its states are the block's own, so the flow-wide keys (`on.key`) do not run
   * there: gather's digits, record's stop tones, an invitation under way (engine/core/flow-keys.ts).
   */
  ownsKeys?: boolean;
  /** When whether it ends the call depends on its options (a hang-up of a call leg ends nothing): overrides `ends`. */
  endsWhen?(state: S): boolean;
  /** Passes through in the step that entered it (set, switch, schedule): a loop of these never waits. */
  instant?: boolean;
  /**
   * Top-level options whose strings may hold `{{secrets.NAME}}`: placeholders kept through the
   * machine and the stored effect and filled in only by the executor that performs it (the http
   * block's url, headers and body). Anywhere else a reference to `secrets` is an error.
   */
  secretTemplates?: string[];
  /** Graph application permissions the block needs (for `callflow manifest`). */
  permissions?: string[];
  /**
   * The permissions one state needs, when they depend on its options (a dial to several people is
   * a group call: Calls.InitiateGroupCall.All instead of Calls.Initiate.All). Overrides `permissions`.
   */
  permissionsOf?(state: S): string[];
  /** Example states; each must validate inside a minimal flow. */
  examples: S[];
}

/** The blocks a flow may use, by type, in palette order. */
export interface BlockRegistry {
  get(type: string): BlockDefinition | undefined;
  readonly all: readonly BlockDefinition[];
}

/** A registry over a list of blocks; a type listed twice is a programming error. */
export function blockRegistry(blocks: readonly BlockDefinition[]): BlockRegistry {
  const byType = new Map<string, BlockDefinition>();
  for (const block of blocks) {
    if (byType.has(block.type)) throw new Error(`block type '${block.type}' is registered twice`);
    byType.set(block.type, block);
  }
  return { get: (type) => byType.get(type), all: [...byType.values()] };
}
