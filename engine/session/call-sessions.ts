/**
 * The call sessions of one engine process. Work for a call — notifications, effect results, due
 * timers — is first stored in the call's inbox, then applied by the process holding the call's
 * lease, one entry at a time and in order, while different calls run in parallel. Several
 * processes may share one store: any of them accepts any notification, and a process that dies
 * leaves its calls, inboxes, unsent effects and timers to the others (a periodic sweep finds them;
 * at start-up it also picks up what was left when the last process stopped). A failure in one call
 * is caught, traced and counted against that call only.
 *
 * @example
 *   const sessions = new CallSessions(deps);
 *   sessions.start();
 *   const { processed } = await sessions.accept(notification, { graphCallId });   // durable: now answer 202
 *   const { callId } = await sessions.placeCall('outbound-reminder', { vars: { phone: '+14255550147' } });
 */
import { randomUUID } from 'node:crypto';
import type { EngineEvent, Json } from '../core/types.ts';
import { EventApplier } from './apply-event.ts';
import { CallFailureLog } from './call-failures.ts';
import { CallLeases, type LeaseListener } from './call-leases.ts';
import { EffectRunner, type EffectResults } from './effect-runner.ts';
import { HeldCallCache } from './held-call-cache.ts';
import { InDoubtEffects } from './in-doubt.ts';
import { LostOutcomes } from './lost-outcomes.ts';
import { InboxWorker } from './inbox-worker.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { inCallContext } from './call-log-context.ts';
import { PinnedFlows } from './pinned-flows.ts';
import type { CallFailures, SessionDeps } from './session-deps.ts';
import { StepCommitter } from './step-commit.ts';
import { GraphCallLinks } from './graph-call-links.ts';
import { CallPlacer, type PlacedCall, type PlaceCallRequest } from './place-call.ts';
import { TimerScheduler, type DueTimers } from './timer-scheduler.ts';
import { legFor } from './leg-notifications.ts';
import type { CallCorrelation, InboxItem, OutboxEffect, PendingOperation, SessionTraceEntry, TimerRow } from './types.ts';

/** Where a notification belongs: Graph's call id, and the session named in our callback URL. */
export interface NotificationAddress {
  graphCallId: string;
  sessionHint?: string;
  /** Graph's correlation headers of the notification's POST (`X-Microsoft-Skype-Chain-ID`, `Scenario-Id`). */
  correlation?: Partial<CallCorrelation>;
}

export class CallSessions implements EffectResults, DueTimers, LeaseListener {
  /** Runs each call's inbox drains one at a time. */
  private readonly events: KeyedQueue;
  /** Orders notifications per Graph call id while their session is looked up and they are stored. */
  private readonly intake: KeyedQueue;
  /** Calls with a drain queued that has not started yet: a second kick adds nothing. */
  private readonly kicked = new Set<string>();
  private readonly leases: CallLeases;
  private readonly flows: PinnedFlows;
  private readonly committer: StepCommitter;
  private readonly runner: EffectRunner;
  private readonly worker: InboxWorker;
  private readonly scheduler: TimerScheduler;
  private readonly failures: CallFailures;
  private readonly links: GraphCallLinks;
  private readonly placer: CallPlacer;
  private sweeper?: ReturnType<typeof setInterval>;
  private sweeping: Promise<void> = Promise.resolve();

  private readonly deps: SessionDeps;

  /**
   * The parts and where each sends its work: effects of a committed step go to the EffectRunner,
   * stored timers wake the TimerScheduler, due timers and effect results come back here (into the
   * call's inbox), released leases come back here (to look for work stored meanwhile), and every
   * per-call failure goes to the CallFailureLog.
   */
  constructor(deps: SessionDeps) {
    const cache = new HeldCallCache(deps.store);
    this.deps = deps = { ...deps, store: cache };
    const options = deps.options;
    this.failures = new CallFailureLog(deps);
    this.events = new KeyedQueue(this.failures, inCallContext);
    this.intake = new KeyedQueue(this.failures);
    this.flows = new PinnedFlows(deps.flows, deps.store);
    this.leases = new CallLeases(deps.store, options.owner ?? randomUUID(), options.callLeaseMs, deps.logger, this, cache);
    this.runner = new EffectRunner(deps, this.leases, this, this.failures);
    this.scheduler = new TimerScheduler(deps.store, deps.clock, this, deps.logger, { leaseMs: options.timerLeaseMs });
    this.committer = new StepCommitter(deps, this.runner, this.scheduler);
    this.links = new GraphCallLinks(deps, this.events, this.committer);
    const applier = new EventApplier(deps, this.flows, this.committer);
    const inDoubt = new InDoubtEffects(deps, this.committer);
    const lostOutcomes = new LostOutcomes(deps, this.runner, this.committer);
    this.worker = new InboxWorker(deps, this.leases, this.flows, applier, this.runner, inDoubt, this.committer, this.failures, lostOutcomes);
    this.placer = new CallPlacer(deps, this.flows, this.events, this.worker);
  }

