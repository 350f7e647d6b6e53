/**
 * Conditions and `{{templates}}` in flows are CEL (Common Expression Language) evaluated by
 * @marcbachmann/cel-js. CEL is specified (cel-spec), side-effect free and not Turing complete:
 * an expression cannot define functions or loop, so "loop forever" cannot even be written, and
 * names outside `vars`, `call`, `caller`, `lastResult` are unknown variables. Map access only sees
 * a value's own keys, so `constructor` and `__proto__` are not reachable; we reject those names
 * at parse time anyway so the author gets the reason, not a runtime "no such key".
 */
import { Environment } from '@marcbachmann/cel-js';
import type { Json } from './types.ts';

export const SCOPE_ROOTS = ['vars', 'call', 'caller', 'lastResult'] as const;
const FORBIDDEN = new Set([
  'constructor',
  '__proto__',
  'prototype',
  'process',
  'globalThis',
  'global',
  'window',
  'this',
  'require',
  'import',
  'eval',
  'Function',
]);

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

const environment = new Environment({
  unlistedVariablesAreDyn: false,
  homogeneousAggregateLiterals: false,
  limits: { maxAstNodes: 400, maxDepth: 24, maxListElements: 200, maxMapEntries: 200, maxCallArguments: 8 },
})
  .registerVariable('vars', 'map')
  .registerVariable('call', 'map')
  .registerVariable('caller', 'map')
  .registerVariable('lastResult', 'dyn');

type Evaluator = ((scope: Record<string, unknown>) => unknown) & { ast: unknown };
const compiled = new Map<string, Evaluator>();

export interface ExpressionScope {
  vars: Record<string, unknown>;
  call: Record<string, unknown>;
  caller: Record<string, unknown>;
  lastResult: unknown;
}

/** Parses an expression (cached) or throws an ExpressionError saying what is wrong. */
export function compileExpression(source: string): Evaluator {
  const hit = compiled.get(source);
  if (hit) return hit;
  if (source.length > 2000) throw new ExpressionError('expression is longer than 2000 characters; move the logic into `set` states', source);
  let parsed: Evaluator;
  try {
    parsed = environment.parse(source) as unknown as Evaluator;
  } catch (error) {
    throw new ExpressionError(`invalid expression: ${firstLine(error)}`, source);
  }
  for (const name of identifiersOf(parsed.ast)) {
    if (FORBIDDEN.has(name)) throw new ExpressionError(`'${name}' cannot be used in an expression: only vars, call, caller and lastResult are visible`, source);
  }
  compiled.set(source, parsed);
  return parsed;
}

/** Evaluates a CEL expression against a call's scope and returns plain JSON (ints as numbers). */
export function evaluate(source: string, scope: ExpressionScope): Json {
  const run = compileExpression(source);
  try {
    return fromCel(run(toCel(scope) as Record<string, unknown>));
  } catch (error) {
    throw new ExpressionError(`cannot evaluate \`${source}\`: ${firstLine(error)}`, source);
  }
}

/** Evaluates a condition; anything but boolean true is false, a type error is an error. */
export function test(source: string, scope: ExpressionScope): boolean {
  const value = evaluate(source, scope);
  if (typeof value !== 'boolean') throw new ExpressionError(`condition \`${source}\` gave ${JSON.stringify(value)}, not true or false`, source);
  return value;
}

const TEMPLATE = /\{\{([\s\S]*?)\}\}/g;

/** True when a string contains `{{…}}`. */
export function isTemplate(text: string): boolean {
  return text.includes('{{');
}

/** The expressions inside a template string. */
export function templateExpressions(text: string): string[] {
  return [...text.matchAll(TEMPLATE)].map((m) => m[1].trim());
}

/** Renders `Hello {{caller.displayName}}`; a template that is one whole `{{expr}}` keeps the value's type. */
export function renderTemplate(text: string, scope: ExpressionScope): Json {
  const whole = /^\{\{([\s\S]*?)\}\}$/.exec(text);
  if (whole && !whole[1].includes('}}')) return evaluate(whole[1].trim(), scope);
  return text.replace(TEMPLATE, (_, expression: string) => {
    const value = evaluate(expression.trim(), scope);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/** Renders every template string inside a JSON value. */
export function renderDeep(value: unknown, scope: ExpressionScope): Json {
  if (typeof value === 'string') return isTemplate(value) ? renderTemplate(value, scope) : value;
  if (Array.isArray(value)) return value.map((item) => renderDeep(item, scope));
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) out[key] = renderDeep(item, scope);
    return out;
  }
  return value as Json;
}

/**
 * The variable paths an expression reads, as `root.key` (e.g. `vars.attempts`), for the
 * unknown-variable lint. Walks the parser's AST: `{op:'id', args:name}` and `{op:'.', args:[obj, key]}`.
 */
export function referencedPaths(source: string): string[] {
  const { ast } = compileExpression(source);
  const paths: string[] = [];
  const visit = (node: unknown, bound: Set<string>): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { op?: string; args?: unknown };
    if (n.op === '.' && Array.isArray(n.args)) {
      const [object, key] = n.args as [{ op?: string; args?: unknown }, unknown];
      if (object?.op === 'id' && typeof object.args === 'string' && typeof key === 'string' && !bound.has(object.args)) {
        paths.push(`${object.args}.${key}`);
        return;
      }
    }
    if (n.op === 'id' && typeof n.args === 'string' && !bound.has(n.args)) paths.push(n.args);
    // Macros such as `list.all(x, cond)` bind x; collect it so it is not reported as unknown.
    const inner = new Set(bound);
    if (n.op === 'rcall' && Array.isArray(n.args) && Array.isArray(n.args[2])) {
      const first = (n.args[2] as Array<{ op?: string; args?: unknown }>)[0];
      if (first?.op === 'id' && typeof first.args === 'string' && n.args[2].length > 1) inner.add(first.args);
    }
    const children = Array.isArray(n.args) ? n.args : [n.args];
    for (const child of children) (Array.isArray(child) ? child : [child]).forEach((c) => visit(c, inner));
  };
  visit(ast, new Set());
  return paths;
}

function identifiersOf(ast: unknown): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as { op?: string; args?: unknown };
    if ((n.op === 'id' || n.op === 'rcall' || n.op === 'call') && typeof n.args === 'string') names.push(n.args);
    if (Array.isArray(n.args)) {
      if ((n.op === '.' || n.op === '.?') && typeof n.args[1] === 'string') names.push(n.args[1]);
      if ((n.op === 'rcall' || n.op === 'call') && typeof n.args[0] === 'string') names.push(n.args[0]);
      if (n.op === '[]' && (n.args[1] as { op?: string })?.op === 'value') names.push(String((n.args[1] as { args: unknown }).args));
      n.args.forEach(visit);
    } else visit(n.args);
  };
  visit(ast);
  return names;
}

/** CEL distinguishes int and double; JSON does not. Whole numbers go in as ints. */
function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toCel(item);
    return out;
  }
  return value;
}

function fromCel(value: unknown): Json {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCel(v)]));
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) out[key] = fromCel(item);
    return out;
  }
  return (value ?? null) as Json;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
