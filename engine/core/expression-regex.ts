/**
 * CEL's `matches` on RE2 semantics in linear time. cel-js runs `matches` on JavaScript's RegExp,
 * which backtracks: `'^([A-Za-z]+ ?)+$'` against 27 characters a caller chose held the event loop
 * for over half a second, doubling with each character. re2js (a pure JavaScript port of RE2) runs
 * in time linear in the input and is what cel-spec specifies anyway; it refuses what needs
 * backtracking (backreferences, lookahead, lookbehind), which lint reports at the expression.
 * Matching is unanchored, as in CEL: `'abc'.matches('b')` is true.
 */
import { RE2JS } from 're2js';
import { BudgetError, checkStringInput, MAX_PATTERN_LENGTH } from './expression-limits.ts';

const CACHE_SIZE = 200;
const cache = new Map<string, RE2JS | string>();

/** The compiled pattern, or a sentence saying why RE2 cannot run it. Cached, oldest dropped first. */
function compiled(pattern: string): RE2JS | string {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  let result: RE2JS | string;
  if (pattern.length > MAX_PATTERN_LENGTH) {
    result = `the regular expression is ${pattern.length.toLocaleString('en-US')} characters long; the limit is ${MAX_PATTERN_LENGTH.toLocaleString('en-US')}`;
  } else {
    try {
      result = RE2JS.compile(pattern);
    } catch (error) {
      result = explain(pattern, error);
    }
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, result);
  return result;
}

/** Null when `pattern` runs on RE2, else why not (for lint, at the expression's pointer). */
export function regexProblem(pattern: string): string | null {
  const result = compiled(pattern);
  return typeof result === 'string' ? result : null;
}

/** `text.matches(pattern)` in linear time; inputs over the caps and patterns RE2 refuses are errors. */
export function matchesLinear(text: string, pattern: string): boolean {
  checkStringInput(text, 'matches');
  const result = compiled(pattern);
  if (typeof result === 'string') throw new BudgetError(result);
  return result.test(text);
}

function explain(pattern: string, error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  const why = /\\[1-9]/.test(pattern)
    ? 'backreferences need backtracking, which can take exponential time'
    : /\(\?<?[=!]/.test(pattern)
      ? 'lookahead and lookbehind need backtracking, which can take exponential time'
      : 'it is not valid RE2 syntax';
  return `the regular expression '${pattern}' cannot be used: ${why}; matches runs RE2, which takes time linear in the input (${detail})`;
}
