/**
 * What a user changes on the canvas, each as one edit of the document text (so it lands in the
 * one undo history and shows in the code view): connect a port (or add a menu key from its
 * "+ key" tab), delete, drop a block from the palette, copy and paste. Only where new boxes should
 * go is told to the layout, which keeps them clear of every other box.
 */
import { useCallback, type DragEvent, type KeyboardEvent } from 'react';
import { useReactFlow, type Connection, type FinalConnectionState } from '@xyflow/react';
import { addKey, addState, connect, deleteStates, pasteStates, uniqueStateId, type FlowValue } from '../document/flow-value.ts';
import { isTypingTarget } from '../app/typing-target.ts';
import type { FlowEdge, StateNode } from './flow-to-graph.ts';
import type { LayoutStore } from './layout-store.ts';
import { copiedStates, copyStates } from './clipboard.ts';
import { ADD_KEY_HANDLE, NODE_WIDTH } from './node-geometry.ts';
import { BLOCK_MIME } from './Palette.tsx';

export type Edit = (change: (flow: FlowValue) => FlowValue, mergeKey?: string) => void;

interface CanvasEditsOptions {
  flow: FlowValue | undefined;
  editable: boolean;
  layout: LayoutStore;
  edit: Edit;
  onSelect: (ids: string[]) => void;
}

export function useCanvasEdits({ flow, editable, layout, edit, onSelect }: CanvasEditsOptions) {
  const flowApi = useReactFlow<StateNode, FlowEdge>();

  const link = useCallback(
    (source: string, handle: string, target: string) =>
      edit((value) => (handle === ADD_KEY_HANDLE ? addKey(value, source, target).flow : connect(value, source, handle, target))),
    [edit],
  );

  const onConnect = useCallback(
    (connection: Connection) => connection.sourceHandle && link(connection.source, connection.sourceHandle, connection.target),
    [link],
  );

  /** Dropping a connection anywhere on a state's box connects to that state. */
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromHandle?.id || state.fromHandle.type !== 'source') return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      const target = document.elementFromPoint(point.clientX, point.clientY)?.closest('.react-flow__node')?.getAttribute('data-id');
      if (target) link(state.fromHandle.nodeId, state.fromHandle.id, target);
    },
    [link],
  );

  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: StateNode[]; edges: FlowEdge[] }) => {
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
      layout.want(id, { x: point.x - NODE_WIDTH / 2, y: point.y - 25 });
      edit((value) => addState(value, id, { type }));
      onSelect([id]);
    },
    [flow, editable, flowApi, layout, edit, onSelect],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || !flow || isTypingTarget(event.target)) return;
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
        for (const [old, fresh] of ids) if (clip.positions[old]) layout.want(fresh, { x: clip.positions[old].x + 40, y: clip.positions[old].y + 40 });
        edit((value) => pasteStates(value, clip.states).flow);
        onSelect([...ids.values()]);
      }
    },
    [flow, editable, flowApi, layout, edit, onSelect],
  );

  return { onConnect, onConnectEnd, onDelete, onDrop, onKeyDown };
}
