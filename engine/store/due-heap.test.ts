import { describe, expect, it } from 'vitest';
import { DueIndex, MinHeap } from './due-heap.ts';

/** A small deterministic generator, so a failing sequence can be replayed. */
function generator(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * below);
  };
}

describe('MinHeap', () => {
  it('pops in order, and keeps its order after a sweep', () => {
    const next = generator(1);
    const heap = new MinHeap<number>((a, b) => a < b);
    const values = Array.from({ length: 500 }, () => next(1000));
    for (const value of values) heap.push(value);
    heap.retain((value) => value % 3 !== 0);
    const popped: number[] = [];
    for (let value = heap.pop(); value !== undefined; value = heap.pop()) popped.push(value);
    expect(popped).toEqual(values.filter((value) => value % 3 !== 0).sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });
});

describe('DueIndex', () => {
  it('claims due items in due order up to the limit, and offers them again after the lease', () => {
    const index = new DueIndex<string>();
    index.set('late', 30);
    index.set('early', 10);
    index.set('later', 50);
    expect(index.next()).toBe(10);
    expect(index.claim(5, 100, 10)).toEqual([]);
    expect(index.claim(40, 100, 1)).toEqual(['early']);
    expect(index.next()).toBe(30);
    expect(index.claim(40, 100, 10)).toEqual(['late']);
    expect(index.next()).toBe(50);
    expect(index.claim(60, 100, 10)).toEqual(['later']);
    expect(index.next()).toBe(140);
    expect(index.claim(139, 100, 10)).toEqual([]);
    expect(index.claim(160, 100, 10)).toEqual(['early', 'late', 'later']);
  });

  it('hands out a timer whose claim ran out before a later-due one that became claimable first', () => {
    const index = new DueIndex<string>();
    index.set('a', 5);
    expect(index.claim(10, 100, 10)).toEqual(['a']);
    index.set('b', 50);
    // At 120 `b` has been claimable since 50 and `a` since 110, but `a` is the more overdue.
    expect(index.claim(120, 100, 1)).toEqual(['a']);
    expect(index.claim(120, 100, 1)).toEqual(['b']);
  });

  it('forgets a claim when re-armed, and skips deleted items', () => {
    const index = new DueIndex<string>();
    index.set('a', 10);
    index.set('b', 20);
    expect(index.claim(30, 1000, 10)).toEqual(['a', 'b']);
    index.set('a', 40);
    index.delete('b');
    expect(index.next()).toBe(40);
    expect(index.claim(50, 1000, 10)).toEqual(['a']);
    index.delete('a');
    expect(index.next()).toBeUndefined();
    expect(index.size).toBe(0);
  });

  it('does not hand out an item early when a claim comes with an earlier time than the last one', () => {
    const index = new DueIndex<string>();
    for (const [item, dueAt] of [
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ] as const)
      index.set(item, dueAt);
    expect(index.claim(100, 1000, 1)).toEqual(['a']);
    expect(index.claim(25, 1000, 10)).toEqual(['b']);
    expect(index.next()).toBe(30);
    expect(index.claim(30, 1000, 10)).toEqual(['c']);
  });

  it('keeps memory proportional to the live items however often they are re-armed', () => {
    const index = new DueIndex<number>();
    for (let round = 0; round < 1000; round++) for (let item = 0; item < 10; item++) index.set(item, round * 10 + item);
    expect(index.size).toBe(10);
    expect(index.held).toBeLessThanOrEqual(30);
    for (let item = 0; item < 10; item++) index.delete(item);
    expect(index.held).toBe(0);
  });

  it('agrees with a full scan over random arming, cancelling and claiming', () => {
    const next = generator(7);
    const index = new DueIndex<number>();
    const model = new Map<number, { dueAt: number; at: number; order: number }>();
    let order = 0;
    let now = 0;
    for (let step = 0; step < 5000; step++) {
      const action = next(10);
      const item = next(60);
      if (action < 4) {
        const dueAt = now + next(200) - 20;
        index.set(item, dueAt);
        model.set(item, { dueAt, at: dueAt, order: order++ });
      } else if (action < 6) {
        index.delete(item);
        model.delete(item);
      } else if (action < 9) {
        // Mostly forward, now and then back, as a test clock may go.
        now += next(10) === 0 ? -next(50) : next(40);
        const limit = 1 + next(8);
        const lease = next(150);
        const expected = [...model]
          .filter(([, row]) => row.at <= now)
          .sort(([, a], [, b]) => a.dueAt - b.dueAt || a.order - b.order)
          .slice(0, limit)
          .map(([key]) => key);
        for (const key of expected) model.get(key)!.at = now + lease;
        expect(index.claim(now, lease, limit)).toEqual(expected);
      } else {
        const earliest = Math.min(...[...model.values()].map((row) => row.at));
        expect(index.next()).toBe(model.size ? earliest : undefined);
      }
      expect(index.size).toBe(model.size);
      expect(index.held).toBeLessThanOrEqual(3 * model.size);
    }
  });
});
