/**
 * Time as the session layer sees it: the current instant and one-shot wake-ups. Production uses the
 * system clock; tests drive a ManualClock so timers, keepAlive and grace periods run without waiting.
 */
export interface Clock {
  now(): number;
  /** Calls `wake` after `ms`; returns a cancel function. */
  wakeAfter(ms: number, wake: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  wakeAfter(ms, wake) {
    const handle = setTimeout(wake, Math.max(0, ms));
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};

/**
 * `base` shifted by `offsetMs`: `now()` reads that much later (earlier when negative), while
 * wake-ups still wait the same real time — the clock is moved, never sped up. The engine uses it
 * for CALLFLOW_CLOCK_OFFSET_MS, to run time-dependent flows (opening hours, holidays) at another
 * instant; everything the flows see as "now" comes from this clock.
 */
export function offsetClock(base: Clock, offsetMs: number): Clock {
  if (offsetMs === 0) return base;
  return { now: () => base.now() + offsetMs, wakeAfter: (ms, wake) => base.wakeAfter(ms, wake) };
}

/** A clock that moves only when told to; wake-ups run as the time passes them. */
export class ManualClock implements Clock {
  private wakes: Array<{ at: number; wake: () => void; seq: number }> = [];
  private seq = 0;

  constructor(private current = Date.UTC(2026, 0, 12, 9, 0, 0)) {}

  now(): number {
    return this.current;
  }

  wakeAfter(ms: number, wake: () => void): () => void {
    const entry = { at: this.current + Math.max(0, ms), wake, seq: this.seq++ };
    this.wakes.push(entry);
    return () => {
      this.wakes = this.wakes.filter((other) => other !== entry);
    };
  }

  /** Moves the time forward, running each wake-up at its own instant in order. */
  advance(ms: number): void {
    const until = this.current + ms;
    for (;;) {
      const next = [...this.wakes].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next || next.at > until) break;
      this.wakes = this.wakes.filter((other) => other !== next);
      this.current = Math.max(this.current, next.at);
      next.wake();
    }
    this.current = until;
  }
}
