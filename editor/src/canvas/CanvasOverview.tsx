/**
 * The overview map: the whole flow in small, the part in view outlined. It lives in the left
 * column under the blocks — outside the drawing area, so it never covers a box — and a click on it
 * centres the view there (dragging it pans, the wheel zooms).
 */
import { MiniMap, useReactFlow } from '@xyflow/react';
import { CATEGORY_COLOURS } from './block-style.tsx';

export function CanvasOverview() {
  const flowApi = useReactFlow();
  return (
    <section className="canvas-overview" aria-label="Overview">
      <h2>Overview</h2>
      <MiniMap
        pannable
        zoomable
        ariaLabel="Overview of the flow: click to go there"
        style={{ width: 168, height: 120 }}
        nodeColor={(node) => CATEGORY_COLOURS[(node.data as { category?: string }).category ?? ''] ?? '#94a3b8'}
        nodeStrokeWidth={0}
        bgColor="#ffffff"
        maskColor="rgb(226 232 240 / 70%)"
        maskStrokeColor="#4f46e5"
        maskStrokeWidth={1.5}
        onClick={(_event, position) => void flowApi.setCenter(position.x, position.y, { zoom: flowApi.getZoom(), duration: 200 })}
      />
    </section>
  );
}
