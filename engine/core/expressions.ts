/**
 * Conditions and `{{templates}}` in flows are CEL (Common Expression Language) evaluated by
 * @marcbachmann/cel-js. CEL is specified (cel-spec), side-effect free and not Turing complete:
 * an expression cannot define functions or loop, so "loop forever" cannot even be written, and
 * names outside `vars`, `call`, `caller`, `lastResult`, `legs` are unknown variables. Map access only sees
 * a value's own keys, so `constructor` and `__proto__` are not reachable; we reject those names
 * at parse time anyway so the author gets the reason, not a runtime "no such key".
 *
 * What runs is a metered copy of each expression (expression-metering.ts): `matches` uses RE2 in
 * linear time, strings given to string functions are capped, and comprehensions have a step and
 * size budget (expression-limits.ts), so no expression can hold the event loop or the heap.
 */
import type { Json } from './types.ts';
import { authoring, authorsTerms, metered, metering } from './expression-environment.ts';
import { BudgetError, MAX_COMPREHENSION_NESTING, MAX_RENDERED_LENGTH, MAX_VALUE_SIZE, sizeOf } from './expression-limits.ts';
import { comprehensionNesting, INTERNAL_PREFIX, literalPatterns, meteredSource, type CelNode } from './expression-metering.ts';
import { regexProblem } from './expression-regex.ts';
import { templateParts, templateProblem } from './templates.ts';

export const SCOPE_ROOTS = ['vars', 'call', 'caller', 'lastResult', 'legs'] as const;
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

/**
 * What is wrong with an expression. `code` tells lint which rule it breaks: `invalid-expression`
 * (syntax, names), `unsupported-regex` (a pattern RE2 cannot run), `expression-too-complex`
 * (comprehensions nested too deep), `template-too-long`, or `over-budget` (at run time only).
 */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    readonly code = 'invalid-expression',
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

interface CompiledExpression {
  /** The parse tree of the expression as written. */
  ast: unknown;
  /** Evaluates the metered copy (expression-metering.ts). */
  run: (scope: Record<string, unknown>) => unknown;
}
const compiled = new Map<string, CompiledExpression>();

export interface ExpressionScope {
  vars: Record<string, unknown>;
  call: Record<string, unknown>;
  caller: Record<string, unknown>;
  lastResult: unknown;
  /** The run's other call legs by name (engine/core/legs.ts); none when absent. */
  legs?: Record<string, unknown>;
}

/** Parses an expression (cached) or throws an ExpressionError saying what is wrong. */
export function compileExpression(source: string): CompiledExpression {
  const hit = compiled.get(source);
  if (hit) return hit;
  if (source.length > 2000) throw new ExpressionError('expression is longer than 2000 characters; move the logic into `set` states', source);
  let ast: CelNode;
  try {
    ast = authoring.parse(source).ast as CelNode;
  } catch (error) {
    throw new ExpressionError(`invalid expression: ${firstLine(error)}`, source);
  }
  for (const name of identifiersOf(ast)) {
    if (FORBIDDEN.has(name))
      throw new ExpressionError(`'${name}' cannot be used in an expression: only vars, call, caller, lastResult and legs are visible`, source);
    if (name.startsWith(INTERNAL_PREFIX))
      throw new ExpressionError(`'${name}' cannot be used in an expression: names starting with ${INTERNAL_PREFIX} are the engine's`, source);
  }
  const nesting = comprehensionNesting(ast);
  if (nesting > MAX_COMPREHENSION_NESTING) {
    throw new ExpressionError(
      `comprehensions (map, filter, all, exists, exists_one) nest ${nesting} deep here; at most ${MAX_COMPREHENSION_NESTING} may nest — compute inner results in earlier set states`,
      source,
      'expression-too-complex',
    );
  }
  for (const pattern of literalPatterns(ast)) {
    const problem = regexProblem(pattern);
    if (problem) throw new ExpressionError(problem, source, 'unsupported-regex');
  }
  let run: CompiledExpression['run'];
  try {
    run = metered.parse(meteredSource(source, ast)) as unknown as CompiledExpression['run'];
  } catch (error) {
    throw new ExpressionError(`invalid expression: ${firstLine(error)}`, source);
  }
  const entry = { ast, run };
  compiled.set(source, entry);
  return entry;
}

