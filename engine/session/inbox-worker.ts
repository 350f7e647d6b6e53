/**
 * Works through one call's inbox under the call's lease: effects a dead process left unsent
 * first, then events still queued from a notification half applied, then the inbox entries in
 * order — notifications (translated into events), effect results, due timers. Each entry is
 * consumed by the commit that applies it, so after a crash at any point every accepted entry is
 * applied exactly once, by whichever process takes the call next.
 */
import { randomUUID } from 'node:crypto';
import { start } from '../core/step.ts';
import type { Effect, Json } from '../core/types.ts';
import type { EventApplier } from './apply-event.ts';
import type { CallLeases } from './call-leases.ts';
import type { EffectRunner } from './effect-runner.ts';
import { AFTER_HANGUP_TIMER, engineTimer, IN_DOUBT_TIMER, KEEPALIVE_TIMER } from './engine-timers.ts';
import { isInDoubt, parkedOperations, type InDoubtEffects } from './in-doubt.ts';
import type { LostOutcomes } from './lost-outcomes.ts';
import type { PinnedFlows } from './pinned-flows.ts';
import type { CallFailures, SessionDeps } from './session-deps.ts';
import { retryRefused, type StepCommitter } from './step-commit.ts';
import { fieldsOf } from './call-log-context.ts';
import { isRetiredLeg, legFor, translateLegNotification } from './leg-notifications.ts';
import type { CallCorrelation, CallSession, InboxEntry, IncomingCallEvent, SessionTraceEntry } from './types.ts';

/** Entries read from the inbox per store round trip. */
const INBOX_BATCH = 32;
/**
 * Waits before each new attempt at an entry whose processing failed (a store that hiccuped); an
 * entry that still fails is set aside, so one bad notification cannot block its call for good.
 */
const RETRY_DELAYS_MS = [20, 200];

export class InboxWorker {
  constructor(
    private readonly deps: SessionDeps,
    private readonly leases: CallLeases,
    private readonly flows: PinnedFlows,
    private readonly applier: EventApplier,
    private readonly runner: EffectRunner,
    private readonly inDoubt: InDoubtEffects,
    private readonly committer: StepCommitter,
    private readonly failures: CallFailures,
    private readonly lostOutcomes: LostOutcomes,
  ) {}

  /** Applies everything waiting for the call, unless another process holds it (it will). */
  async drain(sessionId: string): Promise<void> {
    const hold = await this.leases.enter(sessionId);
    if (!hold.held) return;
    try {
      if (hold.fresh) {
        await this.resumeOutbox(sessionId);
        await this.lostOutcomes.recover(sessionId);
      }
      await this.applyQueued(sessionId);
      for (;;) {
        const entries = await this.deps.store.inbox(sessionId, INBOX_BATCH);
        for (const entry of entries) {
          await this.attempt(sessionId, entry);
          await this.applyQueued(sessionId);
        }
        if (entries.length < INBOX_BATCH) break;
      }
    } finally {
      this.leases.exit(sessionId);
    }
  }

  /** Stores a call the engine places and starts its effects (the caller holds nothing yet). */
  async open(session: CallSession, result: ReturnType<typeof start>, trace: SessionTraceEntry[]): Promise<boolean> {
    const hold = await this.leases.enter(session.id);
    if (!hold.held) return false;
    try {
      return await this.applier.open(session, result, trace);
    } finally {
      this.leases.exit(session.id);
    }
  }

  /** Effects committed by a process that stopped before sending them. */
  private async resumeOutbox(sessionId: string): Promise<void> {
    const orphans = await this.deps.store.outbox(sessionId);
    if (!orphans.length) return;
    const doubtful = orphans.filter(isInDoubt);
    const resend = orphans.filter((orphan) => !isInDoubt(orphan));
    if (doubtful.length) await retryRefused(() => this.inDoubt.park(sessionId, doubtful));
    if (!resend.length) return;
    await this.committer.appendTrace(sessionId, [
      { at: this.deps.clock.now(), kind: 'session', action: 'resumed', effects: resend.map(({ effect }) => effect.type) },
    ]);
    this.runner.dispatch(sessionId, resend);
  }

