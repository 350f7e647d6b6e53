import { describe, expect, it } from 'vitest';
import { READABLE_ZOOM, readableView } from './fit-view.ts';
import { SMALLEST_BOX_TEXT } from './node-geometry.ts';

describe('the first view of a flow', () => {
  it('never shrinks box text below 11 px on screen', () => {
    expect(READABLE_ZOOM * SMALLEST_BOX_TEXT).toBeGreaterThanOrEqual(11);
    const view = readableView({ x: 0, y: 0, width: 700, height: 3000 }, { width: 800, height: 800 });
    expect(view.zoom).toBe(READABLE_ZOOM);
  });

  it('shows the top of a flow taller than the view, and the whole of one that fits', () => {
    const tall = readableView({ x: 40, y: 10, width: 600, height: 3000 }, { width: 800, height: 800 });
    expect(tall.y).toBeCloseTo(24 - 10 * tall.zoom);
    const small = readableView({ x: 0, y: 0, width: 400, height: 300 }, { width: 800, height: 800 });
    expect(small.zoom).toBe(1);
    expect(small.x).toBe(200);
  });

  it('centres a flow wider than the view on its start, without empty space at its left', () => {
    const start = { x: 100, y: 0, width: 200, height: 80 };
    const view = readableView({ x: 0, y: 0, width: 3000, height: 400 }, { width: 800, height: 800 }, start);
    expect(view.x).toBeLessThanOrEqual(24);
    expect(view.x + 200 * view.zoom).toBeGreaterThan(0);
  });
});
