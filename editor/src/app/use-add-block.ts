/**
 * A block added from the palette with a click or Enter (not dragged): placed below the selected
 * block, else in the middle of the view, given a fresh id, and selected.
 */
import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import { addState, uniqueStateId } from '../document/flow-value.ts';
import type { LayoutStore } from '../canvas/layout-store.ts';
import { NODE_WIDTH } from '../canvas/node-geometry.ts';
import { GAP } from '../canvas/placement.ts';
import type { useEditorDocument } from './use-editor-document.ts';

type EditorDocument = ReturnType<typeof useEditorDocument>;

export function useAddBlock(doc: EditorDocument, layout: LayoutStore, selected: string[], onSelect: (ids: string[]) => void): (type: string) => void {
  const flowApi = useReactFlow();
  return useCallback(
    (type: string) => {
      if (!doc.value || !doc.inSync) return;
      const next = flowApi.getNode(selected[0] ?? '');
      let point: { x: number; y: number };
      if (next) point = { x: next.position.x, y: next.position.y + (next.height ?? 100) + GAP * 2 };
      else {
        const bounds = document.querySelector('.react-flow')?.getBoundingClientRect();
        const centre = bounds ? flowApi.screenToFlowPosition({ x: bounds.x + bounds.width / 2, y: bounds.y + bounds.height / 2 }) : { x: 0, y: 0 };
        point = { x: centre.x - NODE_WIDTH / 2, y: centre.y - 40 };
      }
      const id = uniqueStateId(doc.value, type);
      layout.want(id, point);
      doc.edit((flow) => addState(flow, id, { type }));
      onSelect([id]);
    },
    [doc, flowApi, layout, onSelect, selected],
  );
}