  private async applyQueued(sessionId: string): Promise<void> {
    for (;;) {
      const session = await this.deps.store.get(sessionId);
      const event = session?.queued?.[0];
      if (!event) return;
      await retryRefused(() => this.applier.apply(sessionId, event, { queued: true }));
    }
  }

  /** Processes an entry, trying again after a pause when it fails; sets it aside for good after the last try. */
  private async attempt(sessionId: string, entry: InboxEntry): Promise<void> {
    for (let tried = 0; ; tried++) {
      try {
        return await retryRefused(() => this.process(sessionId, entry));
      } catch (error) {
        const pause = RETRY_DELAYS_MS[tried];
        if (pause !== undefined) {
          await new Promise((wait) => setTimeout(wait, pause));
          continue;
        }
        this.failures.report(sessionId, error);
        this.deps.logger.error({ sessionId, seq: entry.seq, kind: entry.kind }, 'inbox entry set aside');
        await this.deps.store.dropInbox(sessionId, entry.seq);
        return;
      }
    }
  }

  private async process(sessionId: string, entry: InboxEntry): Promise<void> {
    if (entry.kind === 'event') return this.applier.apply(sessionId, entry.event, { inboxSeq: entry.seq });
    if (entry.kind === 'timer') return this.fire(sessionId, entry);
    return this.notification(sessionId, entry);
  }

  private async notification(sessionId: string, entry: Extract<InboxEntry, { kind: 'notification' }>): Promise<void> {
    const { store, clock, translator } = this.deps;
    const session = await store.get(sessionId);
    const leg = session && session.graphCallId !== entry.graphCallId ? legFor(session, entry.graphCallId) : undefined;
    if (session && leg) return this.legNotification(session, leg, entry);
    if (session && isRetiredLeg(session, entry.graphCallId)) {
      const note = {
        at: clock.now(),
        kind: 'notification',
        graphCallId: entry.graphCallId,
        events: [],
        notes: ['an earlier call of a leg placed again: nothing for the flow'],
      };
      return this.committer.consume(session, { inboxSeq: entry.seq }, [note]);
    }
    // Once the session has consulted, a notification of any call but the caller's is about a consult
    // call: the current one, or an earlier one (ended) whose last words must not reach the flow.
    if (session?.consultCallId !== undefined && session.graphCallId !== undefined && session.graphCallId !== entry.graphCallId)
      return this.consultNotification(session, entry);
    const pending = session ? [...(await store.pending(sessionId)), ...parkedOperations(session)] : [];
    const translation = translator.translate(entry.notification, { memory: session?.notificationMemory, pending });
    const now = clock.now();
    const received: SessionTraceEntry = {
      at: now,
      kind: 'notification',
      graphCallId: entry.graphCallId,
      events: translation.events.map((event) => event.type),
      notes: translation.notes,
    };
    if (!session) {
      const incoming = translation.events.find((event): event is IncomingCallEvent => event.type === 'call.incoming');
      if (incoming) return this.openIncoming(sessionId, incoming, translation.memory, received, entry);
      this.deps.logger.info({ graphCallId: entry.graphCallId, notes: translation.notes }, 'notification for an unknown call ignored');
      return store.dropInbox(sessionId, entry.seq);
    }
    // The flow learns Graph's id of its main call with its establishment (`call.graphId`).
    const events = translation.events
      .filter((event) => event.type !== 'call.incoming')
      .map((event) => (event.type === 'call.established' ? { ...event, graphId: entry.graphCallId } : event));
    const notification = { memory: translation.memory, graphCallId: entry.graphCallId, trace: [received] };
    if (events.length === 1 && !session.queued?.length) {
      // The usual case, one event: applied in the commit that consumes the notification.
      await this.applier.apply(sessionId, events[0]!, { inboxSeq: entry.seq, notification });
      if (!session.graphCallId) await store.link(entry.graphCallId, sessionId);
      return;
    }
    const queued = [...(session.queued ?? []), ...events];
    await this.committer.commit(session, { ...session, queued: queued.length ? queued : undefined }, {}, { inboxSeq: entry.seq, notification });
    if (!session.graphCallId) await store.link(entry.graphCallId, sessionId);
  }

