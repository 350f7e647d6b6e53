/**
 * Where a problem is in the text, as offsets for an editor marker: the value at the problem's JSON
 * pointer (or the key, for problems about a key such as an unknown property), never a whole
 * object — a missing option underlines the state's name, not its fifty lines.
 */
import { parseTree, type Node } from 'jsonc-parser';
import type { Problem } from '../../../engine/core/types.ts';

export interface ProblemRange {
  start: number;
  end: number;
  problem: Problem;
}

function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The deepest node that starts exactly at `offset`. */
function nodeStartingAt(node: Node, offset: number): Node | undefined {
  if (offset < node.offset || offset > node.offset + node.length) return undefined;
  for (const child of node.children ?? []) {
    const found = nodeStartingAt(child, offset);
    if (found) return found;
  }
  return node.offset === offset ? node : undefined;
}

function span(node: Node): [number, number] {
  if (node.type === 'property') return span(node.children![0]);
  if (node.type === 'object' || node.type === 'array') {
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return key ? [key.offset, key.offset + key.length] : [node.offset, node.offset + 1];
  }
  return [node.offset, node.offset + node.length];
}

export function problemRanges(text: string, problems: Problem[]): ProblemRange[] {
  const lines = lineOffsets(text);
  const tree = parseTree(text);
  return problems.map((problem) => {
    const start = Math.min(text.length, (lines[problem.line - 1] ?? 0) + problem.column - 1);
    const node = tree && nodeStartingAt(tree, start);
    if (node) {
      const [from, to] = span(node);
      return { start: from, end: Math.max(to, from + 1), problem };
    }
    // A syntax error: underline the offending token, at least one character.
    const rest = text.slice(start).match(/^[^\s,:{}[\]"]+|^"[^"\n]*"?/);
    return { start, end: Math.min(text.length, start + Math.max(1, rest?.[0].length ?? 1)), problem };
  });
}
