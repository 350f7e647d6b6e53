import { describe, expect, it } from 'vitest';
import { GAP, freeSpot, placeMissing } from './placement.ts';

const box = (id: string) => ({ id, width: 100, height: 50 });
const apart = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  a.x >= b.x + 100 + GAP || b.x >= a.x + 100 + GAP || a.y >= b.y + 50 + GAP || b.y >= a.y + 50 + GAP;

describe('placing new states', () => {
  it('keeps every existing position and puts a new state below the state leading to it', () => {
    const added = placeMissing([box('a'), box('b')], [['a', 'b']], { a: { x: 10, y: 20 } });
    expect(added).toEqual({ b: { x: 10, y: 20 + 50 + 2 * GAP } });
  });

  it('moves a new state to the nearest spot that keeps a gap to every box', () => {
    const added = placeMissing([box('a'), box('b'), box('c')], [['a', 'c']], { a: { x: 0, y: 0 }, b: { x: 0, y: 106 } });
    expect(apart(added.c, { x: 0, y: 0 })).toBe(true);
    expect(apart(added.c, { x: 0, y: 106 })).toBe(true);
    expect(Math.hypot(added.c.x, added.c.y - 106)).toBeLessThan(250);
  });

  it('starts from the point asked for (a drop, or where the state was before an undo)', () => {
    const added = placeMissing([box('a'), box('z')], [], { a: { x: 0, y: 0 } }, (id) => (id === 'z' ? { x: 5, y: 5 } : undefined));
    expect(apart(added.z, { x: 0, y: 0 })).toBe(true);
    expect(placeMissing([box('z')], [], {}, () => ({ x: 300, y: 40 }))).toEqual({ z: { x: 300, y: 40 } });
  });

  it('puts an unconnected state below everything', () => {
    expect(placeMissing([box('a'), box('z')], [], { a: { x: 5, y: 5 } })).toEqual({ z: { x: 5, y: 5 + 50 + 2 * GAP } });
  });

  it('keeps two boxes dropped on the same point apart', () => {
    const first = freeSpot({ x: 0, y: 0 }, { width: 100, height: 50 }, []);
    const second = freeSpot({ x: 4, y: 3 }, { width: 100, height: 50 }, [{ ...first, width: 100, height: 50 }]);
    expect(apart(first, second)).toBe(true);
  });
});
