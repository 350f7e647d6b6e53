/**
 * The call sessions of one engine: every notification, timer and effect result for a call is
 * applied through that call's queue, one at a time and in arrival order, while different calls run
 * in parallel. A failure in one call is caught, traced and counted against that call only.
 *
 * @example
 *   const sessions = new CallSessions(deps);
 *   sessions.start();
 *   await sessions.notify(notification, { graphCallId });   // from POST /api/calling
 *   const { callId } = await sessions.placeCall('outbound-reminder', { vars: { phone: '+14255550147' } });
 */
import { randomUUID } from 'node:crypto';
import { start } from '../core/step.ts';
import type { EngineEvent, Json } from '../core/types.ts';
import { AFTER_HANGUP_TIMER, EventApplier, KEEPALIVE_TIMER } from './apply-event.ts';
import { EffectRunner } from './effect-runner.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { logTrace, type SessionDeps } from './session-deps.ts';
import { TimerScheduler } from './timer-scheduler.ts';
import type { CallSession, IncomingCallEvent, PendingOperation, SessionTraceEntry, TimerRow } from './types.ts';

/** Where a notification belongs: Graph's call id, and the session named in our callback URL. */
export interface NotificationAddress {
  graphCallId: string;
  sessionHint?: string;
}

export interface PlaceCallRequest {
  /** Who to call; given to the flow as `call.to`. */
  to?: Record<string, string>;
  /** A Teams meeting join link; given to the flow as `call.joinUrl`. */
  joinUrl?: string;
  vars?: Record<string, Json>;
}

/** A call could not be placed; `status` is the HTTP status to answer with. */
export class PlaceCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'PlaceCallError';
  }
}

export class CallSessions {
  private readonly events: KeyedQueue;
  /** Orders notifications per Graph call id while their session is looked up. */
  private readonly intake: KeyedQueue;
  private readonly applier: EventApplier;
  private readonly runner: EffectRunner;
  private readonly scheduler: TimerScheduler;

  constructor(private readonly deps: SessionDeps) {
    this.events = new KeyedQueue((sessionId, error) => this.failed(sessionId, error));
    this.intake = new KeyedQueue((graphCallId, error) => this.failed(graphCallId, error));
    this.runner = new EffectRunner(deps, { deliver: (id, event) => this.deliver(id, event), linkGraphCall: (id, graphId) => this.linkGraphCall(id, graphId) }, (id, error) => this.failed(id, error));
    this.applier = new EventApplier(deps, { dispatch: (id, effects) => this.runner.dispatch(id, effects), timerSet: (dueAt) => this.scheduler.poke(dueAt) });
    this.scheduler = new TimerScheduler(deps.store, deps.clock, (timer) => this.events.run(timer.sessionId, () => this.fire(timer)), (error) => deps.logger.error({ err: error }, 'timer scheduler failed'), {
      leaseMs: deps.options.timerLeaseMs,
    });
  }

  /** Starts firing durable timers. */
  start(): this {
    this.scheduler.start();
    return this;
  }

  stop(): void {
    this.scheduler.stop();
  }

  /**
   * Applies a Graph notification to its call (creating the session for an incoming call). The
   * notification takes its place in line synchronously, before any store lookup, so notifications
   * for one call are applied in the order they arrived whatever the store's latency.
   */
  notify(notification: unknown, address: NotificationAddress): Promise<void> {
    let processed: Promise<void> = Promise.resolve();
    const placed = this.intake.run(address.graphCallId, async () => {
      const sessionId = await this.sessionFor(address);
      processed = this.events.run(sessionId, () => this.onNotification(sessionId, notification, address));
    });
    return placed.then(() => processed);
  }

  /** Queues an event for a call (timers, effect results, tests). */
  deliver(sessionId: string, event: EngineEvent): Promise<void> {
    return this.events.run(sessionId, () => this.applier.apply(sessionId, event));
  }

