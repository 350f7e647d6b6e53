/**
 * Metering CEL expressions. cel-js offers no hook into evaluation and cannot replace a built-in
 * function, so the engine evaluates a rewritten copy of each expression, made from the author's
 * parse tree by inserting calls at node boundaries (the text between is untouched):
 *
 *   `xs.map(x, f)`           → `cf_iter(xs).map(x, cf_step(f))`   (every comprehension step counted)
 *   `cel.bind(v, e, body)`   → `cel.bind(v, cf_value(e), body)`   (a reusable value is sized)
 *   `s.matches(p)`           → `s.cf_matches(p)`                  (RE2 instead of RegExp)
 *   `s.contains(t)`          → `cf_str(s, 'contains').contains(cf_str(t, 'contains'))` (length caps)
 *   `l.join()`               → `cf_value(l.join())`
 *
 * The helpers are typed so that checking the copy gives the same types as the original
 * (`cf_iter(list<T>): list<T>`). Authors cannot call them: expressions.ts refuses names starting
 * with `cf_`. The same walk finds how deep comprehensions nest and the literal patterns given to
 * `matches`, so lint can point at both.
 */

/** A node of cel-js's parse tree: `op`, `args`, and its span in the source. */
export interface CelNode {
  op: string;
  args: unknown;
  start: number;
  end: number;
}

export const INTERNAL_PREFIX = 'cf_';
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
const STRING_FUNCTIONS = new Set(['contains', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'substring', 'split', 'lowerAscii', 'upperAscii', 'trim']);

const isNode = (value: unknown): value is CelNode => !!value && typeof value === 'object' && typeof (value as CelNode).op === 'string';

/** A method call `receiver.name(args)` as the parser gives it. */
function methodCall(node: CelNode): { name: string; receiver: CelNode; args: CelNode[] } | undefined {
  if (node.op !== 'rcall' || !Array.isArray(node.args)) return undefined;
  const [name, receiver, args] = node.args as [unknown, unknown, unknown];
  if (typeof name !== 'string' || !isNode(receiver) || !Array.isArray(args)) return undefined;
  return { name, receiver, args: args.filter(isNode) };
}

/** `xs.map(x, …)` and the other comprehension macros: the iteration variable comes first. */
function comprehension(node: CelNode): { receiver: CelNode; bodies: CelNode[] } | undefined {
  const call = methodCall(node);
  if (!call || !COMPREHENSIONS.has(call.name)) return undefined;
  const [variable, ...bodies] = call.args;
  if (variable?.op !== 'id' || bodies.length < 1 || bodies.length > (call.name === 'map' ? 2 : 1)) return undefined;
  return { receiver: call.receiver, bodies };
}

function children(node: CelNode): CelNode[] {
  const found: CelNode[] = [];
  const collect = (value: unknown): void => {
    if (isNode(value)) found.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
  };
  collect(node.args);
  return found;
}

/** How deep comprehensions nest inside one another's predicates and transforms (a comprehension counts 1 and every body it has). */
export function comprehensionNesting(node: CelNode): number {
  const loop = comprehension(node);
  let deepest = 0;
  for (const child of children(node)) {
    const inBody = loop?.bodies.includes(child) ?? false;
    deepest = Math.max(deepest, comprehensionNesting(child) + (inBody ? 1 : 0));
  }
  return deepest;
}

/** The string literals given to `matches` as its pattern. */
export function literalPatterns(node: CelNode): string[] {
  const call = methodCall(node);
  const own = call?.name === 'matches' && call.args[0]?.op === 'value' && typeof call.args[0].args === 'string' ? [call.args[0].args] : [];
  return [...own, ...children(node).flatMap(literalPatterns)];
}

interface Edit {
  at: number;
  text: string;
  /** 0 closes a span, 1 opens one, 2 replaces text up to `end`. */
  kind: 0 | 1 | 2;
  length: number;
  index: number;
  end?: number;
}

/** The metered copy of `source`, whose parse tree is `root`. */
export function meteredSource(source: string, root: CelNode): string {
  const edits: Edit[] = [];
  const wrap = (node: CelNode, before: string, after = ')') => {
    const length = node.end - node.start;
    edits.push({ at: node.start, text: before, kind: 1, length, index: edits.length });
    edits.push({ at: node.end, text: after, kind: 0, length, index: edits.length });
  };
  const visit = (node: CelNode): void => {
    const loop = comprehension(node);
    const call = methodCall(node);
    if (loop) {
      wrap(loop.receiver, `${INTERNAL_PREFIX}iter(`);
      loop.bodies.forEach((body, i) => wrap(body, i === loop.bodies.length - 1 ? `${INTERNAL_PREFIX}step(` : `${INTERNAL_PREFIX}value(`));
    } else if (call?.name === 'bind' && call.receiver.op === 'id' && call.receiver.args === 'cel' && call.args.length === 3) {
      wrap(call.args[1], `${INTERNAL_PREFIX}value(`);
    } else if (call?.name === 'matches' && call.args.length === 1) {
      const name = methodNameAt(source, call.receiver.end, 'matches');
      edits.push({ at: name, end: name + 'matches'.length, text: `${INTERNAL_PREFIX}matches`, kind: 2, length: 0, index: edits.length });
    } else if (call && STRING_FUNCTIONS.has(call.name)) {
      for (const target of [call.receiver, ...call.args]) wrap(target, `${INTERNAL_PREFIX}str(`, `, '${call.name}')`);
    } else if (call?.name === 'join') {
      wrap(node, `${INTERNAL_PREFIX}value(`);
    }
    children(node).forEach(visit);
  };
  visit(root);
  // Same position: spans that end close before spans that start; the outer of two spans opens first and closes last.
  edits.sort((a, b) => a.at - b.at || a.kind - b.kind || (a.kind === 1 ? b.length - a.length || a.index - b.index : a.length - b.length || b.index - a.index));
  let out = '';
  let position = 0;
  for (const edit of edits) {
    out += source.slice(position, edit.at) + edit.text;
    position = edit.kind === 2 ? edit.end! : edit.at;
  }
  return out + source.slice(position);
}

/** Where the method name starts after a receiver: past `)`, white space, comments and the dot. */
function methodNameAt(source: string, from: number, name: string): number {
  let i = from;
  let dot = false;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '/' && source[i + 1] === '/') {
      const newline = source.indexOf('\n', i);
      i = newline < 0 ? source.length : newline + 1;
    } else if (ch === '.' && !dot) {
      dot = true;
      i++;
    } else if (/\s/.test(ch) || (ch === ')' && !dot)) i++;
    else break;
  }
  if (!dot || !source.startsWith(name, i)) throw new Error(`cannot find '.${name}' after position ${from}`);
  return i;
}
