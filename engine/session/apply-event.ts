/**
 * One event applied to one call: step the flow, commit the record with its timers and trace in one
 * compare-and-set, and only then hand the effects on. Also the engine's own bookkeeping around the
 * flow: the call leg's state, keepAlive and after-hangup timers, dropping repeated operation
 * completions, ending a call safely when its flow version is gone or its flow stops.
 */
import { randomUUID } from 'node:crypto';
import { failOver, FlowVersionMissingError, SnapshotMismatchError, step } from '../core/step.ts';
import type { CallRecord, Effect, EngineEvent, Json, StepResult } from '../core/types.ts';
import type { PinnedFlows } from './pinned-flows.ts';
import { IN_DOUBT_TIMER, reportedBy } from './in-doubt.ts';
import { logTrace, type SessionDeps } from './session-deps.ts';
import type { CallSession, OutboxEffect, SessionTraceEntry, TimerRow } from './types.ts';

/** Engine-owned timer ids; `$` cannot start an XState delayed-event id. */
export const KEEPALIVE_TIMER = '$keepAlive';
export const AFTER_HANGUP_TIMER = '$afterHangup';

/** Effects after which the engine does not need to end the call itself. */
const ENDING_EFFECTS = new Set(['graph.hangup', 'graph.reject', 'graph.redirect', 'graph.transfer']);
const SETTLED_MEMORY = 64;
const COMMIT_ATTEMPTS = 3;

/**
 * Where an event came from, so the commit that applies it also consumes it: an inbox entry is
 * removed, a queued event taken, a fired timer deleted — in the same atomic write, exactly once.
 */
export interface EventSource {
  inboxSeq?: number;
  /** The event is the first of the session's `queued` events. */
  queued?: boolean;
  /** Id of the durable timer that fired it. */
  timerId?: string;
  /**
   * The notification the event was translated from, when it is the notification's only event: the
   * commit that applies the event also stores what reading the notification changed, saving the
   * separate commit that would queue the event first.
   */
  notification?: { memory: Json; graphCallId: string; trace: SessionTraceEntry[] };
}

/** The session with `source` consumed: the next rev, the queued event taken, the notification read. */
export function consumed(session: CallSession, source: EventSource, now: number): CallSession {
  const next: CallSession = { ...session, rev: session.rev + 1, updatedAt: now, queued: source.queued ? rest(session.queued) : session.queued };
  if (source.notification) {
    next.notificationMemory = source.notification.memory;
    next.graphCallId = session.graphCallId ?? source.notification.graphCallId;
  }
  return next;
}

/** A timer the engine arms for itself (keepAlive, after hang-up, effects in doubt). */
export function engineTimer(sessionId: string, id: string, dueAt: number, type: string): TimerRow {
  return { sessionId, id, dueAt, event: { type }, token: randomUUID() };
}

/** How a settled operation is remembered: one flow operation id can name two Graph operations, so the kind is part of it. */
export function settleKeyOf(kind: string, clientContext: string): string {
  return `${kind}|${clientContext}`;
}

/** A step's effects as outbox rows, with ids unique within the call. */
export function outboxOf(rev: number, effects: Effect[]): OutboxEffect[] {
  return effects.map((effect, index) => ({ id: `${rev}.${index}`, effect }));
}

export interface AfterCommit {
  /** Runs Graph and HTTP effects of a committed step. */
  dispatch(sessionId: string, effects: OutboxEffect[]): void;
  /** A timer was stored; the scheduler may need to wake earlier. */
  timerSet(dueAt: number): void;
}

