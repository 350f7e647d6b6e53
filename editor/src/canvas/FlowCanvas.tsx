/**
 * The canvas: the flow drawn as states and ports with React Flow. Nodes, edges, labels and handles
 * are derived from the document on every change — form, code, rename, undo, another flow — in the
 * same render, so the canvas never shows a connection the text does not have; only positions
 * (the layout store) and what React Flow measured are kept between renders. Every change made
 * here is an edit of the document text (use-canvas-edits.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Background, Panel, ReactFlow, applyNodeChanges, useNodesInitialized, useReactFlow, useStore, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { Problem } from '../../../engine/core/types.ts';
import type { FlowValue } from '../document/flow-value.ts';
import { rankMatches } from './search-match.ts';
import { flowToGraph, placeGraph, type FlowEdge, type GraphOverlay, type StateNode as StateNodeType } from './flow-to-graph.ts';
import { StateNode } from './StateNode.tsx';
import { FlowEdgeComponent } from './FlowEdgeView.tsx';
import { useCanvasLayout } from './use-canvas-layout.ts';
import type { LayoutStore } from './layout-store.ts';
import { CanvasSearch } from './CanvasSearch.tsx';
import { CanvasToolbar } from './CanvasToolbar.tsx';
import { useCanvasEdits, type Edit } from './use-canvas-edits.ts';
import { boundsOf, readableView, READABLE_ZOOM } from './fit-view.ts';
import { reconcileEdges, reconcileNodes } from './reconcile-nodes.ts';
import { WhatToDoFirst } from './WhatToDoFirst.tsx';
import { GhostStates } from './GhostStates.tsx';
import { GHOST_HEIGHT, GHOST_WIDTH, ghostPlaces } from './ghost-states.ts';

const nodeTypes = { state: StateNode };
const edgeTypes = { flow: FlowEdgeComponent };
const NO_GRAPH = { nodes: [], edges: [] };

export interface FlowCanvasProps {
  flow: FlowValue | undefined;
  problems: Problem[];
  editable: boolean;
  layout: LayoutStore;
  edit: Edit;
  /** The selected states (the app's selection: the inspector shows the first). */
  selected: string[];
  onSelect: (stateIds: string[]) => void;
  /** Select and centre this state (search, problems list); `seq` repeats a request. */
  reveal?: { id: string; seq: number };
  /** A call in progress or a test run, shown over the flow. */
  overlay: Omit<GraphOverlay, 'search'>;
  /** Raised by the app when the view should fit the flow (a file was opened, the panels were toggled). */
  fitRequest: number;
  /** Changes when another flow is opened (the search is cleared). */
  openKey: number;
  /** The palette and side panel are hidden to give the canvas the whole window. */
  focused: boolean;
  onToggleFocus: () => void;
}

