/**
 * Runs tasks one at a time per key and keys in parallel: a call's events are applied in arrival
 * order while other calls proceed. A failing task is reported to `failures` and never blocks or
 * fails the tasks queued after it; a key's entry is removed as soon as its queue drains, so an
 * ended call leaves nothing behind.
 */
import type { CallFailures } from './session-deps.ts';

export class KeyedQueue {
  private tails = new Map<string, Promise<void>>();
  private running = 0;
  private idleWaiters: Array<() => void> = [];

  /** `around` runs each key's task and its failure report inside a context of the key (call-log-context.ts). */
  constructor(
    private readonly failures: CallFailures,
    private readonly around: <T>(key: string, work: () => T) => T = (_key, work) => work(),
  ) {}

  /** Queues `task` behind the key's earlier tasks; resolves when it has run (never rejects). */
  run(key: string, task: () => Promise<void>): Promise<void> {
    this.running++;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = this.around(key, () => previous.then(task).catch((error: unknown) => this.failures.report(key, error)));
    this.tails.set(key, next);
    return next.finally(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
      this.running--;
      if (this.running === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
    });
  }

  /** Keys with queued or running tasks. */
  get size(): number {
    return this.tails.size;
  }

  /** Whether `key` has queued or running tasks. */
  has(key: string): boolean {
    return this.tails.has(key);
  }

  /** Resolves when no task is queued or running. */
  idle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((wake) => this.idleWaiters.push(wake));
  }
}