  /** Starts firing durable timers, renewing leases and sweeping for calls left by stopped processes. */
  start(): this {
    this.scheduler.start();
    this.leases.start();
    this.sweeping = this.recover().then(() => this.sweep());
    this.sweeper = setInterval(() => (this.sweeping = this.sweep()), this.deps.options.sweepMs);
    this.sweeper.unref?.();
    return this;
  }

  stop(): void {
    this.scheduler.stop();
    this.leases.stop();
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private handingOver = false;

  /** True from the start of a hand-over: the webhook refuses new notifications (503), readiness says so. */
  get draining(): boolean {
    return this.handingOver;
  }

  /**
   * Hands this process's calls over (SIGTERM): no more timers claimed or stored work swept up here,
   * the drains and effects in progress finished (leases still renewed meanwhile), then every lease
   * released and the store's answer awaited, so peers take the calls at once.
   */
  async drain(): Promise<void> {
    this.handingOver = true;
    this.scheduler.stop();
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    await this.idle();
    await this.leases.releaseAll();
    this.leases.stop();
  }

  /**
   * Stores a Graph notification in its call's inbox; resolves once it is durable (then it may be
   * acknowledged) with `processed`, which resolves when this process has applied what it could.
   * Notifications for one Graph call are stored in the order they arrived whatever the store's latency.
   */
  accept(notification: unknown, address: NotificationAddress): Promise<{ processed: Promise<void> }> {
    return new Promise((resolve, reject) => {
      void this.intake.run(address.graphCallId, async () => {
        try {
          const sessionId = await this.sessionFor(address);
          const item: InboxItem = {
            kind: 'notification',
            at: this.deps.clock.now(),
            graphCallId: address.graphCallId,
            notification: notification as Json,
            ...(address.correlation ? { correlation: address.correlation } : {}),
          };
          await this.deps.store.enqueue(sessionId, item);
          // The drain starts on the next turn of the event loop: with a store that answers at once
          // (memory, SQLite) it would otherwise run as one long chain of promise callbacks, and
          // the 202 — written out only when that chain ends — would wait for the whole step.
          resolve({ processed: new Promise((started) => setImmediate(started)).then(() => this.kick(sessionId)) });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  }

  /** Accepts a notification and waits until it has been applied (tests, tools). */
  async notify(notification: unknown, address: NotificationAddress): Promise<void> {
    await (
      await this.accept(notification, address)
    ).processed;
  }

  /** Stores an event for a call and applies it (effect results, tests). */
  async deliver(sessionId: string, event: EngineEvent): Promise<void> {
    await this.deps.store.enqueue(sessionId, { kind: 'event', at: this.deps.clock.now(), event });
    await this.kick(sessionId);
  }

  /** Starts a flow that places a call (dial) or joins a meeting; the flow's first effects do it. */
  placeCall(flowId: string, request: PlaceCallRequest): Promise<PlacedCall> {
    return this.placer.place(flowId, request);
  }

  get(sessionId: string) {
    return this.deps.store.get(sessionId);
  }

  trace(sessionId: string, limit?: number): Promise<SessionTraceEntry[]> {
    return this.deps.store.readTrace(sessionId, { limit });
  }

  /** Calls with events queued and Graph effects queued or in flight; 0 when nothing is held for any call. */
  busy(): { events: number; effects: number } {
    return { events: this.events.size + this.intake.size, effects: this.runner.busy };
  }

  /**
   * What the engine holds for one call: its timers, unsettled Graph operations, inbox entries and
   * unsent effects (from the store), whether this process holds its lease, and whether work is
   * queued on it here. An ended call holds nothing; `GET /api/calls/:id/state` shows it.
   */
  async held(sessionId: string): Promise<{
    timers: TimerRow[];
    pending: PendingOperation[];
    inbox: number;
    outbox: OutboxEffect[];
    lease: boolean;
    eventsQueued: boolean;
    effectsQueued: boolean;
  }> {
    const session = await this.deps.store.get(sessionId);
    const [timers, pending, inbox, outbox] = await Promise.all([
      this.deps.store.timers(sessionId),
      this.deps.store.pending(sessionId),
      this.deps.store.inbox(sessionId, 1000),
      this.deps.store.outbox(sessionId),
    ]);
    const eventsQueued =
      this.events.has(sessionId) || this.intake.has(sessionId) || (session?.graphCallId !== undefined && this.intake.has(session.graphCallId));
    return { timers, pending, inbox: inbox.length, outbox, lease: this.leases.isHeld(sessionId), eventsQueued, effectsQueued: this.runner.holds(sessionId) };
  }

  /** Resolves when no event, effect or due timer of any call is being processed (tests, shutdown). */
  async idle(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      await Promise.all([this.intake.idle(), this.events.idle(), this.runner.idle(), this.scheduler.settled(), this.sweeping]);
      if (this.events.size === 0 && this.intake.size === 0) {
        await this.runner.idle();
        if (this.events.size === 0 && this.intake.size === 0) return;
      }
    }
  }

  /** Queues a drain of the call's inbox unless one is already waiting to start. */
  private kick(sessionId: string): Promise<void> {
    if (this.kicked.has(sessionId)) return this.events.run(sessionId, async () => undefined);
    this.kicked.add(sessionId);
    return this.events.run(sessionId, () => {
      this.kicked.delete(sessionId);
      return this.worker.drain(sessionId);
    });
  }

  /** After a lease was given up: another process may have stored work meanwhile. */
  leaseReleased(sessionId: string): void {
    // Handing over: what peers stored meanwhile is theirs to apply (their kick or their sweep).
    if (this.events.has(sessionId) || this.draining) return;
    this.deps.store
      .inbox(sessionId, 1)
      .then((entries) => {
        if (entries.length) void this.kick(sessionId);
      })
      .catch((error: unknown) => this.failures.report(sessionId, error));
  }

  /**
   * Once at start: visits every running call, so one whose Graph operation finished while no engine
   * listened learns how it ended (InboxWorker asks Graph about operations older than this process).
   */
  private async recover(): Promise<void> {
    try {
      for (const sessionId of await this.deps.store.runningSessionIds()) void this.kick(sessionId);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'running calls could not be listed at start');
    }
  }

  /** Finds calls with stored work that no process here is working on: left by a stopped process, or missed. */
  private async sweep(): Promise<void> {
    try {
      for (const sessionId of await this.deps.store.sessionsWithWork(1000)) {
        if (!this.events.has(sessionId) && !this.leases.isHeld(sessionId)) void this.kick(sessionId);
      }
      await this.purge();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'sweep for calls with stored work failed');
    }
  }

  private lastPurge = 0;

  /** Forgets ended calls past retention, at most once a minute. */
  private async purge(): Promise<void> {
    const now = this.deps.clock.now();
    if (now - this.lastPurge < 60_000) return;
    this.lastPurge = now;
    const purged = await this.deps.store.purge(now - this.deps.options.retentionMs, 10_000);
    if (purged) this.deps.logger.info({ purged }, 'ended calls past retention forgotten');
  }

  /** A claimed timer goes to its call's inbox; the commit that applies it deletes it. */
  async timerDue(timer: TimerRow): Promise<void> {
    await this.deps.store.enqueue(timer.sessionId, { kind: 'timer', at: this.deps.clock.now(), timerId: timer.id, token: timer.token });
    void this.kick(timer.sessionId);
  }

  /** The session a notification belongs to: the one our callback URL names, one linked to Graph's id, or Graph's id itself. */
  private async sessionFor(address: NotificationAddress): Promise<string> {
    const hintedSession = address.sessionHint ? await this.deps.store.get(address.sessionHint) : undefined;
    // The hint only names a session that has no Graph id yet or has this one, or a leg that has no id yet or this one.
    if (hintedSession && (!hintedSession.graphCallId || hintedSession.graphCallId === address.graphCallId)) return hintedSession.id;
    if (hintedSession && legFor(hintedSession, address.graphCallId)) return hintedSession.id;
    return (await this.deps.store.resolve(address.graphCallId)) ?? address.graphCallId;
  }

  /** Records Graph's id for a call the engine placed (engine/session/graph-call-links.ts). */
  linkGraphCall(sessionId: string, graphCallId: string, chainId?: string, myParticipantId?: string): Promise<void> {
    return this.links.graphCall(sessionId, graphCallId, chainId, myParticipantId);
  }

  linkLeg(sessionId: string, leg: string, graphCallId: string): Promise<void> {
    return this.links.leg(sessionId, leg, graphCallId);
  }

  linkConsultCall(sessionId: string, consultCallId: string): Promise<void> {
    return this.links.consultCall(sessionId, consultCallId);
  }
}
