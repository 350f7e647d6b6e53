/**
 * Which process works on a call. A process holds a call's lease in the store while it has any
 * work for it — inbox entries being applied, effects queued or in flight — and renews it on a
 * heartbeat; holds are counted so nested work shares one lease. When the last hold goes the lease
 * is released and the inbox checked again, because another process may have added to it while
 * this one held the call. A process that dies stops renewing, and after the lease another takes
 * the call over. Compare-and-set on the record's rev still guards every commit, so a process that
 * lost its lease (a long pause) can never overwrite newer state.
 */
import type { CallStore } from './call-store.ts';
import type { Logger } from './logger.ts';

export interface Hold {
  held: boolean;
  /** The hold took the lease (no work of this process was running on the call before). */
  fresh: boolean;
}

/** Told after a lease was released, to look for work another process stored meanwhile. */
export interface LeaseListener {
  leaseReleased(sessionId: string): void;
}

/** Told when this process starts and stops holding a call's lease (the held-call cache). */
export interface LeaseObserver {
  hold(sessionId: string): void;
  release(sessionId: string): void;
}

export class CallLeases {
  private readonly holds = new Map<string, number>();
  /** Releases sent to the store and not yet answered: a process handing over waits for them. */
  private readonly releasing = new Set<Promise<void>>();
  private heartbeat?: ReturnType<typeof setInterval>;

  constructor(
    private readonly store: CallStore,
    readonly owner: string,
    private readonly leaseMs: number,
    private readonly logger: Logger,
    private readonly listener: LeaseListener,
    private readonly observer: LeaseObserver = { hold: () => undefined, release: () => undefined },
  ) {}

  start(): void {
    this.heartbeat ??= setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref?.();
  }

  stop(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** Takes a hold on the call; `held: false` while another process holds its lease. */
  async enter(sessionId: string): Promise<Hold> {
    const count = this.holds.get(sessionId) ?? 0;
    if (count > 0) {
      this.holds.set(sessionId, count + 1);
      return { held: true, fresh: false };
    }
    if (!(await this.store.acquireLease(sessionId, this.owner, this.leaseMs))) return { held: false, fresh: false };
    const meanwhile = this.holds.get(sessionId) ?? 0;
    this.holds.set(sessionId, meanwhile + 1);
    this.observer.hold(sessionId);
    return { held: true, fresh: meanwhile === 0 };
  }

  /** Adds a hold on a call this process already holds (work started from held work). */
  retain(sessionId: string): void {
    this.holds.set(sessionId, (this.holds.get(sessionId) ?? 0) + 1);
  }

  exit(sessionId: string): void {
    const count = (this.holds.get(sessionId) ?? 1) - 1;
    if (count > 0) return void this.holds.set(sessionId, count);
    this.holds.delete(sessionId);
    // Before the store hears of it: once released, another process may write the call.
    this.observer.release(sessionId);
    this.track(
      this.store
        .releaseLease(sessionId, this.owner)
        .then(() => this.listener.leaseReleased(sessionId))
        .catch((error: unknown) => this.logger.warn({ sessionId, err: error }, 'call lease could not be released; it runs out by itself')),
    );
  }

  /**
   * For a process handing over: gives up every lease it still holds (work that did not finish in
   * time; compare-and-set still guards its commits) and resolves once the store has every release,
   * so peers take these calls at once instead of after the lease runs out.
   */
  async releaseAll(): Promise<void> {
    for (const sessionId of [...this.holds.keys()]) {
      this.holds.delete(sessionId);
      this.observer.release(sessionId);
      this.track(
        this.store
          .releaseLease(sessionId, this.owner)
          .catch((error: unknown) => this.logger.warn({ sessionId, err: error }, 'call lease could not be released; it runs out by itself')),
      );
    }
    while (this.releasing.size) await Promise.all([...this.releasing]);
  }

  private track(release: Promise<void>): void {
    this.releasing.add(release);
    void release.finally(() => this.releasing.delete(release));
  }

  isHeld(sessionId: string): boolean {
    return this.holds.has(sessionId);
  }

  get size(): number {
    return this.holds.size;
  }

  private async renew(): Promise<void> {
    if (!this.holds.size) return;
    try {
      const lost = await this.store.renewLeases([...this.holds.keys()], this.owner, this.leaseMs);
      for (const id of lost) this.observer.release(id);
      for (const id of lost)
        this.logger.warn({ sessionId: id }, 'call lease lost (another process may take the call); commits stay guarded by compare-and-set');
    } catch (error) {
      this.logger.warn({ err: error }, 'call leases could not be renewed');
    }
  }
}
