/**
 * A check of the XState config each block builds. Blocks build plain objects (the machine config is
 * data, generated per flow), which XState's `setup().createMachine` types cannot follow through a
 * registry of blocks; and XState ignores keys it does not know, so a typo such as `entery` or
 * `gaurd` would silently drop an effect or a condition. Every state node a block returns is checked
 * here when the flow is compiled, and an unknown key fails the compile with its location.
 */
import { CompileError } from './compile-error.ts';

/** Keys of an XState v5 state node config (StateNodeConfig) that compiled flows may use. */
const STATE_KEYS = new Set([
  'id',
  'type',
  'initial',
  'states',
  'on',
  'after',
  'always',
  'entry',
  'exit',
  'onDone',
  'invoke',
  'tags',
  'meta',
  'description',
  'output',
  'history',
  'target',
]);
/** Keys of an XState v5 transition config. */
const TRANSITION_KEYS = new Set(['target', 'guard', 'actions', 'reenter', 'description', 'meta']);

/** Throws CompileError naming `where` and the path of the first key XState would not understand. */
export function checkStateNode(node: unknown, where: string, path = ''): void {
  if (!isObject(node)) throw new CompileError(`${where}: the state${path ? ` at ${path}` : ''} is not an object`);
  for (const key of Object.keys(node)) {
    if (!STATE_KEYS.has(key)) throw new CompileError(`${where}: '${key}' is not an XState state key${path ? ` (at ${path})` : ''}`);
  }
  for (const [event, transitions] of Object.entries(isObject(node.on) ? node.on : {})) checkTransitions(transitions, where, `${path}on.${event}`);
  for (const [delay, transitions] of Object.entries(isObject(node.after) ? node.after : {})) checkTransitions(transitions, where, `${path}after.${delay}`);
  if (node.always !== undefined) checkTransitions(node.always, where, `${path}always`);
  if (node.onDone !== undefined) checkTransitions(node.onDone, where, `${path}onDone`);
  for (const [id, child] of Object.entries(isObject(node.states) ? node.states : {})) checkStateNode(child, where, `${path}states.${id}.`);
}

function checkTransitions(value: unknown, where: string, path: string): void {
  for (const transition of Array.isArray(value) ? value : [value]) {
    if (typeof transition === 'string' || transition === undefined) continue;
    if (!isObject(transition)) throw new CompileError(`${where}: the transition at ${path} is neither a target nor an object`);
    for (const key of Object.keys(transition)) {
      if (!TRANSITION_KEYS.has(key)) throw new CompileError(`${where}: '${key}' is not an XState transition key (at ${path})`);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
