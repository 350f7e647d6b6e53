/**
 * The one way a call's step is committed. Whatever changes a call — an event applied to its flow,
 * a notification read, a keepAlive, an effect in doubt parked or decided, Graph's id linked — ends
 * here: the next record, its timers, its trace, its effects (the outbox) and the consumption of the
 * inbox entry, queued event or timer that caused it are written in one compare-and-set on the
 * record's revision. Only after that is the trace logged, the timer scheduler woken and the
 * effects sent, so nothing leaves the process that the store does not hold.
 *
 * Refused commits have one policy. A refusal means another writer committed first (the lease ran
 * out mid-step, or an operator tool wrote): what this process read is stale, so nothing of the
 * step may be used. `commit` throws CommitRefusedError; the unit of work that read the session runs
 * again from a fresh read (`retryRefused`), at most three times, after which the error goes to the
 * caller like any other failure (an inbox entry is tried again after a pause, then set aside and
 * traced against its call).
 */
import type { Effect } from '../core/types.ts';
import { consumed, consumesSomething, type EventSource } from './event-source.ts';
import type { SessionDeps } from './session-deps.ts';
import { TraceWriter } from './trace-writer.ts';
import type { CallSession, OutboxEffect, SessionTraceEntry, TimerRow } from './types.ts';

/** What a step changes besides the session record itself. */
export interface StepChanges {
  trace?: SessionTraceEntry[];
  setTimers?: TimerRow[];
  cancelTimers?: string[];
  /** Every timer of the call goes (the call ended). */
  cancelAllTimers?: boolean;
  /** Graph and HTTP effects to send once committed. */
  effects?: Effect[];
  /** The operation this step settled (its clientContext): no longer pending once committed. */
  settledOperation?: string;
  /** The call leg is gone or the call ended: no pending operation matters any more. */
  clearPending?: boolean;
}

/** Sends the effects of a committed step (implemented by EffectRunner). */
export interface EffectDispatcher {
  dispatch(sessionId: string, effects: OutboxEffect[]): void;
}

/** Told when a timer was stored, so it can wake earlier than planned (implemented by TimerScheduler). */
export interface TimerWakeup {
  timerStored(dueAt: number): void;
}

/** The call changed since it was read; the step was not written. */
export class CommitRefusedError extends Error {
  constructor(readonly sessionId: string) {
    super(`call ${sessionId}: another writer changed the call since it was read; the step was not committed`);
    this.name = 'CommitRefusedError';
  }
}

const REFUSED_ATTEMPTS = 3;

/** Runs a unit of work that reads a call and commits a step, again from a fresh read when the commit is refused. */
export async function retryRefused<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof CommitRefusedError) || attempt >= REFUSED_ATTEMPTS) throw error;
    }
  }
}

/** A step's effects as outbox rows, with ids unique within the call. */
export function outboxOf(rev: number, effects: Effect[]): OutboxEffect[] {
  return effects.map((effect, index) => ({ id: `${rev}.${index}`, effect }));
}

export class StepCommitter {
  private readonly traces: TraceWriter;

  constructor(
    private readonly deps: Pick<SessionDeps, 'store' | 'logger' | 'clock' | 'redactor'>,
    private readonly effects: EffectDispatcher,
    private readonly timers: TimerWakeup,
  ) {
    this.traces = new TraceWriter(deps);
  }

  /**
   * Commits `next` as the revision after `before`, consuming `source` in the same write (a fired
   * timer is deleted unless the step arms it again), then logs, wakes the scheduler and sends the
   * effects. Throws CommitRefusedError when the stored call is no longer `before`.
   */
  async commit(before: CallSession, next: CallSession, changes: StepChanges = {}, source: EventSource = {}): Promise<void> {
    const rev = before.rev + 1;
    const session: CallSession = { ...consumed(next, source, this.deps.clock.now()), rev };
    const trace = this.traces.clean([...(source.notification?.trace ?? []), ...(changes.trace ?? [])], session);
    const setTimers = changes.cancelAllTimers ? [] : (changes.setTimers ?? []);
    const rearmed = new Set(setTimers.map((timer) => timer.id));
    const cancelTimers = [...(changes.cancelTimers ?? []), ...(source.timerId && !rearmed.has(source.timerId) ? [source.timerId] : [])];
    const effects = outboxOf(rev, changes.effects ?? []);
    const committed = await this.deps.store.commit({
      session,
      expectedRev: before.rev,
      setTimers,
      cancelTimers,
      cancelAllTimers: changes.cancelAllTimers,
      trace,
      effects,
      inboxSeq: source.inboxSeq,
    });
    if (!committed) throw new CommitRefusedError(before.id);
    this.traces.log(session, trace);
    setTimers.forEach((timer) => this.timers.timerStored(timer.dueAt));
    if (changes.settledOperation) await this.deps.store.removePending(session.id, changes.settledOperation);
    if (changes.clearPending) await this.deps.store.clearPending(session.id);
    this.effects.dispatch(session.id, effects);
  }

  /** Commits only the consumption of `source` and a trace; with nothing to consume, only appends the trace. */
  async consume(before: CallSession, source: EventSource, trace: SessionTraceEntry[]): Promise<void> {
    if (!consumesSomething(source)) return this.appendTrace(before.id, trace);
    await this.commit(before, before, { trace }, source);
  }

  /** Stores a new call with its first step; false when a call with that id exists already. */
  async create(session: CallSession, changes: StepChanges = {}, source: EventSource = {}): Promise<boolean> {
    const trace = this.traces.clean(changes.trace ?? [], session);
    const timers = changes.setTimers ?? [];
    const effects = outboxOf(session.rev, changes.effects ?? []);
    if (!(await this.deps.store.create(session, { trace, timers, effects, inboxSeq: source.inboxSeq }))) return false;
    this.traces.log(session, trace);
    timers.forEach((timer) => this.timers.timerStored(timer.dueAt));
    this.effects.dispatch(session.id, effects);
    return true;
  }

  /** Trace entries that change nothing else (a notification nobody needed, an event after the call ended). */
  async appendTrace(sessionId: string, entries: SessionTraceEntry[]): Promise<void> {
    await this.traces.append(sessionId, entries);
  }

  /** Fields of another log line about a call, cleaned as trace entries are. */
  logFields<T extends Record<string, unknown>>(fields: T): T {
    return this.traces.fields(fields);
  }
}
