/**
 * The nodes and edges handed to React Flow for a newly placed graph: one whose content did not
 * change keeps its object (so React Flow re-renders only what changed, and keeps what it measured);
 * any other is the fresh one. Nothing is carried over from an old node but its measurements — never
 * its data, never an edge's ends — so the canvas cannot keep showing what the document dropped.
 */
import type { FlowEdge, StateNode } from './flow-to-graph.ts';

function sameContent(old: StateNode, fresh: StateNode): boolean {
  return (
    old.position.x === fresh.position.x &&
    old.position.y === fresh.position.y &&
    old.width === fresh.width &&
    old.height === fresh.height &&
    old.ariaLabel === fresh.ariaLabel &&
    (old.data === fresh.data || JSON.stringify(old.data) === JSON.stringify(fresh.data))
  );
}

export function reconcileNodes(previous: StateNode[], next: StateNode[], selected: ReadonlySet<string>): StateNode[] {
  const byId = new Map(previous.map((node) => [node.id, node]));
  return next.map((fresh) => {
    const old = byId.get(fresh.id);
    const wanted = selected.has(fresh.id);
    if (!old) return { ...fresh, selected: wanted };
    if (sameContent(old, fresh)) return Boolean(old.selected) === wanted && !old.dragging ? old : { ...old, selected: wanted, dragging: false };
    return { ...fresh, measured: old.measured, selected: wanted };
  });
}

function sameEdge(old: FlowEdge, fresh: FlowEdge): boolean {
  return (
    old.source === fresh.source &&
    old.target === fresh.target &&
    old.sourceHandle === fresh.sourceHandle &&
    old.targetHandle === fresh.targetHandle &&
    old.className === fresh.className &&
    old.selected === fresh.selected &&
    old.ariaLabel === fresh.ariaLabel &&
    old.data?.port === fresh.data?.port &&
    old.data?.route === fresh.data?.route
  );
}

export function reconcileEdges(previous: FlowEdge[], next: FlowEdge[]): FlowEdge[] {
  const byId = new Map(previous.map((edge) => [edge.id, edge]));
  return next.map((fresh) => {
    const old = byId.get(fresh.id);
    return old && sameEdge(old, fresh) ? old : fresh;
  });
}