/**
 * Evaluates a CEL expression against a call's scope and returns plain JSON (ints as numbers). Over
 * budget (expression-limits.ts) it throws an ExpressionError with code `over-budget`.
 */
export function evaluate(source: string, scope: ExpressionScope): Json {
  const { run } = compileExpression(source);
  try {
    return metering(() => {
      const value = run(toCel({ legs: {}, ...scope }) as Record<string, unknown>);
      if (sizeOf(value, MAX_VALUE_SIZE) > MAX_VALUE_SIZE)
        throw new BudgetError(`its value is larger than ${MAX_VALUE_SIZE.toLocaleString('en-US')} characters and entries`);
      return fromCel(value);
    });
  } catch (error) {
    const overBudget = error instanceof BudgetError || (error instanceof Error && error.cause instanceof BudgetError);
    throw new ExpressionError(`cannot evaluate \`${source}\`: ${authorsTerms(firstLine(error))}`, source, overBudget ? 'over-budget' : 'invalid-expression');
  }
}

/** Evaluates a condition; anything but boolean true is false, a type error is an error. */
export function test(source: string, scope: ExpressionScope): boolean {
  const value = evaluate(source, scope);
  if (typeof value !== 'boolean') throw new ExpressionError(`condition \`${source}\` gave ${JSON.stringify(value)}, not true or false`, source);
  return value;
}

/** True when a string contains `{{…}}`. */
export function isTemplate(text: string): boolean {
  return text.includes('{{');
}

/** The expressions inside a template string (none for one over the length limit, which lint reports). */
export function templateExpressions(text: string): string[] {
  if (templateProblem(text)) return [];
  return templateParts(text).flatMap((part) => ('expression' in part ? [part.expression] : []));
}

/** Renders `Hello {{caller.displayName}}`; a template that is one whole `{{expr}}` keeps the value's type. */
export function renderTemplate(text: string, scope: ExpressionScope): Json {
  return metering(() => renderText(text, scope));
}

/**
 * Renders a template into a markup language (SSML): every value goes through `escape`, so what a
 * variable holds (a caller's display name, a web answer) is always text, never markup. Always a string.
 */
export function renderEscaped(text: string, scope: ExpressionScope, escape: (value: string) => string): string {
  return metering(() => String(renderText(text, scope, escape)));
}

function renderText(text: string, scope: ExpressionScope, escape?: (value: string) => string): Json {
  const problem = templateProblem(text);
  if (problem) throw new ExpressionError(problem, `${text.slice(0, 40)}…`, 'template-too-long');
  const parts = templateParts(text);
  if (!escape && parts.length === 1 && 'expression' in parts[0]) return evaluate(parts[0].expression, scope);
  let out = '';
  for (const part of parts) {
    if ('text' in part) out += part.text;
    else {
      const value = evaluate(part.expression, scope);
      const rendered = typeof value === 'string' ? value : JSON.stringify(value);
      out += escape ? escape(rendered) : rendered;
    }
    if (out.length > MAX_RENDERED_LENGTH)
      throw new ExpressionError(
        `the template renders to more than ${MAX_RENDERED_LENGTH.toLocaleString('en-US')} characters`,
        `${text.slice(0, 40)}…`,
        'over-budget',
      );
  }
  return out;
}

/** Renders every template string inside a JSON value, all of them within one budget. */
export function renderDeep(value: unknown, scope: ExpressionScope): Json {
  return metering(() => renderValue(value, scope));
}

function renderValue(value: unknown, scope: ExpressionScope): Json {
  if (typeof value === 'string') return isTemplate(value) ? renderTemplate(value, scope) : value;
  if (Array.isArray(value)) return value.map((item) => renderValue(item, scope));
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) define(out, key, renderValue(item, scope));
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
    for (const [key, item] of Object.entries(value)) define(out, key, toCel(item));
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
    for (const [key, item] of Object.entries(value)) define(out, key, fromCel(item));
    return out;
  }
  return (value ?? null) as Json;
}

/**
 * Sets an own property even when the key is `__proto__`: assigning that key would replace the
 * object's prototype with a value from a caller or an HTTP response.
 */
function define<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
