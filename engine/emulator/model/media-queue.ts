/**
 * The media FIFO of a service-hosted-media call (graph-calls.md §2.4): playPrompt and
 * recordResponse operations run one at a time, in order. cancelMediaProcessing cancels the running
 * one and everything queued (each gets its own `failed` notification); a recordResponse with
 * bargeInAllowed does the same before it starts. subscribeToTone is outside the queue.
 */
import type { Operation } from './call.ts';

/** A queued media operation. */
export interface MediaJob {
  readonly kind: 'playPrompt' | 'record';
  readonly operation: Operation;
  /** Starts it; `done` is called once when it finishes by itself. */
  start(done: () => void): void;
  /** Stops it as cancelled: the operation fails (400/8508) and the bot is notified. */
  cancel(): void;
  /** Stops it silently because the call ended. */
  abort(): void;
  /** Where it is (`queued`, `loading`, `playing`, `prompt`, `beep`, `listening`, `done`). */
  phase(): string;
  /** A key the caller pressed (recordings stop on their stop tones). */
  tone?(key: string): void;
  /** The caller speaks (noise) or stays silent for `durationMs`; true when a recording heard it. */
  speech?(kind: 'noise' | 'silence', durationMs: number): boolean;
}

/** One call's media queue. */
export class MediaQueue {
  private current: MediaJob | null = null;
  private queued: MediaJob[] = [];

  /** Adds a job; returns true when it started at once (nothing was ahead of it). */
  enqueue(job: MediaJob, bargeIn = false): boolean {
    if (bargeIn) this.cancelAll();
    if (this.current) {
      this.queued.push(job);
      return false;
    }
    this.run(job);
    return true;
  }

  /** Cancels the running job and every queued one; returns their operations. */
  cancelAll(): Operation[] {
    const jobs = [...(this.current ? [this.current] : []), ...this.queued];
    this.current = null;
    this.queued = [];
    for (const job of jobs) job.cancel();
    return jobs.map((job) => job.operation);
  }

  /** Forwards a key press to the running job. */
  tone(key: string): void {
    this.current?.tone?.(key);
  }

  /** Forwards speech to the running job; true when a recording heard it. */
  speech(kind: 'noise' | 'silence', durationMs: number): boolean {
    return this.current?.speech?.(kind, durationMs) ?? false;
  }

  /** Stops everything silently (the call ended). */
  dispose(): void {
    const jobs = [...(this.current ? [this.current] : []), ...this.queued];
    this.current = null;
    this.queued = [];
    for (const job of jobs) job.abort();
  }

  /** What is running and waiting, for the people API. */
  snapshot(): { current: { kind: string; operationId: string; phase: string } | null; queued: Array<{ kind: string; operationId: string }> } {
    return {
      current: this.current ? { kind: this.current.kind, operationId: this.current.operation.id, phase: this.current.phase() } : null,
      queued: this.queued.map((job) => ({ kind: job.kind, operationId: job.operation.id })),
    };
  }

  private run(job: MediaJob): void {
    this.current = job;
    job.start(() => {
      if (this.current !== job) return;
      this.current = null;
      const next = this.queued.shift();
      if (next) this.run(next);
    });
  }
}
