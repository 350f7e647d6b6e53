/**
 * The flow as a directed graph of states and ports: what lint, coverage, diagrams and the editor
 * canvas all draw from. Built only from `outcomes(state)`, so it never disagrees with the compiler.
 */
import type { BlockRegistry, Port } from './block.ts';
import type { FlowDocument } from './types.ts';
import { valueAtPath } from './validate.ts';

export interface FlowEdge {
  from: string;
  port: string;
  /** Target state id, or undefined for an unconnected port. */
  to: string | undefined;
  path: string[];
  required: boolean;
  fallback?: string;
}

export interface FlowGraph {
  states: string[];
  edges: FlowEdge[];
  /** Entry points: start plus the flow-wide handlers. */
  roots: string[];
}

export function portsOf(blocks: BlockRegistry, flow: FlowDocument, stateId: string): Port[] {
  const state = flow.states[stateId];
  const block = state && blocks.get(state.type);
  return block ? block.outcomes(state) : [];
}

export function flowGraph(blocks: BlockRegistry, flow: FlowDocument): FlowGraph {
  const edges: FlowEdge[] = [];
  for (const stateId of Object.keys(flow.states)) {
    for (const port of portsOf(blocks, flow, stateId)) {
      const target = valueAtPath(flow.states[stateId], port.path);
      edges.push({
        from: stateId,
        port: port.name,
        to: typeof target === 'string' ? target : undefined,
        path: port.path,
        required: Boolean(port.required),
        ...(port.fallback ? { fallback: port.fallback } : {}),
      });
    }
  }
  // Flow-wide handlers are entered from any state, so each is an entry point of its own.
  const roots = [flow.start, flow.on?.hangup, flow.on?.error, ...Object.values(flow.on?.key ?? {})].filter((id): id is string => typeof id === 'string');
  return { states: Object.keys(flow.states), edges, roots };
}

/** States reachable from the given roots along connected ports. */
export function reachable(graph: FlowGraph, roots: string[]): Set<string> {
  const next = adjacency(graph);
  const seen = new Set<string>();
  const known = new Set(graph.states);
  const queue = roots.filter((root) => known.has(root));
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const to of next.get(id) ?? []) if (!seen.has(to)) queue.push(to);
  }
  return seen;
}

const adjacencies = new WeakMap<FlowGraph, Map<string, string[]>>();

/** Connected targets per state (computed once per graph). */
export function adjacency(graph: FlowGraph): Map<string, string[]> {
  const cached = adjacencies.get(graph);
  if (cached) return cached;
  const states = new Set(graph.states);
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (!edge.to || !states.has(edge.to)) continue;
    const list = next.get(edge.from);
    if (list) list.push(edge.to);
    else next.set(edge.from, [edge.to]);
  }
  adjacencies.set(graph, next);
  return next;
}

/** Strongly connected components with more than one state, or a state that loops to itself (Tarjan). */
export function cycles(graph: FlowGraph): string[][] {
  const next = adjacency(graph);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  // Iterative to survive 10,000-state flows without deep recursion.
  for (const root of graph.states) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; i: number }> = [{ id: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const targets = next.get(frame.id) ?? [];
      if (frame.i < targets.length) {
        const to = targets[frame.i++];
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, i: 0 });
        } else if (onStack.has(to)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        const selfLoop = component.length === 1 && (next.get(component[0]) ?? []).includes(component[0]);
        if (component.length > 1 || selfLoop) found.push(component.reverse());
      }
    }
  }
  return found;
}
