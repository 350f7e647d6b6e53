import { describe, expect, it } from 'vitest';
import { GHOST_HEIGHT, ghostPlaces } from './ghost-states.ts';

describe('where ghosts go', () => {
  it('stacks them in a column right of the flow, top-aligned with it', () => {
    const drawn = [
      { x: 100, y: 50, width: 200, height: 80 },
      { x: 400, y: 300, width: 216, height: 120 },
    ];
    const [first, second] = ghostPlaces([{ id: 'a' }, { id: 'b' }], drawn);
    expect(first).toEqual({ id: 'a', x: 616 + 96, y: 50 });
    expect(second.x).toBe(first.x);
    expect(second.y).toBeGreaterThan(first.y + GHOST_HEIGHT);
  });

  it('starts at the origin when nothing is drawn', () => {
    expect(ghostPlaces([{ id: 'a' }], [])).toEqual([{ id: 'a', x: 0, y: 0 }]);
  });
});
