/**
 * What changed between two versions of a flow, as data: one record per change a reviewer would
 * name, each located by a JSON pointer (into the new file, or the old one for what was removed) and
 * told as a sentence. A discriminated union on `kind`, so the CLI, tests and any later consumer
 * (the editor, a review bot) can switch on it; `before`/`after` are the values as written.
 * Also the JSON value comparison the diff is built on: key order never counts, array order does.
 */
import type { FlowDocument, Json, PromptVariant, StateConfig, VariableDeclaration } from './types.ts';

/** A value that was set on one side only is `undefined` on the other. */
interface ValueChange<T = unknown> {
  pointer: string;
  before?: T;
  after?: T;
}

interface StateFacts {
  stateId: string;
  /** The state's block type (in the new flow, or the old one for a removed state). */
  stateType: string;
}

/** A state's port and the state id it leads to (undefined: not connected). */
export interface PortTarget {
  port: string;
  to: string | undefined;
}

export type FlowChangeFacts =
  | ({ kind: 'flow-added'; flowId: string; after: FlowDocument } & ValueChange<FlowDocument>)
  | ({ kind: 'flow-removed'; flowId: string; before: FlowDocument } & ValueChange<FlowDocument>)
  | ({ kind: 'flow-property-changed'; property: '$schema' | 'id' | 'version' | 'name' | 'description' } & ValueChange)
  | ({ kind: 'start-changed'; before: string; after: string } & ValueChange<string>)
  | ({ kind: 'handler-changed'; handler: 'hangup' | 'error' } & ValueChange<string>)
  | ({ kind: 'key-handler-changed'; key: string } & ValueChange<string>)
  | ({ kind: 'setting-changed'; setting: string } & ValueChange)
  | ({ kind: 'variable-added'; variable: string; after: VariableDeclaration } & ValueChange<VariableDeclaration>)
  | ({ kind: 'variable-removed'; variable: string; before: VariableDeclaration } & ValueChange<VariableDeclaration>)
  | ({ kind: 'variable-changed'; variable: string; field: string } & ValueChange)
  | ({ kind: 'prompt-added'; prompt: string; locale: string; after: PromptVariant } & ValueChange<PromptVariant>)
  | ({ kind: 'prompt-removed'; prompt: string; locale: string; before: PromptVariant } & ValueChange<PromptVariant>)
  | ({ kind: 'prompt-words-changed'; prompt: string; locale: string; before: string; after: string } & ValueChange<string>)
  | ({ kind: 'prompt-speech-changed'; prompt: string; locale: string; field: 'ssml' | 'voice'; before?: string; after?: string } & ValueChange<
      string | undefined
    >)
  | ({ kind: 'prompt-file-changed'; prompt: string; locale: string; before?: string; after?: string } & ValueChange<string | undefined>)
  | ({ kind: 'state-added'; after: StateConfig; ports: PortTarget[] } & StateFacts & ValueChange<StateConfig>)
  | ({ kind: 'state-removed'; before: StateConfig } & StateFacts & ValueChange<StateConfig>)
  | ({ kind: 'state-renamed'; before: string; after: string } & StateFacts & ValueChange<string>)
  | ({ kind: 'state-replaced'; before: StateConfig; after: StateConfig } & StateFacts & ValueChange<StateConfig>)
  | ({ kind: 'option-changed'; option: string } & StateFacts & ValueChange)
  | ({ kind: 'port-rewired'; port: string } & StateFacts & ValueChange<string>)
  | ({ kind: 'port-added'; port: string } & StateFacts & ValueChange<string>)
  | ({ kind: 'port-removed'; port: string } & StateFacts & ValueChange<string>);

/** One change with the sentence that tells it to an analyst. */
export type FlowChange = FlowChangeFacts & { sentence: string };

export type FlowChangeKind = FlowChange['kind'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Equality of JSON values; object key order is formatting, array order is meaning. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && jsonEqual(a[key], b[key]));
}

/** A difference at one place inside two values; `path` is relative to where the comparison began. */
export interface LeafDifference {
  path: string[];
  before?: Json;
  after?: Json;
}

/**
 * The smallest places where two values differ: objects on both sides are compared key by key (new
 * side's key order, then keys only the old side has), anything else — arrays included — as a whole.
 */
export function leafDifferences(before: unknown, after: unknown, path: string[] = []): LeafDifference[] {
  if (jsonEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((key) => !(key in after))];
    return keys.flatMap((key) => leafDifferences(before[key], after[key], [...path, key]));
  }
  return [{ path, ...(before === undefined ? {} : { before: before as Json }), ...(after === undefined ? {} : { after: after as Json }) }];
}
