/**
 * What the editor knows about the current text: the parsed value, every problem (the same
 * `checkText` that `callflow lint` and deploys run) and whether the canvas can show it. A flow
 * being built is incomplete — required options and ports still missing — and the canvas keeps
 * drawing it, with the gaps marked. Text that is not JSON, or that breaks the schema in any other
 * way, cannot be drawn faithfully: the canvas keeps the last drawable version and says so. A flow
 * with no blocks yet is simply not started: nothing is reported about it but broken text (the
 * editor shows what to do first instead), and it cannot be saved or simulated.
 */
import { checkText } from '../../../engine/blocks/language.ts';
import { hasErrors } from '../../../engine/core/validate.ts';
import { getBlock } from '../../../engine/blocks/registry.ts';
import type { FlowDocument, Problem } from '../../../engine/core/types.ts';
import type { FlowValue } from './flow-value.ts';

/** Schema problems that mean "not finished yet" rather than "wrong". */
const INCOMPLETE = new Set(['schema.required', 'schema.minProperties', 'schema.minItems', 'schema.anyOf', 'schema.oneOf']);

export interface Analysis {
  text: string;
  /** The parsed JSON, when the text is JSON. */
  value: unknown;
  problems: Problem[];
  /** The problems that keep the canvas from drawing this text (empty when drawable). */
  blocking: Problem[];
  /** Set when the canvas can draw and edit this text. */
  drawable?: FlowValue;
  /** Set when the flow passes the schema (it may still have reference or lint errors). */
  flow?: FlowDocument;
  errors: number;
  warnings: number;
  /** No error-severity problem: the flow can be saved, compiled and simulated. */
  clean: boolean;
  /** The flow has no states yet. */
  empty: boolean;
}

export function analyze(text: string, file: string, knownFlows?: string[]): Analysis {
  const result = checkText(text, file, knownFlows ? { knownFlows } : {});
  const value = result.source.value;
  const states = (value as { states?: unknown } | undefined)?.states;
  const empty = value !== undefined && (states === undefined || (typeof states === 'object' && states !== null && !Object.keys(states).length));
  const blocking = result.problems.filter(
    (problem) => problem.severity === 'error' && !INCOMPLETE.has(problem.code) && (problem.code.startsWith('json.') || problem.code.startsWith('schema.')),
  );
  const shapeProblem = value === undefined ? undefined : shapeError(value, file, result.source.locate);
  if (shapeProblem) blocking.push(shapeProblem);
  const problems = empty ? blocking : result.problems;
  return {
    text,
    value,
    problems,
    blocking,
    drawable: value !== undefined && blocking.length === 0 ? (value as FlowValue) : undefined,
    flow: result.flow,
    errors: problems.filter((problem) => problem.severity === 'error').length,
    warnings: problems.filter((problem) => problem.severity === 'warning').length,
    clean: value !== undefined && !empty && !hasErrors(problems),
    empty,
  };
}

/** The minimum the canvas needs: an object whose states are objects of known block types. */
function shapeError(value: unknown, file: string, locate: (pointer: string) => { line: number; column: number }): Problem | undefined {
  const problem = (pointer: string, message: string): Problem => ({ file, pointer, ...locate(pointer), severity: 'error', code: 'editor.shape', message });
  if (!value || typeof value !== 'object' || Array.isArray(value)) return problem('', 'a flow is a JSON object');
  const states = (value as { states?: unknown }).states;
  if (states === undefined) return undefined;
  if (!states || typeof states !== 'object' || Array.isArray(states)) return problem('/states', '"states" must be an object of states');
  for (const [id, state] of Object.entries(states)) {
    const type = (state as { type?: unknown })?.type;
    if (!state || typeof state !== 'object' || typeof type !== 'string' || !getBlock(type))
      return problem(`/states/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`, `state '${id}' needs a known block "type"`);
  }
  return undefined;
}
