/**
 * When `callflow call --keys` presses its next key: after a prompt has played and the bot's media
 * is idle again (the caller heard a question and the bot is listening) — or, for `s`, once a
 * recording listens. `h` hangs up at that point. Keys land after the prompt's completion
 * notification, which the emulator sends first, so the flow has already moved to the state that
 * listens for them.
 */
import type { CallLogEntry } from '../emulator/call-log.ts';
import type { CallSummary } from '../emulator/people/types.ts';

export class KeyPlan {
  private readonly keys: string[];
  /** Log length when the last key was pressed: the next one waits for a prompt after that. */
  private pressedAt = 0;

  constructor(keys: string) {
    this.keys = [...keys];
  }

  /** The key to press now, if any (and it is then taken from the plan). */
  next(log: CallLogEntry[], call: CallSummary): string | undefined {
    const key = this.keys[0];
    if (key === undefined || call.state !== 'established') return undefined;
    const fresh = log.slice(this.pressedAt);
    const ready =
      key === 's'
        ? call.media.current?.kind === 'record' && call.media.current.phase === 'listening'
        : fresh.some((e) => e.kind === 'event' && e.event === 'promptPlaying') && call.media.current === null && call.media.queued.length === 0;
    if (!ready) return undefined;
    this.pressedAt = log.length;
    return this.keys.shift();
  }
}
