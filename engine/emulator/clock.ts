/**
 * Emulated time. Every duration the emulator waits (the 15 s answer window, prompt lengths,
 * record timeouts, keepAlive expiry, ring delays) is expressed in emulated milliseconds and
 * scheduled here, so one speed factor makes a whole call run faster for tests: at speed 100 the
 * answer window lasts 150 ms of real time.
 */

/** A scheduled callback that can be cancelled; cancelling twice or after it fired is harmless. */
export interface Timer {
  cancel(): void;
  readonly pending: boolean;
}

/** Scales emulated durations to real ones and owns every emulator timer. */
export class Clock {
  readonly speed: number;
  // Monotonic and sub-millisecond: Date.now() can step, and its whole milliseconds make a timer
  // that fires on time look up to 1 real ms (speed emulated ms) early.
  private readonly startedAt = performance.now();
  private readonly handles = new Set<NodeJS.Timeout>();

  /** @param speed how many emulated milliseconds pass per real millisecond (> 0). */
  constructor(speed = 1) {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`clock speed must be a positive number, got ${speed}`);
    this.speed = speed;
  }

  /** Emulated milliseconds since the emulator started. */
  now(): number {
    return (performance.now() - this.startedAt) * this.speed;
  }

  /** The real duration of an emulated one. */
  toRealMs(emulatedMs: number): number {
    return emulatedMs / this.speed;
  }

  /**
   * Runs `callback` after `emulatedMs` emulated milliseconds.
   *
   * @example
   * const timer = clock.after(15_000, () => expireAnswerWindow(call));
   * timer.cancel(); // the bot answered in time
   */
  after(emulatedMs: number, callback: () => void): Timer {
    let pending = true;
    const due = this.now() + Math.max(0, emulatedMs);
    let handle: NodeJS.Timeout;
    // setTimeout rounds to whole milliseconds and may fire a fraction early; a timer that would run
    // before its emulated time waits out the rest, so now() inside a callback is never short of it.
    const schedule = () => {
      handle = setTimeout(
        () => {
          this.handles.delete(handle);
          if (!pending) return;
          const early = due - this.now();
          if (early > 0) return schedule();
          pending = false;
          callback();
        },
        Math.max(0, this.toRealMs(due - this.now())),
      );
      this.handles.add(handle);
    };
    schedule();
    return {
      cancel: () => {
        if (!pending) return;
        pending = false;
        clearTimeout(handle);
        this.handles.delete(handle);
      },
      get pending() {
        return pending;
      },
    };
  }

  /** Resolves after `emulatedMs` emulated milliseconds. */
  sleep(emulatedMs: number): Promise<void> {
    return new Promise((resolve) => this.after(emulatedMs, resolve));
  }

  /** Cancels every pending timer (the emulator is stopping). */
  dispose(): void {
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
  }
}
