/**
 * An edge from a port's tab to a state. While both ends sit where elkjs placed them (for this very
 * graph), it follows elkjs' orthogonal route (no crossings through boxes); after a box is moved by
 * hand it falls back to a smooth step path from the tab down to the top of the target. The tab it
 * leaves from names it, so it carries no label of its own.
 */
import { memo } from 'react';
import { BaseEdge, getSmoothStepPath, Position, type EdgeProps } from '@xyflow/react';
import type { FlowEdge } from './flow-to-graph.ts';
import type { Point } from './elk-layout.ts';

const RADIUS = 8;

/** An orthogonal polyline with rounded corners. */
function roundedPath(points: Point[]): string {
  if (points.length < 2) return '';
  let path = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [previous, corner, next] = [points[i - 1], points[i], points[i + 1]];
    const inLength = Math.hypot(corner.x - previous.x, corner.y - previous.y);
    const outLength = Math.hypot(next.x - corner.x, next.y - corner.y);
    const radius = Math.min(RADIUS, inLength / 2, outLength / 2);
    const before = { x: corner.x - ((corner.x - previous.x) / (inLength || 1)) * radius, y: corner.y - ((corner.y - previous.y) / (inLength || 1)) * radius };
    const after = { x: corner.x + ((next.x - corner.x) / (outLength || 1)) * radius, y: corner.y + ((next.y - corner.y) / (outLength || 1)) * radius };
    path += ` L ${before.x} ${before.y} Q ${corner.x} ${corner.y} ${after.x} ${after.y}`;
  }
  const last = points[points.length - 1];
  return `${path} L ${last.x} ${last.y}`;
}

function FlowEdgeView({ id, sourceX, sourceY, targetX, targetY, data, markerEnd, selected }: EdgeProps<FlowEdge>) {
  const route = data?.route;
  const path = route
    ? roundedPath(route.points)
    : getSmoothStepPath({
        sourceX,
        sourceY,
        sourcePosition: Position.Bottom,
        targetX,
        targetY,
        targetPosition: Position.Top,
        borderRadius: RADIUS,
        offset: 20,
      })[0];
  return <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? 'is-selected' : undefined} interactionWidth={16} />;
}

export const FlowEdgeComponent = memo(FlowEdgeView);