  /**
   * A notification about the session's consult call (consultative transfer): its own small mapping,
   * which leaves the caller's call's notification memory as it was.
   */
  private async consultNotification(session: CallSession, entry: Extract<InboxEntry, { kind: 'notification' }>): Promise<void> {
    const current = session.consultCallId === entry.graphCallId;
    const translated = this.deps.translator.translateConsult(entry.notification);
    const translation = current ? translated : { events: [], notes: [...translated.notes, 'an earlier consult call: nothing for the flow'] };
    const received: SessionTraceEntry = {
      at: this.deps.clock.now(),
      kind: 'notification',
      graphCallId: entry.graphCallId,
      events: translation.events.map((event) => event.type),
      notes: translation.notes,
    };
    const notification = { memory: session.notificationMemory ?? null, graphCallId: entry.graphCallId, trace: [received] };
    const queued = [...(session.queued ?? []), ...translation.events];
    if (translation.events.length === 1 && !session.queued?.length)
      return this.applier.apply(session.id, translation.events[0]!, { inboxSeq: entry.seq, notification });
    await this.committer.commit(session, { ...session, queued: queued.length ? queued : undefined }, {}, { inboxSeq: entry.seq, notification });
  }

  /** A notification about one of the session's call legs: the leg's own events, its own memory (leg-notifications.ts). */
  private async legNotification(session: CallSession, name: string, entry: Extract<InboxEntry, { kind: 'notification' }>): Promise<void> {
    const pending = [...(await this.deps.store.pending(session.id)), ...parkedOperations(session)];
    const at = this.deps.clock.now();
    const { events, leg, received } = translateLegNotification(this.deps.translator, session, name, { ...entry, pending, at });
    if (!session.legs?.[name]?.graphCallId) await this.deps.store.link(entry.graphCallId, session.id);
    const notification = { memory: session.notificationMemory ?? null, graphCallId: entry.graphCallId, trace: [received], leg: { name, state: leg } };
    if (events.length === 1 && !session.queued?.length) return this.applier.apply(session.id, events[0]!, { inboxSeq: entry.seq, notification });
    const queued = [...(session.queued ?? []), ...events];
    await this.committer.commit(session, { ...session, queued: queued.length ? queued : undefined }, {}, { inboxSeq: entry.seq, notification });
  }

