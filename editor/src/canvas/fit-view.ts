/**
 * The view a flow opens in: the whole flow when it fits at a readable zoom, otherwise a readable
 * zoom showing the start of the flow, to be panned from there — never shrunk until its text is
 * unreadable. "Readable" is the smallest box text (SMALLEST_BOX_TEXT) at 11 px on screen.
 */
import type { Viewport } from '@xyflow/react';
import { SMALLEST_BOX_TEXT } from './node-geometry.ts';
import type { Point } from './elk-layout.ts';

export const MIN_SCREEN_TEXT_PX = 11;
/** The lowest zoom a fit uses. */
export const READABLE_ZOOM = Math.ceil((MIN_SCREEN_TEXT_PX / SMALLEST_BOX_TEXT) * 100) / 100;
/** The highest: a small flow is not blown up. */
export const MAX_FIT_ZOOM = 1;
const PADDING = 24;

export interface Rect extends Point {
  width: number;
  height: number;
}

export function boundsOf(rects: Rect[]): Rect | undefined {
  if (!rects.length) return undefined;
  const left = Math.min(...rects.map((rect) => rect.x));
  const top = Math.min(...rects.map((rect) => rect.y));
  const right = Math.max(...rects.map((rect) => rect.x + rect.width));
  const bottom = Math.max(...rects.map((rect) => rect.y + rect.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The viewport for `flow` (the bounds of every box and route) in a view of `view` pixels; `start`
 * is the box calls start at, kept in view when the flow is larger than the view.
 */
export function readableView(flow: Rect, view: { width: number; height: number }, start?: Rect): Viewport {
  const fit = Math.min((view.width - 2 * PADDING) / flow.width, (view.height - 2 * PADDING) / flow.height, MAX_FIT_ZOOM);
  const zoom = Math.max(fit, READABLE_ZOOM);
  const centre = (from: number, size: number, space: number) => (space - size * zoom) / 2 - from * zoom;
  let x = centre(flow.x, flow.width, view.width);
  let y = centre(flow.y, flow.height, view.height);
  if (flow.width * zoom > view.width - 2 * PADDING) {
    // Too wide: centre on the start box, but never leave empty space left of the flow.
    const anchor = start ? start.x + start.width / 2 : flow.x + flow.width / 2;
    x = Math.min(PADDING - flow.x * zoom, view.width / 2 - anchor * zoom);
    x = Math.max(x, view.width - PADDING - (flow.x + flow.width) * zoom);
  }
  if (flow.height * zoom > view.height - 2 * PADDING) y = PADDING - flow.y * zoom;
  return { x, y, zoom };
}
