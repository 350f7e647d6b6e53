import { describe, expect, it } from 'vitest';
import { ManualClock, offsetClock, systemClock } from './clock.ts';

describe('offsetClock', () => {
  it('reads the base clock shifted by the offset, and keeps reading it as time passes', () => {
    const base = new ManualClock(Date.UTC(2026, 0, 12, 9, 0, 0));
    const shifted = offsetClock(base, Date.UTC(2026, 11, 25, 15, 0, 0) - base.now());
    expect(new Date(shifted.now()).toISOString()).toBe('2026-12-25T15:00:00.000Z');
    base.advance(90_000);
    expect(new Date(shifted.now()).toISOString()).toBe('2026-12-25T15:01:30.000Z');
    expect(offsetClock(base, -3_600_000).now()).toBe(base.now() - 3_600_000);
  });

  it('wakes after the same real time as its base (it moves the clock, it does not speed it up)', () => {
    const base = new ManualClock();
    const start = base.now();
    const shifted = offsetClock(base, 7 * 24 * 3_600_000);
    const woken: number[] = [];
    shifted.wakeAfter(5_000, () => woken.push(shifted.now()));
    const cancel = shifted.wakeAfter(6_000, () => woken.push(-1));
    base.advance(4_999);
    expect(woken).toEqual([]);
    cancel();
    base.advance(10_000);
    expect(woken).toEqual([start + 5_000 + 7 * 24 * 3_600_000]);
  });

  it('is the base itself without an offset', () => {
    expect(offsetClock(systemClock, 0)).toBe(systemClock);
  });
});
