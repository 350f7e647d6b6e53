/**
 * The bar above the canvas: search, Auto layout, zoom and "Hide panels". It sits outside the
 * drawing area, so no tool ever covers a box (floating panels used to hide the start of a flow).
 */
import { useReactFlow, useStore } from '@xyflow/react';
import type { ReactNode } from 'react';

interface CanvasToolbarProps {
  search: ReactNode;
  canLayOut: boolean;
  onAutoLayout: () => void;
  onFit: () => void;
  focused: boolean;
  onToggleFocus: () => void;
}

export function CanvasToolbar({ search, canLayOut, onAutoLayout, onFit, focused, onToggleFocus }: CanvasToolbarProps) {
  const flowApi = useReactFlow();
  const zoom = useStore((store) => store.transform[2]);
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas tools">
      {search}
      <span className="toolbar-gap" />
      <button
        type="button"
        className="secondary"
        onClick={onAutoLayout}
        disabled={!canLayOut}
        title="Lay the flow out again, top to bottom, and fit it in view"
      >
        Auto layout
      </button>
      <span className="zoom-group" role="group" aria-label="Zoom">
        <button type="button" className="secondary icon" aria-label="Zoom out" onClick={() => void flowApi.zoomOut({ duration: 150 })}>
          −
        </button>
        <span className="zoom-level" aria-live="polite">
          {Math.round(zoom * 100)}%
        </span>
        <button type="button" className="secondary icon" aria-label="Zoom in" onClick={() => void flowApi.zoomIn({ duration: 150 })}>
          +
        </button>
        <button type="button" className="secondary" onClick={onFit} title="Show the flow at a readable size">
          Fit
        </button>
      </span>
      <button type="button" className="secondary" onClick={onToggleFocus} aria-pressed={focused}>
        {focused ? 'Show panels' : 'Hide panels'}
      </button>
    </div>
  );
}
