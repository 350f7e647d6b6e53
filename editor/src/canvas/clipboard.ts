/**
 * Copy and paste of states on the canvas. The copied states are also put on the system clipboard
 * as JSON, so they can be pasted into the code view or another editor window.
 */
import type { FlowValue, StateValue } from '../document/flow-value.ts';
import type { Point } from './elk-layout.ts';

export interface CopiedStates {
  states: Record<string, StateValue>;
  positions: Record<string, Point>;
}

let copied: CopiedStates | undefined;

export function copyStates(flow: FlowValue, ids: string[], positions: Record<string, Point>): number {
  const states = Object.fromEntries(ids.filter((id) => flow.states?.[id]).map((id) => [id, structuredClone(flow.states![id])]));
  if (!Object.keys(states).length) return 0;
  copied = {
    states,
    positions: Object.fromEntries(
      Object.keys(states)
        .filter((id) => positions[id])
        .map((id) => [id, positions[id]]),
    ),
  };
  navigator.clipboard?.writeText(JSON.stringify(states, null, 2)).catch(() => undefined);
  return Object.keys(states).length;
}

export function copiedStates(): CopiedStates | undefined {
  return copied;
}
