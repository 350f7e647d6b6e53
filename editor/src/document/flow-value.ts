/**
 * Edits of a flow as a plain JSON value, the way the canvas and the forms change it: set an option,
 * add, rename, connect and delete states. Pure and immutable (the previous value is the undo
 * step); key order is kept so maps written by people (states, prompts) keep their author order.
 * Ports are found through each block's `outcomes`, so a new block needs nothing here.
 */
import { getBlock } from '../../../engine/blocks/registry.ts';
import type { Port } from '../../../engine/core/block.ts';
import { STATE_ID_PATTERN } from '../../../engine/core/schema.ts';

export type StateValue = { type: string; [option: string]: unknown };
export type FlowValue = {
  id?: string;
  start?: string;
  on?: { hangup?: string; error?: string; key?: Record<string, string> };
  states?: Record<string, StateValue>;
  prompts?: Record<string, Record<string, { file?: string; text: string; ssml?: string; voice?: string }>>;
  [key: string]: unknown;
};

const stateIdPattern = new RegExp(STATE_ID_PATTERN);

export function isValidStateId(id: string): boolean {
  return stateIdPattern.test(id);
}

/** The value at a path (array indices as strings). */
export function getIn(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** A copy with the value at `path` replaced; `undefined` removes it. Parents are created as objects. */
export function setIn<T>(value: T, path: readonly string[], next: unknown): T {
  if (path.length === 0) return next as T;
  const [head, ...rest] = path;
  const container = value !== null && typeof value === 'object' ? value : {};
  const child = setIn((container as Record<string, unknown>)[head], rest, next);
  if (Array.isArray(container)) {
    const copy = [...container];
    if (child === undefined && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = child;
    return copy as T;
  }
  const copy: Record<string, unknown> = { ...(container as Record<string, unknown>) };
  if (child === undefined) delete copy[head];
  else copy[head] = child;
  return copy as T;
}

export function portsOfState(state: StateValue | undefined): Port[] {
  const block = state && getBlock(state.type);
  if (!block) return [];
  try {
    return block.outcomes(state);
  } catch {
    return [];
  }
}

/** A state id not yet used, from a base such as the block type: `play`, `play2`, `play3`… */
export function uniqueStateId(flow: FlowValue, base: string, taken: Iterable<string> = []): string {
  const used = new Set([...Object.keys(flow.states ?? {}), ...taken]);
  const cleaned = base.replace(/[^A-Za-z0-9_-]/g, '').replace(/^[^A-Za-z]+/, '') || 'state';
  const stem = cleaned.replace(/\d+$/, '') || cleaned;
  if (!used.has(cleaned)) return cleaned;
  for (let n = 2; ; n++) if (!used.has(`${stem}${n}`)) return `${stem}${n}`;
}

/** Adds a state of a block type; the first state of a flow becomes its start. */
export function addState(flow: FlowValue, id: string, state: StateValue): FlowValue {
  const next: FlowValue = { ...flow, states: { ...(flow.states ?? {}), [id]: state } };
  if (!flow.start || !flow.states?.[flow.start]) next.start = id;
  return next;
}

/** Points a port of a state at a target state (or disconnects it with `undefined`). */
export function connect(flow: FlowValue, stateId: string, portName: string, target: string | undefined): FlowValue {
  const state = flow.states?.[stateId];
  const port = portsOfState(state).find((candidate) => candidate.name === portName);
  if (!state || !port) return flow;
  return setIn(flow, ['states', stateId, ...port.path], target);
}

/** The option of a state that maps keys to targets (a menu's `choices`), if its block has one: keys can be added to it. */
export function keyedTargets(state: StateValue | undefined): { property: string; keyPattern?: RegExp } | undefined {
  const block = state && getBlock(state.type);
  for (const [property, schema] of Object.entries(block?.properties ?? {})) {
    const values = schema.additionalProperties as { $ref?: string } | undefined;
    if (values?.$ref !== '#/$defs/target') continue;
    const pattern = (schema.propertyNames as { pattern?: string } | undefined)?.pattern;
    return { property, ...(pattern ? { keyPattern: new RegExp(pattern) } : {}) };
  }
  return undefined;
}

const KEY_CANDIDATES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#', ...'abcdefghijklmnopqrstuvwxyz'];

/** Adds the first free key (1, 2, … 9, 0, *, #) to a state's map of targets, going to `target`. Returns the key, or undefined when none is free. */
export function addKey(flow: FlowValue, stateId: string, target: string): { flow: FlowValue; key?: string } {
  const state = flow.states?.[stateId];
  const map = keyedTargets(state);
  if (!state || !map) return { flow };
  const taken = Object.keys((state[map.property] as Record<string, unknown> | undefined) ?? {});
  const key = KEY_CANDIDATES.find((candidate) => !taken.includes(candidate) && (!map.keyPattern || map.keyPattern.test(candidate)));
  return key === undefined ? { flow } : { flow: setIn(flow, ['states', stateId, map.property, key], target), key };
}

/** Every place a state id is referenced: start, the flow-wide handlers and every port. */
function mapTargets(flow: FlowValue, map: (target: string) => string | undefined): FlowValue {
  let next = flow;
  const keyPaths = Object.keys(flow.on?.key ?? {}).map((key) => ['on', 'key', key]);
  for (const path of [['start'], ['on', 'hangup'], ['on', 'error'], ...keyPaths]) {
    const target = getIn(next, path);
    if (typeof target === 'string' && map(target) !== target) next = setIn(next, path, map(target));
  }
  // A flow-wide key whose state is gone goes with it; `key` cannot be empty (the schema's minProperties).
  if (next.on?.key && Object.keys(next.on.key).length === 0) next = setIn(next, ['on', 'key'], undefined);
  if (next.on && Object.keys(next.on).length === 0) next = setIn(next, ['on'], undefined);
  for (const [stateId, state] of Object.entries(next.states ?? {})) {
    // Ports are read from the state as it was, so removing a choice does not shift the others.
    for (const port of portsOfState(state)) {
      const target = getIn(state, port.path);
      if (typeof target === 'string' && map(target) !== target) next = setIn(next, ['states', stateId, ...port.path], map(target));
    }
  }
  return next;
}

/** Renames a state in place (its position among the states is kept) and every reference to it. */
export function renameState(flow: FlowValue, from: string, to: string): FlowValue {
  if (from === to || !flow.states?.[from] || flow.states[to]) return flow;
  const states = Object.fromEntries(Object.entries(flow.states).map(([id, state]) => [id === from ? to : id, state]));
  return mapTargets({ ...flow, states }, (target) => (target === from ? to : target));
}

/** Deletes states; ports that led to them become unconnected. */
export function deleteStates(flow: FlowValue, ids: readonly string[]): FlowValue {
  const gone = new Set(ids);
  const states = Object.fromEntries(Object.entries(flow.states ?? {}).filter(([id]) => !gone.has(id)));
  return mapTargets({ ...flow, states }, (target) => (gone.has(target) ? undefined : target));
}

/**
 * Adds copies of states under fresh ids. Ports between copied states follow the copies; ports to
 * other states keep their targets when those exist, and are left unconnected otherwise.
 */
export function pasteStates(flow: FlowValue, copied: Record<string, StateValue>): { flow: FlowValue; ids: Map<string, string> } {
  const ids = new Map<string, string>();
  for (const id of Object.keys(copied)) ids.set(id, uniqueStateId(flow, id, ids.values()));
  let next: FlowValue = { ...flow, states: { ...(flow.states ?? {}) } };
  for (const [oldId, state] of Object.entries(copied)) {
    let copy = structuredClone(state);
    for (const port of portsOfState(state)) {
      const target = getIn(state, port.path);
      if (typeof target !== 'string') continue;
      const mapped = ids.get(target) ?? (next.states?.[target] ? target : undefined);
      copy = setIn(copy, port.path, mapped);
    }
    next = addState(next, ids.get(oldId)!, copy);
  }
  return { flow: next, ids };
}
