import { describe, expect, it } from 'vitest';
import { placeMissing } from './placement.ts';

const box = (id: string) => ({ id, width: 100, height: 50 });

describe('placing new states', () => {
  it('keeps every existing position and puts a new state right of the state leading to it', () => {
    const added = placeMissing([box('a'), box('b')], [['a', 'b']], { a: { x: 10, y: 20 } });
    expect(added).toEqual({ b: { x: 200, y: 20 } });
  });

  it('moves a new state down until it overlaps nothing', () => {
    const added = placeMissing([box('a'), box('b'), box('c')], [['a', 'c']], { a: { x: 0, y: 0 }, b: { x: 190, y: 0 } });
    expect(added.c.x).toBe(190);
    expect(added.c.y).toBeGreaterThanOrEqual(70);
  });

  it('puts an unconnected state below everything', () => {
    expect(placeMissing([box('a'), box('z')], [], { a: { x: 5, y: 5 } })).toEqual({ z: { x: 5, y: 95 } });
  });
});
