/**
 * Keeps every state of the open flow placed. States with saved positions stay where they are;
 * states added by an edit are placed beside their neighbours at once; a flow opened without
 * positions is laid out by elkjs. elkjs also reruns (debounced, in its worker) whenever the
 * graph's structure changes, to supply edge routes and the "Auto layout" result.
 */
import { useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { StateNode, FlowEdge } from './flow-to-graph.ts';
import { layoutGraph, type LayoutNode, type LayoutEdge } from './elk-layout.ts';
import { entryPoints, inputY, portY } from './node-geometry.ts';
import { placeMissing } from './placement.ts';
import type { LayoutStore } from './layout-store.ts';

const DEBOUNCE_MS = 120;

export interface CanvasLayout {
  /** elkjs is placing a flow that has no positions yet. */
  pending: boolean;
  /** Milliseconds the last elkjs run took. */
  lastLayoutMs?: number;
}

export function useCanvasLayout(store: LayoutStore, nodes: StateNode[], edges: FlowEdge[]): CanvasLayout {
  useSyncExternalStore(store.subscribe, () => store.revision);
  const [lastLayoutMs, setLastLayoutMs] = useState<number>();
  const layoutNodes = useMemo<LayoutNode[]>(
    () =>
      nodes.map((node) => ({
        id: node.id,
        width: node.width!,
        height: node.height!,
        ports: node.data.ports.map((port, index) => ({ name: port.name, y: portY(node.data.summary.length, index) })),
        inputs:
          entryPoints(node.data.inputs.length) > 1
            ? node.data.inputs.map((edge, index) => ({ edge, y: inputY(index) }))
            : node.data.inputs.map((edge) => ({ edge, y: inputY(0), shared: true })),
      })),
    [nodes],
  );
  const layoutEdges = useMemo<LayoutEdge[]>(
    () => edges.map((edge) => ({ id: edge.id, source: edge.source, port: edge.data!.port, target: edge.target, label: String(edge.label ?? '') })),
    [edges],
  );
  const structure = useMemo(() => JSON.stringify([layoutNodes, layoutEdges]), [layoutNodes, layoutEdges]);
  const unplaced = nodes.filter((node) => !store.positions[node.id]);
  const nothingPlaced = nodes.length > 0 && unplaced.length === nodes.length;

  // Edits add states next to what is already there, before the browser paints.
  useLayoutEffect(() => {
    if (!unplaced.length || nothingPlaced) return;
    const links = edges.map((edge): [string, string] => [edge.source, edge.target]);
    store.move(placeMissing(layoutNodes, links, store.positions));
  });

  useEffect(() => {
    if (!layoutNodes.length) return;
    let cancelled = false;
    const timer = setTimeout(
      async () => {
        const started = performance.now();
        try {
          const result = await layoutGraph(layoutNodes, layoutEdges);
          if (cancelled) return;
          setLastLayoutMs(Math.round(performance.now() - started));
          store.setElk(result);
          // A flow opened without saved positions takes elkjs' layout as its own: nothing to save yet.
          if (layoutNodes.every((node) => !store.positions[node.id])) store.adoptElk({ asSaved: true });
        } catch (error) {
          console.error('layout failed', error);
        }
      },
      nothingPlaced ? 0 : DEBOUNCE_MS,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // The structure string stands for nodes and edges: reruns only when the graph really changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- nodes and edges are new arrays on every render
  }, [structure, store]);

  return { pending: nothingPlaced, lastLayoutMs };
}
