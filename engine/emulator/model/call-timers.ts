/**
 * Timers that live and die with a call: every delayed step of a call (establishing, ring outcomes,
 * keepAlive expiry) is scheduled here so that terminating the call cancels them all.
 */
import type { Timer } from '../clock.ts';
import type { EmulatorContext } from '../context.ts';
import type { EmulatedCall } from './call.ts';

/** Runs `step` after `emulatedMs` unless the call has ended by then. */
export function later(ctx: EmulatorContext, call: EmulatedCall, emulatedMs: number, step: () => void): Timer {
  const timer = ctx.clock.after(emulatedMs, () => {
    call.timers.delete(timer);
    if (call.state !== 'terminated') step();
  });
  call.timers.add(timer);
  return timer;
}

/** Cancels every timer of the call. */
export function cancelCallTimers(call: EmulatedCall): void {
  call.answerWindow?.cancel();
  call.lobbyTimer?.cancel();
  call.keepAlive?.cancel();
  for (const timer of call.timers) timer.cancel();
  call.timers.clear();
}
