/**
 * Bounds for emulated durations read from the emulator's log. Emulated time runs `speed` times
 * faster than real time, so every real millisecond of timer imprecision is `speed` emulated
 * milliseconds. Node fires a timer by its own millisecond clock; measured with Date.now(), another
 * clock also read to the millisecond, a timer's wait can come out one real millisecond short — at
 * ×50 an emulated 3000 ms prompt is logged as lasting 2950 ms. A lower bound therefore allows
 * EARLY_REAL_MS per timer in the measured chain, and no more: a prompt cut to half its length, or
 * an answer window closed early, still falls below it.
 */

/** Real milliseconds one emulator timer may seem to end early: one of clock disagreement, one of margin. */
export const EARLY_REAL_MS = 2;

/** The least an emulated duration of `emulatedMs`, measured through `timers` chained timers, can be logged as. */
export function atLeast(emulatedMs: number, speed: number, timers = 1): number {
  return emulatedMs - timers * EARLY_REAL_MS * speed;
}

/** The most an emulated duration may be logged as when `lateRealMs` real milliseconds of delay are acceptable. */
export function atMost(emulatedMs: number, speed: number, lateRealMs: number): number {
  return emulatedMs + lateRealMs * speed;
}
