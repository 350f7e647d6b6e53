/**
 * The canvas: the flow drawn as states and ports with React Flow. Every change a user makes here
 * (drop a block, connect a port, delete, paste) is an edit of the document text, so it lands in
 * the one undo history and shows in the code view; only positions stay on the canvas side.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useNodesInitialized,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react';
import type { Problem } from '../../../engine/core/types.ts';
import { addState, connect, deleteStates, pasteStates, uniqueStateId, type FlowValue } from '../document/flow-value.ts';
import { flowToGraph, placeGraph, type FlowEdge, type StateNode as StateNodeType } from './flow-to-graph.ts';
import { StateNode } from './StateNode.tsx';
import { FlowEdgeComponent } from './FlowEdgeView.tsx';
import { useCanvasLayout } from './use-canvas-layout.ts';
import type { LayoutStore } from './layout-store.ts';
import { copiedStates, copyStates } from './clipboard.ts';
import { CanvasSearch } from './CanvasSearch.tsx';
import { NODE_WIDTH } from './node-geometry.ts';
import { BLOCK_MIME } from './Palette.tsx';

const nodeTypes = { state: StateNode };
const edgeTypes = { flow: FlowEdgeComponent };
const CATEGORY_COLOURS: Record<string, string> = {
  call: '#2563eb',
  media: '#7c3aed',
  input: '#c2410c',
  meeting: '#0f766e',
  logic: '#475569',
  integration: '#15803d',
};

export type Edit = (change: (flow: FlowValue) => FlowValue, mergeKey?: string) => void;

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
  active?: string;
  /** Raised by the app when the view should fit the flow (a file was read, the panels were toggled). */
  fitRequest: number;
  /** The palette and side panel are hidden to give the canvas the whole window. */
  focused: boolean;
  onToggleFocus: () => void;
}

/** Keeps node objects whose content did not change, so React Flow re-renders only what changed. */
function merge<T extends { id: string; data?: unknown; selected?: boolean; position?: unknown }>(
  previous: T[],
  next: T[],
  keep: (old: T, fresh: T) => T,
  selected?: Set<string>,
): T[] {
  const byId = new Map(previous.map((item) => [item.id, item]));
  return next.map((fresh) => {
    const old = byId.get(fresh.id);
    const wanted = selected ? selected.has(fresh.id) : Boolean(old?.selected);
    if (!old) return { ...fresh, selected: wanted };
    const same =
      (old.data === fresh.data || JSON.stringify(old.data) === JSON.stringify(fresh.data)) && JSON.stringify(old.position) === JSON.stringify(fresh.position);
    if (same) return Boolean(old.selected) === wanted ? old : { ...old, selected: wanted };
    return { ...keep(old, fresh), selected: wanted };
  });
}

/**
 * What the flow covers, routed edges included (a loop back can pass left of every box), grown to
 * at least the view's size at the largest zoom a fit may use, so a small flow is not blown up.
 */
function fitArea(
  nodes: StateNodeType[],
  edges: FlowEdge[],
  view: { width: number; height: number },
  maxZoom: number,
): { x: number; y: number; width: number; height: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const node of nodes) {
    xs.push(node.position.x, node.position.x + (node.width ?? NODE_WIDTH));
    ys.push(node.position.y, node.position.y + (node.height ?? 100));
  }
  for (const point of edges.flatMap((edge) => edge.data?.route?.points ?? [])) {
    xs.push(point.x);
    ys.push(point.y);
  }
  const [left, top, right, bottom] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const width = Math.max(right - left, view.width / maxZoom);
  const height = Math.max(bottom - top, view.height / maxZoom);
  return { x: (left + right - width) / 2, y: (top + bottom - height) / 2, width, height };
}

