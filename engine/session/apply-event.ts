/**
 * One event applied to one call: step the flow, commit the record with its timers and trace in one
 * compare-and-set, and only then hand the effects on. Also the engine's own bookkeeping around the
 * flow: the call leg's state, keepAlive and after-hangup timers, dropping repeated operation
 * completions, ending a call safely when its flow version is gone or its flow stops.
 */
import { randomUUID } from 'node:crypto';
import { FlowVersionMissingError, SnapshotMismatchError, step } from '../core/step.ts';
import type { Effect, EngineEvent, StepResult } from '../core/types.ts';
import { logTrace, type SessionDeps } from './session-deps.ts';
import type { CallSession, SessionTraceEntry, TimerRow } from './types.ts';

/** Engine-owned timer ids; `$` cannot start an XState delayed-event id. */
export const KEEPALIVE_TIMER = '$keepAlive';
export const AFTER_HANGUP_TIMER = '$afterHangup';

/** Effects after which the engine does not need to end the call itself. */
const ENDING_EFFECTS = new Set(['graph.hangup', 'graph.reject', 'graph.redirect', 'graph.transfer']);
const SETTLED_MEMORY = 64;
const COMMIT_ATTEMPTS = 3;

export interface AfterCommit {
  /** Runs Graph and HTTP effects of a committed step. */
  dispatch(sessionId: string, effects: Effect[]): void;
  /** A timer was stored; the scheduler may need to wake earlier. */
  timerSet(dueAt: number): void;
}

