/**
 * Where a state without a saved position goes, so that small edits never move what the user
 * arranged: next to a state it is connected to (right of the state that leads to it, else left of
 * the state it leads to), otherwise below everything, and then down until it overlaps nothing.
 */
import type { Point } from './elk-layout.ts';

export interface Box {
  id: string;
  width: number;
  height: number;
}

const GAP_X = 90;
const GAP_Y = 40;

function overlaps(a: Point & { width: number; height: number }, b: Point & { width: number; height: number }): boolean {
  return a.x < b.x + b.width + 20 && b.x < a.x + a.width + 20 && a.y < b.y + b.height + 20 && b.y < a.y + a.height + 20;
}

/** Positions for the boxes missing from `positions`; `links` are [from, to] pairs. */
export function placeMissing(boxes: Box[], links: Array<[string, string]>, positions: Record<string, Point>): Record<string, Point> {
  const placed: Record<string, Point> = { ...positions };
  const size = new Map(boxes.map((box) => [box.id, box]));
  const rects = () =>
    Object.entries(placed)
      .filter(([id]) => size.has(id))
      .map(([id, point]) => ({ ...point, width: size.get(id)!.width, height: size.get(id)!.height }));
  const added: Record<string, Point> = {};
  for (const box of boxes) {
    if (placed[box.id]) continue;
    const from = links.find(([source, target]) => target === box.id && placed[source])?.[0];
    const to = links.find(([source, target]) => source === box.id && placed[target])?.[1];
    let point: Point;
    if (from) point = { x: placed[from].x + size.get(from)!.width + GAP_X, y: placed[from].y };
    else if (to) point = { x: placed[to].x - box.width - GAP_X, y: placed[to].y };
    else {
      const all = rects();
      point = all.length ? { x: Math.min(...all.map((r) => r.x)), y: Math.max(...all.map((r) => r.y + r.height)) + GAP_Y } : { x: 0, y: 0 };
    }
    const others = rects();
    while (others.some((rect) => overlaps({ ...point, width: box.width, height: box.height }, rect))) point = { x: point.x, y: point.y + GAP_Y };
    placed[box.id] = point;
    added[box.id] = point;
  }
  return added;
}