  /** Starts a flow that places a call (dial) or joins a meeting; the flow's first effects do it. */
  async placeCall(flowId: string, request: PlaceCallRequest): Promise<{ callId: string; flowId: string; version: string }> {
    const compiled = this.deps.flows.latest(flowId);
    if (!compiled) throw new PlaceCallError(404, `flow '${flowId}' is not deployed (missing or has errors)`);
    const sessionId = randomUUID();
    const now = this.deps.clock.now();
    const call = { id: sessionId, direction: 'outgoing' as const, ...(request.to ? { to: request.to } : {}), ...(request.joinUrl ? { joinUrl: request.joinUrl } : {}) };
    await this.events.run(sessionId, async () => {
      const result = start(compiled, { call, caller: {}, vars: request.vars ?? {} }, { now });
      const session = this.newSession(sessionId, 'outgoing', now, { leg: 'connecting' });
      await this.applier.open(session, result, [{ at: now, kind: 'session', action: 'started', flowId, version: compiled.version, direction: 'outgoing' }]);
      this.deps.metrics.callStarted(flowId, 'outgoing');
    });
    return { callId: sessionId, flowId, version: compiled.version };
  }

  get(sessionId: string): Promise<CallSession | undefined> {
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
   * What the engine holds for one call: its timers and unsettled Graph operations (from the store),
   * and whether events are queued on it or Graph effects are queued or in flight. An ended call
   * holds nothing; `GET /api/calls/:id/state` shows it.
   */
  async held(sessionId: string): Promise<{ timers: TimerRow[]; pending: PendingOperation[]; eventsQueued: boolean; effectsQueued: boolean }> {
    const session = await this.deps.store.get(sessionId);
    const [timers, pending] = await Promise.all([this.deps.store.timers(sessionId), this.deps.store.pending(sessionId)]);
    const eventsQueued = this.events.has(sessionId) || this.intake.has(sessionId) || (session?.graphCallId !== undefined && this.intake.has(session.graphCallId));
    return { timers, pending, eventsQueued, effectsQueued: this.runner.holds(sessionId) };
  }

  /** Resolves when no event, effect or due timer of any call is being processed (tests, shutdown). */
  async idle(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      await Promise.all([this.intake.idle(), this.events.idle(), this.runner.idle(), this.scheduler.settled()]);
      if (this.events.size === 0 && this.intake.size === 0) {
        await this.runner.idle();
        if (this.events.size === 0 && this.intake.size === 0) return;
      }
    }
  }

  /** The session a notification belongs to: the one our callback URL names, one linked to Graph's id, or Graph's id itself. */
  private async sessionFor(address: NotificationAddress): Promise<string> {
    const hintedSession = address.sessionHint ? await this.deps.store.get(address.sessionHint) : undefined;
    // The hint only names a session that has no Graph id yet or has this one.
    if (hintedSession && (!hintedSession.graphCallId || hintedSession.graphCallId === address.graphCallId)) return hintedSession.id;
    return (await this.deps.store.resolve(address.graphCallId)) ?? address.graphCallId;
  }

  private async onNotification(sessionId: string, notification: unknown, address: NotificationAddress): Promise<void> {
    const { store, clock, translator } = this.deps;
    const session = await store.get(sessionId);
    const pending = session ? await store.pending(sessionId) : [];
    const translation = translator.translate(notification, { memory: session?.notificationMemory, pending });
    const now = clock.now();
    const received: SessionTraceEntry = { at: now, kind: 'notification', graphCallId: address.graphCallId, events: translation.events.map((event) => event.type), notes: translation.notes };
    if (!session) {
      const incoming = translation.events.find((event): event is IncomingCallEvent => event.type === 'call.incoming');
      if (incoming) return this.openIncoming(sessionId, incoming, translation.memory, received);
      this.deps.logger.info({ graphCallId: address.graphCallId, notes: translation.notes }, 'notification for an unknown call ignored');
      return;
    }
    const updated: CallSession = { ...session, rev: session.rev + 1, updatedAt: now, notificationMemory: translation.memory, graphCallId: session.graphCallId ?? address.graphCallId };
    if (!(await store.commit({ session: updated, expectedRev: session.rev, trace: [received] }))) {
      throw new Error(`call ${sessionId}: the session changed while a notification was read`);
    }
    logTrace(this.deps.logger, sessionId, [received]);
    if (!session.graphCallId) await store.link(address.graphCallId, sessionId);
    for (const event of translation.events) {
      if (event.type !== 'call.incoming') await this.applier.apply(sessionId, event);
    }
  }

