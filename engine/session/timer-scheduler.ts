/**
 * The one scheduler that turns durable timer rows into events: it sleeps until the earliest due
 * timer, claims what is due and hands each timer to `fire` (which queues it on its call). Setting an
 * earlier timer pokes it awake; a periodic re-check covers timers written by other processes.
 */
import type { CallStore } from './call-store.ts';
import type { Clock } from './clock.ts';
import type { TimerRow } from './types.ts';

export interface TimerSchedulerOptions {
  /** How long a claimed timer is reserved for this process before another may take it. */
  leaseMs?: number;
  /** Longest sleep, so timers written elsewhere are noticed. */
  maxSleepMs?: number;
  batch?: number;
}

export class TimerScheduler {
  private cancelWake?: () => void;
  private wakeAt = Infinity;
  private stopped = true;
  private ticking: Promise<void> = Promise.resolve();
  private readonly leaseMs: number;
  private readonly maxSleepMs: number;
  private readonly batch: number;

  constructor(
    private readonly store: CallStore,
    private readonly clock: Clock,
    private readonly fire: (timer: TimerRow) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    options: TimerSchedulerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxSleepMs = options.maxSleepMs ?? 30_000;
    this.batch = options.batch ?? 100;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.arm(this.clock.now());
  }

  stop(): void {
    this.stopped = true;
    this.cancelWake?.();
    this.cancelWake = undefined;
    this.wakeAt = Infinity;
  }

  /** A timer due at `dueAt` was set: wake up earlier if needed. */
  poke(dueAt: number): void {
    if (!this.stopped && dueAt < this.wakeAt) this.arm(dueAt);
  }

  /** Resolves when the tick in progress (if any) has handed out its timers. */
  settled(): Promise<void> {
    return this.ticking;
  }

  private arm(at: number): void {
    this.cancelWake?.();
    const now = this.clock.now();
    const target = Math.min(at, now + this.maxSleepMs);
    this.wakeAt = target;
    this.cancelWake = this.clock.wakeAfter(target - now, () => {
      this.wakeAt = Infinity;
      this.ticking = this.tick();
    });
  }

  private async tick(): Promise<void> {
    try {
      for (;;) {
        const due = await this.store.claimDueTimers(this.clock.now(), this.leaseMs, this.batch);
        await Promise.all(due.map((timer) => this.fire(timer).catch(this.onError)));
        if (due.length < this.batch) break;
      }
    } catch (error) {
      this.onError(error);
    }
    if (this.stopped) return;
    const next = await this.store.nextDueAt().catch(() => undefined);
    this.arm(next ?? this.clock.now() + this.maxSleepMs);
  }
}