  private async openIncoming(
    sessionId: string,
    incoming: IncomingCallEvent,
    memory: Json,
    received: SessionTraceEntry,
    entry: Extract<InboxEntry, { kind: 'notification' }>,
  ): Promise<void> {
    const inboxSeq = entry.seq;
    const now = this.deps.clock.now();
    const decision = this.deps.router.route(incoming.call.called as never);
    const compiled = 'reason' in decision ? undefined : this.flows.latest(decision.flowId);
    // The call keeps the chain and scenario ids of the notification that offered it; the engine's
    // requests for the call send them back. A scenario id is made up when Graph gave none.
    const correlation: CallCorrelation = {
      scenarioId: entry.correlation?.scenarioId ?? randomUUID(),
      ...(entry.correlation?.chainId ? { chainId: entry.correlation.chainId } : {}),
    };
    const session = newSession(sessionId, 'incoming', now, { graphCallId: sessionId, tenantId: incoming.tenantId, notificationMemory: memory, correlation });
    if ('reason' in decision || !compiled) {
      const reason = 'reason' in decision ? decision.reason : `flow '${decision.flowId}' (${decision.via}) is not deployed or has errors`;
      const rejected: CallSession = { ...session, phase: 'ended', endReason: `rejected: ${reason}` };
      const trace = [received, { at: now, kind: 'session', action: 'rejected', reason }];
      const effects = [{ type: 'graph.reject' as const, reason: 'none', clientContext: 'engine-unrouted' }];
      if (!(await this.committer.create(rejected, { trace, effects }, { inboxSeq }))) return this.deps.store.dropInbox(sessionId, inboxSeq);
      this.deps.logger.warn(this.committer.logFields({ ...fieldsOf(rejected), called: incoming.call.called, reason }), 'incoming call rejected');
      this.deps.metrics.callRejected(decision.flowId ? 'flowUnavailable' : 'unrouted');
      return;
    }
    await this.flows.pin(compiled, now);
    // An incoming call's session is named after Graph's id of the call: the flow reads it as call.graphId too.
    const call = { ...incoming.call, id: sessionId, graphId: sessionId };
    const result = start(compiled, { call, caller: incoming.caller, vars: decision.vars }, { now });
    const started = {
      at: now,
      kind: 'session',
      action: 'started',
      flowId: compiled.flowId,
      version: compiled.version,
      direction: 'incoming',
      via: decision.via,
    };
    if (await this.applier.open(session, result, [received, started], { inboxSeq })) this.deps.metrics.callStarted(compiled.flowId, 'incoming');
    else await this.deps.store.dropInbox(sessionId, inboxSeq);
  }

  /** A due timer, if it is still armed with the token it was claimed with. */
  private async fire(sessionId: string, entry: Extract<InboxEntry, { kind: 'timer' }>): Promise<void> {
    const timer = (await this.deps.store.timers(sessionId)).find((row) => row.id === entry.timerId && row.token === entry.token);
    if (!timer) return this.deps.store.dropInbox(sessionId, entry.seq);
    this.deps.metrics.timerFired();
    const source = { inboxSeq: entry.seq, timerId: timer.id };
    if (timer.id === KEEPALIVE_TIMER) return this.keepAlive(sessionId, entry.seq);
    if (timer.id.startsWith(IN_DOUBT_TIMER)) return this.inDoubt.decide(sessionId, timer.id.slice(IN_DOUBT_TIMER.length), source);
    if (timer.id === AFTER_HANGUP_TIMER) {
      const seconds = Math.round(this.deps.options.afterHangupMs / 1000);
      return this.applier.endWithError(sessionId, `the flow did not finish within ${seconds} s after the call ended`, source);
    }
    await this.applier.apply(sessionId, timer.event, source);
  }

  /** Keeps a held call alive and re-arms the next keepAlive, in one commit. */
  private async keepAlive(sessionId: string, inboxSeq: number): Promise<void> {
    const session = await this.deps.store.get(sessionId);
    if (!session) return this.deps.store.dropInbox(sessionId, inboxSeq);
    const source = { inboxSeq, timerId: KEEPALIVE_TIMER };
    if (session.phase === 'ended' || session.leg !== 'up') return this.committer.consume(session, source, []);
    const timer = engineTimer(sessionId, KEEPALIVE_TIMER, this.deps.clock.now() + this.deps.options.keepAliveMs, 'engine.keepAlive');
    // Each call leg is a call of its own that Graph ends without keepAlive, as the main call.
    const legs = Object.entries(session.legs ?? {}).filter(([, leg]) => leg.state === 'up');
    const effects: Effect[] = [
      { type: 'graph.keepAlive', clientContext: 'engine-keepalive' },
      ...legs.map(([leg]): Effect => ({ type: 'graph.keepAlive', leg, clientContext: `engine-keepalive-${leg}` })),
    ];
    await this.committer.commit(session, session, { setTimers: [timer], effects }, source);
  }
}

export function newSession(id: string, direction: 'incoming' | 'outgoing', now: number, extra: Partial<CallSession>): CallSession {
  return {
    id,
    rev: 0,
    direction,
    leg: direction === 'incoming' ? 'offered' : 'connecting',
    settled: [],
    phase: 'running',
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}
