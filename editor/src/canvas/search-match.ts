/**
 * What the canvas search looks in, for one state: its id and block, every word and number in its
 * options (phone numbers, names shown to the callee, URLs, conditions), the words of the prompts
 * it plays, and the states its ports go to — so an analyst finds "the box that says the opening
 * hours" or "where +1 425 555 0102 is called" without knowing state ids.
 */
import { getBlock } from '../../../engine/blocks/registry.ts';
import type { JsonSchema } from '../../../engine/core/block.ts';
import type { FlowValue, StateValue } from '../document/flow-value.ts';

const PROMPT_KEY = '#/$defs/promptKey';

/** The prompt keys a state plays: the values of its options declared as prompt keys (or lists of them). */
export function promptKeys(state: StateValue): string[] {
  return Object.entries(getBlock(state.type)?.properties ?? {}).flatMap(([name, schema]) => {
    const value = state[name];
    if ((schema as JsonSchema).$ref === PROMPT_KEY && typeof value === 'string') return [value];
    if (((schema as JsonSchema).items as JsonSchema | undefined)?.$ref === PROMPT_KEY && Array.isArray(value)) return value.map(String);
    return [];
  });
}

function strings(value: unknown, out: string[]): string[] {
  if (typeof value === 'string' || typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) strings(item, out);
  return out;
}

/** Lower-case text a search term is matched against. */
export function searchableText(flow: FlowValue, stateId: string): string {
  const state = flow.states?.[stateId];
  if (!state) return stateId.toLowerCase();
  const values = strings(state, []);
  const promptWords = promptKeys(state).flatMap((key) => Object.values(flow.prompts?.[key] ?? {}).map((variant) => variant.text));
  return [stateId, getBlock(state.type)?.title ?? state.type, ...values, ...promptWords].join('\n').toLowerCase();
}

/** Whether a state matches a search term (case and surrounding spaces ignored; an empty term matches nothing). */
export function matchesSearch(flow: FlowValue, stateId: string, term: string): boolean {
  const wanted = term.trim().toLowerCase();
  return wanted !== '' && searchableText(flow, stateId).includes(wanted);
}

/** Matches in the order Enter goes to them: the state of that very id, ids that start with the term, ids that contain it, then the rest in flow order. */
export function rankMatches(ids: string[], term: string): string[] {
  const wanted = term.trim().toLowerCase();
  const rank = (id: string) => {
    const lower = id.toLowerCase();
    return lower === wanted ? 0 : lower.startsWith(wanted) ? 1 : lower.includes(wanted) ? 2 : 3;
  };
  return ids
    .map((id, index) => ({ id, index, rank: rank(id) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ id }) => id);
}
