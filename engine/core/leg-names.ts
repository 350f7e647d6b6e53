/**
 * Lint of call-leg names (engine/core/legs.ts): every leg a state acts on (`leg`, `fromLeg`) or an
 * expression reads (`legs.<name>`) must be placed by some dial or joinMeeting of the flow with that
 * `leg` — otherwise the name is a typo, and the action would fail on every call.
 */
import type { FlowDocument } from './types.ts';

/** Blocks whose `leg` places the leg rather than acting on it. */
const PLACING = new Set(['dial', 'joinMeeting']);
/** Options naming a leg that a state acts on. */
const NAMING = ['leg', 'fromLeg'];
const READ = /\blegs\.([A-Za-z_][A-Za-z0-9_]*)/g;

export interface LegProblem {
  /** Path inside the flow document. */
  path: string[];
  message: string;
}

export function placedLegs(flow: FlowDocument): Set<string> {
  const placed = new Set<string>();
  for (const state of Object.values(flow.states ?? {})) if (PLACING.has(state.type) && typeof state.leg === 'string') placed.add(state.leg);
  return placed;
}

export function unknownLegs(flow: FlowDocument): LegProblem[] {
  const placed = placedLegs(flow);
  const known = placed.size ? `the flow places ${[...placed].map((name) => `'${name}'`).join(', ')}` : 'the flow places none';
  const problems: LegProblem[] = [];
  const unknown = (name: string, path: string[], what: string) => {
    if (!placed.has(name))
      problems.push({ path, message: `${what} call leg '${name}', which no dial or joinMeeting places with \`leg: "${name}"\` (${known})` });
  };
  for (const [id, state] of Object.entries(flow.states ?? {})) {
    for (const option of NAMING)
      if (typeof state[option] === 'string' && !(option === 'leg' && PLACING.has(state.type)))
        unknown(String(state[option]), ['states', id, option], `state '${id}' acts on`);
    visitStrings(state, ['states', id], (text, path) => {
      for (const match of text.matchAll(READ)) unknown(match[1], path, `state '${id}' reads`);
    });
  }
  return problems;
}

function visitStrings(value: unknown, path: string[], visit: (text: string, path: string[]) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, index) => visitStrings(item, [...path, String(index)], visit));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) visitStrings(item, [...path, key], visit);
}
