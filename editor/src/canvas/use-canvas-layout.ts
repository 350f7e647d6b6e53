/**
 * Keeps every state of the open flow placed. States with saved positions stay where they are;
 * states added by an edit are placed at once, clear of every box (placement.ts); a flow opened
 * without positions is laid out by elkjs. elkjs also reruns (debounced, in its worker) whenever
 * the graph's structure changes, to supply edge routes and the "Auto layout" result; its answer
 * carries the key of the graph it was computed for, so a route is never drawn for another graph.
 */
import { useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { StateNode, FlowEdge } from './flow-to-graph.ts';
import { layoutGraph } from './elk-layout.ts';
import { layoutInput } from './elk-graph.ts';
import { placeMissing } from './placement.ts';
import type { LayoutStore } from './layout-store.ts';

const DEBOUNCE_MS = 120;

export interface CanvasLayout {
  /** elkjs is placing a flow that has no positions yet. */
  pending: boolean;
  /** Identifies the graph's geometry: elkjs' routes are used only for the graph with this key. */
  key: string;
  /** Milliseconds the last elkjs run took. */
  lastLayoutMs?: number;
}

export function useCanvasLayout(store: LayoutStore, nodes: StateNode[], edges: FlowEdge[]): CanvasLayout {
  useSyncExternalStore(store.subscribe, () => store.revision);
  const [lastLayoutMs, setLastLayoutMs] = useState<number>();
  const input = useMemo(() => layoutInput(nodes, edges), [nodes, edges]);
  const key = useMemo(() => JSON.stringify(input), [input]);
  const unplaced = nodes.filter((node) => !store.positions[node.id]);
  const nothingPlaced = nodes.length > 0 && unplaced.length === nodes.length && !nodes.some((node) => store.preferred(node.id));

  // The layout follows the document's states, and places new ones, before the browser paints.
  useLayoutEffect(() => {
    store.sync(nodes.map((node) => node.id));
    if (!unplaced.length || nothingPlaced) return;
    const links = edges.map((edge): [string, string] => [edge.source, edge.target]);
    store.move(placeMissing(input.nodes, links, store.positions, (id) => store.preferred(id)));
  });

  useEffect(() => {
    if (!input.nodes.length) return;
    let cancelled = false;
    const timer = setTimeout(
      async () => {
        const started = performance.now();
        try {
          const result = await layoutGraph(input.nodes, input.edges);
          if (cancelled) return;
          setLastLayoutMs(Math.round(performance.now() - started));
          store.setElk({ ...result, key });
          // A flow opened without saved positions takes elkjs' layout as its own: nothing to save yet.
          if (input.nodes.every((node) => !store.positions[node.id])) store.adoptElk({ asSaved: true });
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
    // The key stands for the layout input: reruns only when the graph's geometry really changed (or a file was opened).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- input is a new object whenever nodes change
  }, [key, store, store.loads]);

  return { pending: nothingPlaced, key, lastLayoutMs };
}
