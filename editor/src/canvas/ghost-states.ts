/**
 * Where the History tab's ghosts go: states a comparison adds or removes that the flow on the
 * canvas does not have (so they have no place of their own), in a column to the right of the
 * flow, top-aligned with it, in the diff's order.
 */
import type { Rect } from './fit-view.ts';
import { boundsOf } from './fit-view.ts';
import { NODE_WIDTH } from './node-geometry.ts';

export const GHOST_HEIGHT = 64;
const GAP_X = 96;
const GAP_Y = 24;

export function ghostPlaces<T>(ghosts: readonly T[], drawn: Rect[]): Array<T & { x: number; y: number }> {
  const bounds = boundsOf(drawn) ?? { x: 0, y: 0, width: -GAP_X, height: 0 };
  return ghosts.map((ghost, index) => ({ ...ghost, x: bounds.x + bounds.width + GAP_X, y: bounds.y + index * (GHOST_HEIGHT + GAP_Y) }));
}

export const GHOST_WIDTH = NODE_WIDTH;
