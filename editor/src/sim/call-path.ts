/**
 * The path a call took through the flow, from its trace: the states it entered and the ports it
 * left through (as canvas edge ids), so the canvas can highlight the way the call went, not only
 * where it is now.
 */
import type { TraceEntry } from '../../../engine/core/types.ts';
import { edgeId } from '../canvas/flow-to-graph.ts';

export interface CallPath {
  states: ReadonlySet<string>;
  edges: ReadonlySet<string>;
}

export function callPath(trace: TraceEntry[]): CallPath {
  const states = new Set<string>();
  const edges = new Set<string>();
  const start = trace.find((entry) => entry.kind === 'transition');
  if (start) states.add(typeof start.to === 'string' ? start.to : Object.keys(start.to as object)[0]);
  for (const entry of trace) {
    if (entry.kind !== 'port') continue;
    edges.add(edgeId(String(entry.state), String(entry.port)));
    if (typeof entry.target === 'string') states.add(entry.target);
  }
  return { states, edges };
}

const sameSet = (a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined) => a?.size === b?.size && [...(a ?? [])].every((item) => b?.has(item));

/** Whether two paths are the same (the simulator reports one on every tick). */
export function samePath(a: CallPath | undefined, b: CallPath | undefined): boolean {
  return sameSet(a?.states, b?.states) && sameSet(a?.edges, b?.edges);
}
