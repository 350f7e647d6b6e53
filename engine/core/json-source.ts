/**
 * Reads flow text into a value and a location index, so every problem can name its line and
 * column. Uses jsonc-parser's syntax tree (the parser VS Code uses) for positions; guards size and
 * nesting first so hostile input gets one clear error quickly instead of a stack overflow.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import pointer from 'json-pointer';
import type { Problem } from './types.ts';

export const MAX_FLOW_BYTES = 4 * 1024 * 1024;
export const MAX_NESTING = 64;

export interface JsonSource {
  file: string;
  text: string;
  value: unknown;
  tree: Node | undefined;
  /** Syntax, size and nesting problems, plus duplicate keys. Empty when the text is sound JSON. */
  problems: Problem[];
  /** Line and column (1-based) of the value at a JSON pointer, or of its nearest existing parent. */
  locate(at: string, key?: boolean): { line: number; column: number };
}

export function parseSource(text: string, file: string): JsonSource {
  const lines = lineStarts(text);
  const position = (offset: number) => {
    let low = 0;
    let high = lines.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lines[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lines[low] + 1 };
  };
  const problem = (offset: number, code: string, message: string, at = ''): Problem => ({
    file,
    pointer: at,
    ...position(offset),
    severity: 'error',
    code,
    message,
  });
  const empty = (problems: Problem[]): JsonSource => ({ file, text, value: undefined, tree: undefined, problems, locate: () => ({ line: 1, column: 1 }) });

  const bytes = byteLength(text);
  if (bytes > MAX_FLOW_BYTES) {
    return empty([
      problem(
        0,
        'json.too-large',
        `the file is ${(bytes / 1048576).toFixed(1)} MiB; a flow may be at most ${MAX_FLOW_BYTES / 1048576} MiB — split it into subflows`,
      ),
    ]);
  }
  const deep = nestingBeyond(text, MAX_NESTING);
  if (deep >= 0) {
    return empty([
      problem(
        deep,
        'json.too-deep',
        `values are nested more than ${MAX_NESTING} levels deep here; a flow never needs that — check for a generated or corrupted file`,
      ),
    ]);
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) {
    // Later syntax errors are almost always consequences of the first; one clear error is better.
    return empty([problem(errors[0].offset, 'json.syntax', syntaxMessage(errors[0], text))]);
  }
  const value = JSON.parse(text) as unknown;
  const locate = (at: string, key = false) => {
    let path: string[];
    try {
      path = at ? pointer.parse(at) : [];
    } catch {
      path = [];
    }
    for (let length = path.length; length >= 0; length--) {
      const node = tree ? nodeAt(tree, path.slice(0, length)) : undefined;
      if (!node) continue;
      const keyNode = key && length === path.length && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return position((keyNode ?? node).offset);
    }
    return { line: 1, column: 1 };
  };
  const problems = tree
    ? duplicateKeys(tree, (node, path) =>
        problem(node.offset, 'json.duplicate-key', `key '${node.value}' appears more than once in this object; JSON keeps only the last — remove one`, path),
      )
    : [];
  if (tree && !text.isWellFormed()) {
    // A lone UTF-16 surrogate cannot be saved as UTF-8: it would silently become U+FFFD.
    problems.push(
      ...lonelySurrogates(tree).map(([node, at]) =>
        problem(
          node.offset,
          'json.invalid-unicode',
          'this string contains an unpaired UTF-16 surrogate, which cannot be stored as UTF-8 — retype the text',
          at,
        ),
      ),
    );
  } else if (tree && text.includes('\\u')) {
    problems.push(
      ...lonelySurrogates(tree).map(([node, at]) =>
        problem(
          node.offset,
          'json.invalid-unicode',
          'this string contains an escaped unpaired UTF-16 surrogate (\\uD800–\\uDFFF), which cannot be stored as UTF-8 — fix the escape',
          at,
        ),
      ),
    );
  }
  return { file, text, value, tree, problems, locate };
}

/**
 * The node at a path. Written here rather than using jsonc-parser's findNodeAtLocation because a
 * pointer's segments are strings: "1" is an index in an array but a key in an object (menu choices).
 */
function nodeAt(root: Node, path: string[]): Node | undefined {
  let node: Node | undefined = root;
  for (const part of path) {
    if (!node) return undefined;
    if (node.type === 'array') node = node.children?.[Number(part)];
    else if (node.type === 'object') node = node.children?.find((property) => property.children?.[0]?.value === part)?.children?.[1];
    else return undefined;
  }
  return node;
}

function lonelySurrogates(root: Node): Array<[Node, string]> {
  const found: Array<[Node, string]> = [];
  const visit = (node: Node, path: string[]) => {
    if (node.type === 'string' && typeof node.value === 'string' && !node.value.isWellFormed()) found.push([node, pointer.compile(path)]);
    if (node.type === 'object') {
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (typeof key?.value === 'string' && !key.value.isWellFormed()) found.push([key, pointer.compile([...path, key.value])]);
        if (value) visit(value, [...path, String(key?.value)]);
      }
    } else if (node.type === 'array') (node.children ?? []).forEach((child, index) => visit(child, [...path, String(index)]));
  };
  visit(root, []);
  return found;
}

function duplicateKeys(root: Node, report: (key: Node, path: string) => Problem): Problem[] {
  const found: Problem[] = [];
  const visit = (node: Node, path: string[]) => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        const name = String(keyNode?.value);
        if (seen.has(name)) found.push(report(keyNode, pointer.compile([...path, name])));
        seen.add(name);
        if (valueNode) visit(valueNode, [...path, name]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, index) => visit(child, [...path, String(index)]));
    }
  };
  visit(root, []);
  return found;
}

function syntaxMessage(error: ParseError, text: string): string {
  const code = printParseErrorCode(error.error);
  const found = error.offset >= text.length ? 'the end of the file' : `'${text.slice(error.offset, error.offset + Math.max(1, Math.min(error.length, 20)))}'`;
  const hints: Record<string, string> = {
    InvalidSymbol: 'this is not JSON (keys and strings need double quotes; no comments)',
    ValueExpected: 'a value is missing (a trailing comma, or a truncated file?)',
    CommaExpected: 'a comma is missing between two entries',
    ColonExpected: 'a colon is missing after the key',
    PropertyNameExpected: 'a double-quoted key is expected (remove the trailing comma?)',
    CloseBraceExpected: 'an object is not closed with } (truncated file?)',
    CloseBracketExpected: 'an array is not closed with ] (truncated file?)',
    EndOfFileExpected: 'there is text after the end of the JSON value',
    UnexpectedEndOfString: 'a string is not closed with "',
    UnexpectedEndOfComment: 'a comment is not closed',
    InvalidCommentToken: 'comments are not allowed in flow files',
  };
  return `invalid JSON at ${found}: ${hints[code] ?? code}`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Offset where nesting first exceeds `limit` (strings skipped), or -1. Linear, no recursion. */
function nestingBeyond(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

function byteLength(text: string): number {
  // Cheap upper bound first: most flows are far below the limit.
  if (text.length * 3 <= MAX_FLOW_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}