export function FlowCanvas({
  flow,
  problems,
  editable,
  layout,
  edit,
  selected,
  onSelect,
  reveal,
  active,
  fitRequest,
  focused,
  onToggleFocus,
}: FlowCanvasProps) {
  const flowApi = useReactFlow<StateNodeType, FlowEdge>();
  const [search, setSearch] = useState('');
  const graph = useMemo(() => (flow ? flowToGraph(flow, { problems, active, search }) : { nodes: [], edges: [] }), [flow, problems, active, search]);
  // layout.revision stands for the positions and routes the store holds.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the store object is stable; its revision is what changes
  const placed = useMemo(() => placeGraph(graph, layout.positions, layout.elk), [graph, layout.revision]);
  const { pending } = useCanvasLayout(layout, graph.nodes, graph.edges);
  const [nodes, setNodes] = useState<StateNodeType[]>([]);
  const [edges, setEdges] = useState<FlowEdge[]>([]);
  const fitted = useRef(0);

  useEffect(() => {
    const chosen = new Set(selected);
    setNodes((previous) => merge(previous, placed.nodes, (old, fresh) => ({ ...fresh, measured: old.measured }), chosen));
    setEdges((previous) => merge(previous, placed.edges, (old, fresh) => ({ ...fresh, selected: old.selected })));
  }, [placed, selected]);

  // Fit when asked, once the nodes are placed and measured and React Flow has seen the canvas's
  // current size (showing or hiding the panels resizes it a frame later). A new flow keeps the
  // default view, so the first blocks land where they are dropped.
  const measured = useNodesInitialized();
  const viewWidth = useStore((store) => store.width);
  const viewHeight = useStore((store) => store.height);
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (fitted.current === fitRequest || pending || !nodes.length || !measured) return;
    if (host.current && Math.abs(host.current.clientWidth - viewWidth) > 1) return;
    fitted.current = fitRequest;
    void flowApi.fitBounds(fitArea(nodes, edges, { width: viewWidth, height: viewHeight }, 1.1), { padding: 0.04 });
  }, [fitRequest, pending, nodes, edges, measured, viewWidth, viewHeight, flowApi]);

  const revealNode = useCallback(
    (id: string) => {
      const node = flowApi.getNode(id);
      if (!node) return;
      onSelect([id]);
      void flowApi.setCenter(node.position.x + (node.width ?? NODE_WIDTH) / 2, node.position.y + (node.height ?? 100) / 2, {
        zoom: Math.max(flowApi.getZoom(), 0.9),
        duration: 200,
      });
    },
    [flowApi, onSelect],
  );

  // Follow a simulated or replayed call: keep the state it is in centred, at a readable zoom.
  useEffect(() => {
    const node = active ? flowApi.getNode(active) : undefined;
    if (node)
      void flowApi.setCenter(node.position.x + (node.width ?? NODE_WIDTH) / 2, node.position.y + (node.height ?? 100) / 2, {
        zoom: Math.max(flowApi.getZoom(), 0.85),
        duration: 250,
      });
  }, [active, flowApi]);

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
      setNodes((current) =>
        applyNodeChanges(
          changes.filter((change) => change.type !== 'remove'),
          current,
        ),
      );
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

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) =>
      setEdges((current) =>
        applyEdgeChanges(
          changes.filter((change) => change.type !== 'remove'),
          current,
        ),
      ),
    [],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      if (connection.sourceHandle) edit((value) => connect(value, connection.source, connection.sourceHandle!, connection.target));
    },
    [edit],
  );

  /** Dropping a connection anywhere on a state's box connects to that state. */
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromHandle?.id || state.fromHandle.type !== 'source') return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      const target = document.elementFromPoint(point.clientX, point.clientY)?.closest('.react-flow__node')?.getAttribute('data-id');
      if (target) edit((value) => connect(value, state.fromHandle!.nodeId, state.fromHandle!.id!, target));
    },
    [edit],
  );

  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: StateNodeType[]; edges: FlowEdge[] }) => {
      const ids = gone.map((node) => node.id);
      edit((value) =>
        cut
          .filter((edge) => !ids.includes(edge.source))
          .reduce((next, edge) => connect(next, edge.source, edge.data!.port, undefined), deleteStates(value, ids)),
      );
    },
    [edit],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(BLOCK_MIME);
      if (!type || !flow || !editable) return;
      event.preventDefault();
      const point = flowApi.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const id = uniqueStateId(flow, type);
      layout.move({ [id]: { x: point.x - NODE_WIDTH / 2, y: point.y - 25 } });
      edit((value) => addState(value, id, { type }));
      onSelect([id]);
    },
    [flow, editable, flowApi, layout, edit, onSelect],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || !flow || (event.target as HTMLElement).closest('input, textarea, select')) return;
      const key = event.key.toLowerCase();
      if (key === 'c')
        copyStates(
          flow,
          flowApi
            .getNodes()
            .filter((node) => node.selected)
            .map((node) => node.id),
          layout.positions,
        );
      if (key === 'v' && editable) {
        const clip = copiedStates();
        if (!clip) return;
        event.preventDefault();
        const { ids } = pasteStates(flow, clip.states);
        layout.move(
          Object.fromEntries(
            [...ids].filter(([old]) => clip.positions[old]).map(([old, fresh]) => [fresh, { x: clip.positions[old].x + 40, y: clip.positions[old].y + 40 }]),
          ),
        );
        edit((value) => pasteStates(value, clip.states).flow);
        onSelect([...ids.values()]);
      }
    },
    [flow, editable, flowApi, layout, edit, onSelect],
  );

  return (
    <div className="canvas" ref={host} onKeyDown={onKeyDown} onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
      <ReactFlow<StateNodeType, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onDelete={onDelete}
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
        <MiniMap
          pannable
          zoomable
          ariaLabel="Overview of the flow"
          nodeColor={(node) => CATEGORY_COLOURS[(node.data as { category?: string }).category ?? ''] ?? '#94a3b8'}
          nodeStrokeWidth={0}
        />
        <Controls showInteractive={false} aria-label="Zoom controls" />
        <Panel position="top-left">
          <CanvasSearch value={search} onChange={setSearch} nodes={nodes} onReveal={revealNode} />
        </Panel>
        <Panel position="top-right" className="canvas-actions">
          <button type="button" className="secondary" onClick={() => layout.adoptElk()} disabled={!layout.elk || !editable}>
            Auto layout
          </button>
          <button type="button" className="secondary" onClick={onToggleFocus} aria-pressed={focused}>
            {focused ? 'Show panels' : 'Hide panels'}
          </button>
        </Panel>
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
          <Panel position="top-center" className="empty-notice">
            Drag a block from the palette onto the canvas to start.
          </Panel>
        )}
      </ReactFlow>
    </div>
  );
}
