/**
 * The one scheduler that turns durable timer rows into events: it sleeps until the earliest due
 * timer, claims what is due and hands each timer to `due` (which queues it on its call). Storing an
 * earlier timer wakes it; a periodic re-check covers timers written by other processes.
 */
import type { CallStore } from './call-store.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';
import type { TimerWakeup } from './step-commit.ts';
import type { TimerRow } from './types.ts';

/** Takes a claimed, due timer (queues it on its call). */
export interface DueTimers {
  timerDue(timer: TimerRow): Promise<void>;
}

export interface TimerSchedulerOptions {
  /** How long a claimed timer is reserved for this process before another may take it. */
  leaseMs?: number;
  /** Longest sleep, so timers written elsewhere are noticed. */
  maxSleepMs?: number;
  batch?: number;
}

export class TimerScheduler implements TimerWakeup {
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
    private readonly due: DueTimers,
    private readonly logger: Logger,
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

  /** A timer due at `dueAt` was stored: wake up earlier if needed. */
  timerStored(dueAt: number): void {
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
        await Promise.all(due.map((timer) => this.due.timerDue(timer).catch((error: unknown) => this.failed(error))));
        if (due.length < this.batch) break;
      }
    } catch (error) {
      this.failed(error);
    }
    if (this.stopped) return;
    const next = await this.store.nextDueAt().catch(() => undefined);
    this.arm(next ?? this.clock.now() + this.maxSleepMs);
  }

  private failed(error: unknown): void {
    this.logger.error({ err: error }, 'timer scheduler failed');
  }
}