  private async openIncoming(sessionId: string, incoming: IncomingCallEvent, memory: Json, received: SessionTraceEntry): Promise<void> {
    const now = this.deps.clock.now();
    const decision = this.deps.router.route(incoming.call.called as never);
    const compiled = 'reason' in decision ? undefined : this.deps.flows.latest(decision.flowId);
    const session = this.newSession(sessionId, 'incoming', now, { graphCallId: sessionId, tenantId: incoming.tenantId, notificationMemory: memory });
    if ('reason' in decision || !compiled) {
      const reason = 'reason' in decision ? decision.reason : `flow '${decision.flowId}' (${decision.via}) is not deployed or has errors`;
      const rejected: CallSession = { ...session, phase: 'ended', endReason: `rejected: ${reason}` };
      const trace = [received, { at: now, kind: 'session', action: 'rejected', reason }];
      if (!(await this.deps.store.create(rejected, { trace }))) return;
      this.deps.logger.warn({ callId: sessionId, called: incoming.call.called, reason }, 'incoming call rejected');
      this.deps.metrics.callRejected(decision.flowId ? 'flowUnavailable' : 'unrouted');
      this.runner.dispatch(sessionId, [{ type: 'graph.reject', reason: 'none', clientContext: 'engine-unrouted' }]);
      return;
    }
    const call = { ...incoming.call, id: sessionId };
    const result = start(compiled, { call, caller: incoming.caller, vars: decision.vars }, { now });
    const started = { at: now, kind: 'session', action: 'started', flowId: compiled.flowId, version: compiled.version, direction: 'incoming', via: decision.via };
    if (await this.applier.open(session, result, [received, started])) this.deps.metrics.callStarted(compiled.flowId, 'incoming');
  }

  private async fire(timer: TimerRow): Promise<void> {
    if (!(await this.deps.store.completeTimer(timer.sessionId, timer.id, timer.token))) return;
    this.deps.metrics.timerFired();
    if (timer.id === KEEPALIVE_TIMER) return this.keepAlive(timer.sessionId);
    if (timer.id === AFTER_HANGUP_TIMER) {
      const seconds = Math.round(this.deps.options.afterHangupMs / 1000);
      return this.applier.endWithError(timer.sessionId, `the flow did not finish within ${seconds} s after the call ended`);
    }
    await this.applier.apply(timer.sessionId, timer.event);
  }

  /** Keeps a held call alive and re-arms the next keepAlive. */
  private async keepAlive(sessionId: string): Promise<void> {
    const session = await this.deps.store.get(sessionId);
    if (!session || session.phase === 'ended' || session.leg !== 'up') return;
    const dueAt = this.deps.clock.now() + this.deps.options.keepAliveMs;
    await this.deps.store.setTimer({ sessionId, id: KEEPALIVE_TIMER, dueAt, event: { type: 'engine.keepAlive' }, token: randomUUID() });
    this.scheduler.poke(dueAt);
    this.runner.dispatch(sessionId, [{ type: 'graph.keepAlive', clientContext: 'engine-keepalive' }]);
  }

  private linkGraphCall(sessionId: string, graphCallId: string): Promise<void> {
    return this.events.run(sessionId, async () => {
      const session = await this.deps.store.get(sessionId);
      if (!session) return;
      await this.deps.store.link(graphCallId, sessionId);
      if (session.graphCallId === graphCallId) return;
      const now = this.deps.clock.now();
      const trace = [{ at: now, kind: 'session', action: 'linked', graphCallId }];
      await this.deps.store.commit({ session: { ...session, rev: session.rev + 1, updatedAt: now, graphCallId }, expectedRev: session.rev, trace });
    });
  }

  private newSession(id: string, direction: 'incoming' | 'outgoing', now: number, extra: Partial<CallSession>): CallSession {
    return { id, rev: 0, direction, leg: direction === 'incoming' ? 'offered' : 'connecting', settled: [], phase: 'running', createdAt: now, updatedAt: now, ...extra };
  }

  private failed(sessionId: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.deps.metrics.sessionError();
    this.deps.logger.error({ callId: sessionId, err: error }, 'call processing failed');
    void this.deps.store.appendTrace(sessionId, [{ at: this.deps.clock.now(), kind: 'error', message: `engine failure: ${message}` }]).catch(() => undefined);
  }
}
