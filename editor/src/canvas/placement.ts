/**
 * Where a state without a saved position goes, so that small edits never move what the user
 * arranged and no box ever lands on or against another: it starts from where the user asked (a
 * drop point, below the selected block) or where it was before (undo), else below the state that
 * leads to it, above the state it leads to, or below everything; then it takes the nearest spot
 * from there that keeps a clear gap to every box.
 */
import type { Point } from './elk-layout.ts';

export interface Box {
  id: string;
  width: number;
  height: number;
}

type Rect = Point & { width: number; height: number };

/** The clear space kept around every box. */
export const GAP = 28;
const STEP = 24;

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;
}

/** The point nearest to `start` where a box of this size touches none of `taken` (searched on rings of growing radius). */
export function freeSpot(start: Point, size: { width: number; height: number }, taken: Rect[]): Point {
  const fits = (point: Point) => !taken.some((rect) => overlaps({ ...point, ...size }, rect));
  if (fits(start)) return start;
  for (let ring = 1; ring < 400; ring++) {
    let best: Point | undefined;
    let bestDistance = Infinity;
    for (let dx = -ring; dx <= ring; dx++) {
      for (const dy of Math.abs(dx) === ring ? range(-ring, ring) : [-ring, ring]) {
        const point = { x: start.x + dx * STEP, y: start.y + dy * STEP };
        const distance = Math.hypot(dx, dy * 1.2);
        if (distance < bestDistance && fits(point)) [best, bestDistance] = [point, distance];
      }
    }
    if (best) return best;
  }
  return start;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

/**
 * Positions for the boxes missing from `positions`; `links` are [from, to] pairs; `preferred`
 * gives a starting point for some of them.
 */
export function placeMissing(
  boxes: Box[],
  links: Array<[string, string]>,
  positions: Record<string, Point>,
  preferred: (id: string) => Point | undefined = () => undefined,
): Record<string, Point> {
  const placed: Record<string, Point> = {};
  const size = new Map(boxes.map((box) => [box.id, box]));
  for (const box of boxes) if (positions[box.id]) placed[box.id] = positions[box.id];
  const rects = () => Object.entries(placed).map(([id, point]) => ({ ...point, width: size.get(id)!.width, height: size.get(id)!.height }));
  const added: Record<string, Point> = {};
  for (const box of boxes) {
    if (placed[box.id]) continue;
    const from = links.find(([source, target]) => target === box.id && placed[source])?.[0];
    const to = links.find(([source, target]) => source === box.id && placed[target])?.[1];
    let start = preferred(box.id);
    if (!start && from) start = { x: placed[from].x, y: placed[from].y + size.get(from)!.height + GAP * 2 };
    if (!start && to) start = { x: placed[to].x, y: placed[to].y - box.height - GAP * 2 };
    if (!start) {
      const all = rects();
      start = all.length ? { x: Math.min(...all.map((r) => r.x)), y: Math.max(...all.map((r) => r.y + r.height)) + GAP * 2 } : { x: 0, y: 0 };
    }
    const point = freeSpot(start, box, rects());
    placed[box.id] = point;
    added[box.id] = point;
  }
  return added;
}