export function FlowCanvas(props: FlowCanvasProps) {
  const { flow, problems, editable, layout, edit, selected, onSelect, reveal, overlay, fitRequest, openKey, focused, onToggleFocus } = props;
  const flowApi = useReactFlow<StateNodeType, FlowEdge>();
  const [search, setSearch] = useState('');
  const [searchOf, setSearchOf] = useState(openKey);
  if (searchOf !== openKey) {
    setSearchOf(openKey);
    setSearch('');
  }
  const graph = useMemo(() => (flow ? flowToGraph(flow, problems, { ...overlay, search }) : NO_GRAPH), [flow, problems, overlay, search]);
  const { pending, key } = useCanvasLayout(layout, graph.nodes, graph.edges);
  // layout.revision stands for the positions and routes the store holds.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the store object is stable; its revision is what changes
  const placed = useMemo(() => placeGraph(graph, layout.positions, layout.elk, key), [graph, layout.revision, key]);

  // Nodes follow `placed` in the same render (derived state); React Flow's own changes (measuring,
  // dragging) are applied on top until the next document or layout change.
  const selectedKey = selected.join('\n');
  const [view, setView] = useState({ placed, selectedKey, nodes: [] as StateNodeType[] });
  let nodes = view.nodes;
  if (view.placed !== placed || view.selectedKey !== selectedKey) {
    nodes = reconcileNodes(view.nodes, placed.nodes, new Set(selected));
    setView({ placed, selectedKey, nodes });
  }
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const drawnEdges = useRef<FlowEdge[]>([]);
  const edges = useMemo(
    () =>
      (drawnEdges.current = reconcileEdges(
        drawnEdges.current,
        placed.edges.map((edge) => (selectedEdges.has(edge.id) ? { ...edge, selected: true } : edge)),
      )),
    [placed.edges, selectedEdges],
  );

  // Fit when asked (a flow opened, panels toggled, Auto layout), once the nodes are placed and
  // measured and React Flow has seen the canvas's current size, at a readable zoom (fit-view.ts).
  const [ownFits, setOwnFits] = useState(0);
  const fitKey = `${fitRequest}:${ownFits}`;
  const fitted = useRef('');
  const measured = useNodesInitialized();
  const viewWidth = useStore((store) => store.width);
  const viewHeight = useStore((store) => store.height);
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // No flow yet: the document of a flow just opened is still being analysed.
    if (fitted.current === fitKey || pending || !viewWidth || !flow) return;
    if (host.current && Math.abs(host.current.querySelector('.react-flow')!.clientWidth - viewWidth) > 1) return;
    if (!graph.nodes.length) {
      fitted.current = fitKey;
      void flowApi.setViewport({ x: 0, y: 0, zoom: 1 });
      return;
    }
    if (!nodes.length || !measured) return;
    fitted.current = fitKey;
    const rects = [
      ...nodes.map((node) => ({ ...node.position, width: node.width ?? 0, height: node.height ?? 0 })),
      ...edges.flatMap((edge) => edge.data?.route?.points ?? []).map((point) => ({ ...point, width: 0, height: 0 })),
    ];
    const start = nodes.find((node) => node.id === flow.start) ?? nodes[0];
    const viewport = readableView(
      boundsOf(rects)!,
      { width: viewWidth, height: viewHeight },
      { ...start.position, width: start.width ?? 0, height: start.height ?? 0 },
    );
    void flowApi.setViewport(viewport);
  }, [fitKey, pending, nodes, edges, graph.nodes.length, measured, viewWidth, viewHeight, flowApi, flow]);

  const centreOn = useCallback(
    (id: string, zoom: number) => {
      const node = flowApi.getNode(id);
      if (node)
        void flowApi.setCenter(node.position.x + (node.width ?? 0) / 2, node.position.y + (node.height ?? 0) / 2, {
          zoom: Math.max(flowApi.getZoom(), zoom),
          duration: 200,
        });
    },
    [flowApi],
  );
  // The History tab's ghosts, beside the flow; a ghost is revealed by centring on it.
  const ghosts = useMemo(
    () =>
      ghostPlaces(
        overlay.ghosts ?? [],
        nodes.map((node) => ({ ...node.position, width: node.width ?? 0, height: node.height ?? 0 })),
      ),
    [overlay.ghosts, nodes],
  );
  const ghostsNow = useRef(ghosts);
  ghostsNow.current = ghosts;
  const revealNode = useCallback(
    (id: string) => {
      const ghost = ghostsNow.current.find((place) => place.id === id);
      if (ghost) {
        void flowApi.setCenter(ghost.x + GHOST_WIDTH / 2, ghost.y + GHOST_HEIGHT / 2, { zoom: Math.max(flowApi.getZoom(), READABLE_ZOOM), duration: 200 });
        return;
      }
      onSelect([id]);
      centreOn(id, READABLE_ZOOM);
    },
    [centreOn, onSelect, flowApi],
  );
  // Follow a simulated or replayed call: keep the state it is in centred, at a readable zoom.
  useEffect(() => {
    if (overlay.active) centreOn(overlay.active, READABLE_ZOOM);
  }, [overlay.active, centreOn]);
  const revealLatest = useRef(revealNode);
  revealLatest.current = revealNode;
  useEffect(() => {
    if (reveal) revealLatest.current(reveal.id);
  }, [reveal]);

  // Selection belongs to the app; only what the user selects here (click, box, pane click) changes it.
  const selectedNow = useRef(selected);
  selectedNow.current = selected;
  const onNodesChange = useCallback(
    (changes: NodeChange<StateNodeType>[]) => {
      setView((current) => ({
        ...current,
        nodes: applyNodeChanges(
          changes.filter((change) => change.type !== 'remove'),
          current.nodes,
        ),
      }));
      const settled = Object.fromEntries(
        changes.flatMap((change) => (change.type === 'position' && change.position && !change.dragging ? [[change.id, change.position]] : [])),
      );
      if (Object.keys(settled).length) layout.move(settled);
      const picks = changes.filter((change) => change.type === 'select');
      if (picks.length) {
        const next = new Set(selectedNow.current);
        for (const pick of picks) {
          if (pick.selected) next.add(pick.id);
          else next.delete(pick.id);
        }
        onSelect([...next]);
      }
    },
    [layout, onSelect],
  );
  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    const picks = changes.filter((change) => change.type === 'select');
    if (!picks.length) return;
    setSelectedEdges((current) => {
      const next = new Set(current);
      for (const pick of picks) {
        if (pick.selected) next.add(pick.id);
        else next.delete(pick.id);
      }
      return next;
    });
  }, []);

  const edits = useCanvasEdits({ flow, editable, layout, edit, onSelect });
  const stateIds = useMemo(() => graph.nodes.map((node) => node.id), [graph.nodes]);
  const matches = useMemo(
    () =>
      rankMatches(
        graph.nodes.filter((node) => node.data.found).map((node) => node.id),
        search,
      ),
    [graph.nodes, search],
  );

  return (
    <div className="canvas" ref={host} onKeyDown={edits.onKeyDown}>
      <CanvasToolbar
        search={<CanvasSearch value={search} onChange={setSearch} matches={matches} stateIds={stateIds} onReveal={revealNode} />}
        canLayOut={Boolean(layout.elk) && editable}
        onAutoLayout={() => {
          layout.adoptElk();
          setOwnFits((count) => count + 1);
        }}
        onFit={() => setOwnFits((count) => count + 1)}
        focused={focused}
        onToggleFocus={onToggleFocus}
      />
      <div className="canvas-pane" onDragOver={(event) => event.preventDefault()} onDrop={edits.onDrop}>
        <ReactFlow<StateNodeType, FlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={edits.onConnect}
          onConnectEnd={edits.onConnectEnd}
          onDelete={edits.onDelete}
          isValidConnection={(connection) => connection.targetHandle === 'in'}
          nodesDraggable={editable}
          nodesConnectable={editable}
          edgesFocusable
          deleteKeyCode={editable ? ['Delete', 'Backspace'] : null}
          minZoom={0.1}
          maxZoom={2}
          onlyRenderVisibleElements={nodes.length > 150}
          defaultEdgeOptions={{ markerEnd: { type: 'arrowclosed' as never, width: 16, height: 16, color: '#64748b' } }}
          proOptions={{ hideAttribution: true }}
          aria-label="Flow canvas"
        >
          <Background gap={24} size={1.5} color="#d4d8e0" />
          <GhostStates ghosts={ghosts} />
          {!editable && flow && (
            <Panel position="top-center" className="sync-notice" role="status">
              <strong>Out of sync:</strong> the code has errors, so the canvas shows the last valid version. Fix the code to edit here again.
            </Panel>
          )}
          {pending && (
            <Panel position="top-center" className="layout-notice" role="status">
              Laying out the flow…
            </Panel>
          )}
          {flow && !Object.keys(flow.states ?? {}).length && (
            <Panel position="top-left" className="empty-notice">
              <WhatToDoFirst />
            </Panel>
          )}
        </ReactFlow>
      </div>
    </div>
  );
}