/** A step's timer effects folded in order: the last word on each timer id wins. */
export function timerChanges(sessionId: string, effects: Effect[]): { set: TimerRow[]; cancel: string[]; rest: Effect[] } {
  const timers = new Map<string, TimerRow | null>();
  const rest: Effect[] = [];
  for (const effect of effects) {
    if (effect.type === 'timer.set')
      timers.set(String(effect.id), { sessionId, id: String(effect.id), dueAt: Number(effect.dueAt), event: effect.event as EngineEvent, token: randomUUID() });
    else if (effect.type === 'timer.cancel') timers.set(String(effect.id), null);
    else rest.push(effect);
  }
  const set = [...timers.values()].filter((timer): timer is TimerRow => timer !== null);
  const cancel = [...timers].filter(([, timer]) => timer === null).map(([id]) => id);
  return { set, cancel, rest };
}

export class EventApplier {
  constructor(
    private readonly deps: SessionDeps,
    private readonly flows: PinnedFlows,
    private readonly after: AfterCommit,
  ) {}

  /**
   * Applies `event` to the call, retrying when another writer committed first — except for an event
   * read from a notification, which was translated against the record that changed: its inbox entry
   * is tried again from the start instead.
   */
  async apply(sessionId: string, event: EngineEvent, source: EventSource = {}): Promise<void> {
    const attempts = source.notification ? 1 : COMMIT_ATTEMPTS;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const session = await this.deps.store.get(sessionId);
      if (!session) {
        if (source.inboxSeq !== undefined) await this.deps.store.dropInbox(sessionId, source.inboxSeq);
        return;
      }
      if (session.phase === 'ended') {
        if (
          await this.consume(session, source, [{ at: this.deps.clock.now(), kind: 'unhandled', event, reason: `call ended: ${session.endReason ?? 'ended'}` }])
        )
          return;
        continue;
      }
      if (await this.tryApply(session, event, source)) return;
    }
    throw new Error(`call ${sessionId}: could not commit event ${event.type} after ${attempts} attempt(s) (concurrent writers)`);
  }

  /** Stores a new session from a flow's start and runs its first effects. */
  async open(session: CallSession, result: StepResult, trace: SessionTraceEntry[], source: EventSource = {}): Promise<boolean> {
    const { set, rest } = timerChanges(session.id, result.effects);
    const opened = { ...session, record: result.record, leg: legAfter(session.leg, rest) };
    const entries = [...trace, ...result.trace];
    const effects = outboxOf(opened.rev, rest);
    if (!(await this.deps.store.create(opened, { trace: entries, timers: set, effects, inboxSeq: source.inboxSeq }))) return false;
    logTrace(this.deps.logger, session.id, entries);
    set.forEach((timer) => this.after.timerSet(timer.dueAt));
    this.after.dispatch(session.id, effects);
    return true;
  }

  /** Ends the call because its flow cannot go on (engine failure, no end after hang-up). */
  async endWithError(sessionId: string, message: string, source: EventSource = {}): Promise<void> {
    const session = await this.deps.store.get(sessionId);
    if (!session) return;
    const now = this.deps.clock.now();
    if (session.phase === 'ended') return void (await this.consume(session, source, [{ at: now, kind: 'unhandled', reason: message }]));
    const ended: CallSession = {
      ...consumed(session, source, now),
      phase: 'ended',
      endReason: message,
      queued: undefined,
      record: session.record && { ...session.record, status: 'error', updatedAt: now },
    };
    const effects = outboxOf(ended.rev, closingEffects(session, [], 'engine-error'));
    const trace: SessionTraceEntry[] = [
      ...(source.notification?.trace ?? []),
      { at: now, kind: 'error', message },
      { at: now, kind: 'session', action: 'ended', status: 'error', reason: message },
    ];
    if (!(await this.deps.store.commit({ session: ended, expectedRev: session.rev, cancelAllTimers: true, trace, effects, inboxSeq: source.inboxSeq }))) return;
    logTrace(this.deps.logger, sessionId, trace);
    await this.deps.store.clearPending(sessionId);
    this.deps.metrics.sessionError();
    this.deps.metrics.callEnded(session.record?.flowId ?? 'none', 'error');
    this.after.dispatch(sessionId, effects);
  }

  /** Commits only the consumption of `source` (and a trace); true when done or nothing to consume. */
  async consume(session: CallSession, source: EventSource, trace: SessionTraceEntry[]): Promise<boolean> {
    if (source.inboxSeq === undefined && !source.queued && !source.timerId) {
      await this.trace(session.id, trace);
      return true;
    }
    const next = consumed(session, source, this.deps.clock.now());
    trace = [...(source.notification?.trace ?? []), ...trace];
    const committed = await this.deps.store.commit({
      session: next,
      expectedRev: session.rev,
      trace,
      inboxSeq: source.inboxSeq,
      cancelTimers: source.timerId ? [source.timerId] : undefined,
    });
    if (committed) logTrace(this.deps.logger, session.id, trace);
    return committed;
  }

  private async tryApply(session: CallSession, event: EngineEvent, source: EventSource): Promise<boolean> {
    const now = this.deps.clock.now();
    const next = consumed(session, source, now);
    const trace: SessionTraceEntry[] = [...(source.notification?.trace ?? [])];
    const timers = new Map<string, TimerRow | null>();
    // The timer that fired goes with this commit, unless the step arms it again.
    if (source.timerId) timers.set(source.timerId, null);
    const operationId = isOperationEvent(event) && typeof event.clientContext === 'string' ? event.clientContext : undefined;
    const settleKey = operationId && settleKeyOf(String(event.kind ?? ''), operationId);
    if (settleKey && session.settled.includes(settleKey)) {
      return this.consume(session, source, [{ at: now, kind: 'unhandled', event, reason: 'operation already settled (duplicate)' }]);
    }
    if (settleKey) next.settled = [...session.settled, settleKey].slice(-SETTLED_MEMORY);
    // Graph reports on a parked effect: the request had reached it, so it is not sent again.
    const doubt = reportedBy(session, event);
    if (doubt) {
      const rest = session.inDoubt!.filter((entry) => entry !== doubt);
      next.inDoubt = rest.length ? rest : undefined;
      timers.set(`${IN_DOUBT_TIMER}${doubt.effectId}`, null);
      trace.push({ at: now, kind: 'session', action: 'inDoubtReported', effect: doubt.effect.type, clientContext: doubt.effect.clientContext });
    }
    if (event.type === 'call.established' && session.leg !== 'up' && session.leg !== 'gone') {
      next.leg = 'up';
      timers.set(KEEPALIVE_TIMER, engineTimer(session.id, KEEPALIVE_TIMER, now + this.deps.options.keepAliveMs, 'engine.keepAlive'));
    }
    if (event.type === 'call.terminated') {
      next.leg = 'gone';
      timers.set(KEEPALIVE_TIMER, null);
    }

    let result: StepResult | undefined;
    if (session.record) {
      await this.flows.ensure(session.record.flowId, session.record.flowVersion);
      try {
        result = step(session.record, event, { lookup: (flowId, version) => this.flows.version(flowId, version), now });
      } catch (error) {
        if (!(error instanceof FlowVersionMissingError || error instanceof SnapshotMismatchError)) throw error;
        result = this.failOver(session.record, error.message, now);
        if (!result) {
          await this.trace(session.id, [{ at: now, kind: 'event', event }]);
          await this.endWithError(session.id, error.message, source);
          return true;
        }
        trace.push(
          { at: now, kind: 'event', event },
          {
            at: now,
            kind: 'session',
            action: 'failedOver',
            reason: error.message,
            fromVersion: session.record.flowVersion,
            toVersion: result.record.flowVersion,
          },
        );
      }
      next.record = result.record;
      trace.push(...result.trace);
    } else {
      trace.push({ at: now, kind: 'unhandled', event, reason: 'no flow runs on this call' });
    }

    const changes = timerChanges(session.id, result?.effects ?? []);
    changes.set.forEach((timer) => timers.set(timer.id, timer));
    changes.cancel.forEach((id) => timers.set(id, null));
    const effects: Effect[] = [...changes.rest];
    next.leg = legAfter(next.leg, effects);
    const finished = next.record !== undefined && next.record.status !== 'active';
    if (finished) {
      effects.push(...closingEffects(next, effects, 'engine-end'));
      next.phase = 'ended';
      next.endReason = next.record!.status === 'done' ? 'the flow finished' : 'the flow failed';
      trace.push({ at: now, kind: 'session', action: 'ended', status: next.record!.status, reason: next.endReason });
    } else if (event.type === 'call.terminated' && next.record) {
      timers.set(AFTER_HANGUP_TIMER, engineTimer(session.id, AFTER_HANGUP_TIMER, now + this.deps.options.afterHangupMs, 'engine.afterHangup'));
    }

    const setTimers = finished ? [] : [...timers.values()].filter((timer): timer is TimerRow => timer !== null);
    const cancelTimers = [...timers].filter(([, timer]) => timer === null).map(([id]) => id);
    const outbox = outboxOf(next.rev, effects);
    const committed = await this.deps.store.commit({
      session: next,
      expectedRev: session.rev,
      setTimers,
      cancelTimers,
      cancelAllTimers: finished,
      trace,
      effects: outbox,
      inboxSeq: source.inboxSeq,
    });
    if (!committed) return false;

    logTrace(this.deps.logger, session.id, trace);
    setTimers.forEach((timer) => this.after.timerSet(timer.dueAt));
    if (operationId) await this.deps.store.removePending(session.id, operationId);
    if (event.type === 'call.terminated' || finished) await this.deps.store.clearPending(session.id);
    if (finished) this.deps.metrics.callEnded(next.record!.flowId, next.record!.status);
    this.after.dispatch(session.id, outbox);
    return true;
  }

  /** The call's flow at its error handler on the deployed version, when the pinned one is gone. */
  private failOver(record: CallRecord, reason: string, now: number): StepResult | undefined {
    const latest = this.flows.latest(record.flowId);
    if (!latest?.flow.on?.error) return undefined;
    try {
      return failOver(latest, record, reason, { now });
    } catch {
      return undefined;
    }
  }

  private async trace(sessionId: string, entries: SessionTraceEntry[]): Promise<void> {
    await this.deps.store.appendTrace(sessionId, entries);
    logTrace(this.deps.logger, sessionId, entries);
  }
}