/** A step's timer effects folded in order: the last word on each timer id wins. */
export function timerChanges(sessionId: string, effects: Effect[]): { set: TimerRow[]; cancel: string[]; rest: Effect[] } {
  const timers = new Map<string, TimerRow | null>();
  const rest: Effect[] = [];
  for (const effect of effects) {
    if (effect.type === 'timer.set') timers.set(String(effect.id), { sessionId, id: String(effect.id), dueAt: Number(effect.dueAt), event: effect.event as EngineEvent, token: randomUUID() });
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
    private readonly after: AfterCommit,
  ) {}

  /** Applies `event` to the call, retrying when another writer committed first. */
  async apply(sessionId: string, event: EngineEvent): Promise<void> {
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      const session = await this.deps.store.get(sessionId);
      if (!session) return;
      if (session.phase === 'ended') {
        await this.trace(sessionId, [{ at: this.deps.clock.now(), kind: 'unhandled', event, reason: `call ended: ${session.endReason ?? 'ended'}` }]);
        return;
      }
      if (await this.tryApply(session, event)) return;
    }
    throw new Error(`call ${sessionId}: could not commit event ${event.type} after ${COMMIT_ATTEMPTS} attempts (concurrent writers)`);
  }

  /** Stores a new session from a flow's start and runs its first effects. */
  async open(session: CallSession, result: StepResult, trace: SessionTraceEntry[]): Promise<boolean> {
    const { set, rest } = timerChanges(session.id, result.effects);
    const opened = { ...session, record: result.record, leg: legAfter(session.leg, rest) };
    const entries = [...trace, ...result.trace];
    if (!(await this.deps.store.create(opened, { trace: entries, timers: set }))) return false;
    logTrace(this.deps.logger, session.id, entries);
    set.forEach((timer) => this.after.timerSet(timer.dueAt));
    this.after.dispatch(session.id, rest);
    return true;
  }

  /** Ends the call because its flow cannot go on (version gone, engine failure, no end after hang-up). */
  async endWithError(sessionId: string, message: string): Promise<void> {
    const session = await this.deps.store.get(sessionId);
    if (!session || session.phase === 'ended') return;
    const now = this.deps.clock.now();
    const effects = closingEffects(session, [], 'engine-error');
    const ended: CallSession = {
      ...session,
      rev: session.rev + 1,
      updatedAt: now,
      phase: 'ended',
      endReason: message,
      record: session.record && { ...session.record, status: 'error', updatedAt: now },
    };
    const trace: SessionTraceEntry[] = [
      { at: now, kind: 'error', message },
      { at: now, kind: 'session', action: 'ended', status: 'error', reason: message },
    ];
    if (!(await this.deps.store.commit({ session: ended, expectedRev: session.rev, cancelAllTimers: true, trace }))) return;
    logTrace(this.deps.logger, sessionId, trace);
    await this.deps.store.clearPending(sessionId);
    this.deps.metrics.sessionError();
    this.deps.metrics.callEnded(session.record?.flowId ?? 'none', 'error');
    this.after.dispatch(sessionId, effects);
  }

  private async tryApply(session: CallSession, event: EngineEvent): Promise<boolean> {
    const now = this.deps.clock.now();
    const next: CallSession = { ...session, rev: session.rev + 1, updatedAt: now };
    const trace: SessionTraceEntry[] = [];
    const timers = new Map<string, TimerRow | null>();
    const operationId = isOperationEvent(event) && typeof event.clientContext === 'string' ? event.clientContext : undefined;
    // One flow operation id can name two Graph operations (answer, then subscribeToTone), so the kind is part of the key.
    const settleKey = operationId && `${String(event.kind ?? '')}|${operationId}`;
    if (settleKey && session.settled.includes(settleKey)) {
      await this.trace(session.id, [{ at: now, kind: 'unhandled', event, reason: 'operation already settled (duplicate)' }]);
      return true;
    }
    if (settleKey) next.settled = [...session.settled, settleKey].slice(-SETTLED_MEMORY);
    if (event.type === 'call.established' && session.leg !== 'up' && session.leg !== 'gone') {
      next.leg = 'up';
      timers.set(KEEPALIVE_TIMER, this.engineTimer(session.id, KEEPALIVE_TIMER, now + this.deps.options.keepAliveMs, 'engine.keepAlive'));
    }
    if (event.type === 'call.terminated') {
      next.leg = 'gone';
      timers.set(KEEPALIVE_TIMER, null);
    }

    let result: (StepResult & { changed: boolean }) | undefined;
    if (session.record) {
      try {
        result = step(session.record, event, { lookup: this.deps.flows.version, now });
      } catch (error) {
        if (!(error instanceof FlowVersionMissingError || error instanceof SnapshotMismatchError)) throw error;
        await this.trace(session.id, [{ at: now, kind: 'event', event }]);
        await this.endWithError(session.id, error.message);
        return true;
      }
      next.record = result.record;
      trace.push(...result.trace);
    } else {
      trace.push({ at: now, kind: 'unhandled', event, reason: 'no flow runs on this call' });
    }

    const changes = timerChanges(session.id, result?.effects ?? []);
    changes.set.forEach((timer) => timers.set(timer.id, timer));
    changes.cancel.forEach((id) => timers.set(id, null));
    const effects = [...changes.rest];
    next.leg = legAfter(next.leg, effects);
    const finished = next.record !== undefined && next.record.status !== 'active';
    if (finished) {
      effects.push(...closingEffects(next, effects, 'engine-end'));
      next.phase = 'ended';
      next.endReason = next.record!.status === 'done' ? 'the flow finished' : 'the flow failed';
      trace.push({ at: now, kind: 'session', action: 'ended', status: next.record!.status, reason: next.endReason });
    } else if (event.type === 'call.terminated' && next.record) {
      timers.set(AFTER_HANGUP_TIMER, this.engineTimer(session.id, AFTER_HANGUP_TIMER, now + this.deps.options.afterHangupMs, 'engine.afterHangup'));
    }

    const setTimers = finished ? [] : [...timers.values()].filter((timer): timer is TimerRow => timer !== null);
    const cancelTimers = [...timers].filter(([, timer]) => timer === null).map(([id]) => id);
    const committed = await this.deps.store.commit({ session: next, expectedRev: session.rev, setTimers, cancelTimers, cancelAllTimers: finished, trace });
    if (!committed) return false;

    logTrace(this.deps.logger, session.id, trace);
    setTimers.forEach((timer) => this.after.timerSet(timer.dueAt));
    if (operationId) await this.deps.store.removePending(session.id, operationId);
    if (event.type === 'call.terminated' || finished) await this.deps.store.clearPending(session.id);
    if (finished) this.deps.metrics.callEnded(next.record!.flowId, next.record!.status);
    this.after.dispatch(session.id, effects);
    return true;
  }

  private engineTimer(sessionId: string, id: string, dueAt: number, type: string): TimerRow {
    return { sessionId, id, dueAt, event: { type }, token: randomUUID() };
  }

  private async trace(sessionId: string, entries: SessionTraceEntry[]): Promise<void> {
    await this.deps.store.appendTrace(sessionId, entries);
    logTrace(this.deps.logger, sessionId, entries);
  }
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
  if (session.leg === 'gone' || effects.some((effect) => ENDING_EFFECTS.has(effect.type))) return [];
  return [{ type: session.leg === 'offered' ? 'graph.reject' : 'graph.hangup', ...(session.leg === 'offered' ? { reason: 'none' } : {}), clientContext }];
}