function rest<T>(queued: T[] | undefined): T[] | undefined {
  return queued && queued.length > 1 ? queued.slice(1) : undefined;
}

function isOperationEvent(event: EngineEvent): boolean {
  return event.type === 'operation.completed' || event.type === 'operation.failed';
}

/** The leg after the engine asked Graph to answer or place it. */
function legAfter(leg: CallSession['leg'], effects: Effect[]): CallSession['leg'] {
  if (leg === 'offered' && effects.some((effect) => effect.type === 'graph.answer')) return 'connecting';
  return leg;
}

/**
 * A call must not stay up with no flow behind it: when the flow stops without ending the call
 * itself, the engine hangs up (or rejects a call it never answered).
 */
function closingEffects(session: CallSession, effects: Effect[], clientContext: string): Effect[] {
  // The flow marks the call terminated when it hung up itself in an earlier step (a dial giving up
  // ringing); Graph's `terminated` may not have arrived yet, and a second hang-up would be refused.
  const flowHungUp = (session.record?.snapshot as { context?: { call?: { terminated?: unknown } } } | undefined)?.context?.call?.terminated === true;
  if (session.leg === 'gone' || flowHungUp || effects.some((effect) => ENDING_EFFECTS.has(effect.type))) return [];
  return [{ type: session.leg === 'offered' ? 'graph.reject' : 'graph.hangup', ...(session.leg === 'offered' ? { reason: 'none' } : {}), clientContext }];
}
