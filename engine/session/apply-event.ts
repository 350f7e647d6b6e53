/**
 * One event applied to one call: step the flow, and hand the next record with its timers, trace
 * and effects to the StepCommitter. Also the engine's own bookkeeping around the flow: the call
 * leg's state, keepAlive and after-hangup timers, dropping repeated operation completions, ending a
 * call safely when its flow version is gone or its flow stops.
 */
import { callTerminated } from '../core/call-record.ts';
import { effectSpec } from '../core/effects.ts';
import { failOver, FlowVersionMissingError, SnapshotMismatchError, step } from '../core/step.ts';
import type { CallRecord, Effect, EngineEvent, StepResult } from '../core/types.ts';
import { AFTER_HANGUP_TIMER, engineTimer, IN_DOUBT_TIMER, KEEPALIVE_TIMER, timerChanges } from './engine-timers.ts';
import type { EventSource } from './event-source.ts';
import { reportedBy } from './in-doubt.ts';
import { isOperationEvent, settleKeyOf } from './operations.ts';
import type { PinnedFlows } from './pinned-flows.ts';
import type { SessionDeps } from './session-deps.ts';
import type { StepCommitter } from './step-commit.ts';
import type { CallSession, LegState, SessionTraceEntry, TimerRow } from './types.ts';

/** Settled operations remembered per call, to drop a repeated completion. */
const SETTLED_MEMORY = 64;

export class EventApplier {
  constructor(
    private readonly deps: SessionDeps,
    private readonly flows: PinnedFlows,
    private readonly committer: StepCommitter,
  ) {}

  /** Applies `event` to the call, consuming `source` in the same commit (throws CommitRefusedError when the call changed meanwhile). */
  async apply(sessionId: string, event: EngineEvent, source: EventSource = {}): Promise<void> {
    const session = await this.deps.store.get(sessionId);
    if (!session) {
      if (source.inboxSeq !== undefined) await this.deps.store.dropInbox(sessionId, source.inboxSeq);
      return;
    }
    if (session.phase === 'ended') {
      const reason = `call ended: ${session.endReason ?? 'ended'}`;
      return this.committer.consume(session, source, [{ at: this.deps.clock.now(), kind: 'unhandled', event, reason }]);
    }
    await this.applyTo(session, event, source);
  }

  /** Stores a new session from a flow's start and runs its first effects. */
  async open(session: CallSession, result: StepResult, trace: SessionTraceEntry[], source: EventSource = {}): Promise<boolean> {
    const { set, rest } = timerChanges(session.id, result.effects);
    const opened = { ...session, record: result.record, leg: legAfter(session.leg, rest), legs: legsAfter(session.legs, rest) };
    return this.committer.create(opened, { trace: [...trace, ...result.trace], setTimers: set, effects: rest }, source);
  }

  /** Ends the call because its flow cannot go on (engine failure, no end after hang-up). */
  async endWithError(sessionId: string, message: string, source: EventSource = {}): Promise<void> {
    const session = await this.deps.store.get(sessionId);
    if (!session) return;
    const now = this.deps.clock.now();
    if (session.phase === 'ended') return this.committer.consume(session, source, [{ at: now, kind: 'unhandled', reason: message }]);
    const ended: CallSession = {
      ...session,
      phase: 'ended',
      endReason: message,
      queued: undefined,
      record: session.record && { ...session.record, status: 'error', updatedAt: now },
    };
    const trace: SessionTraceEntry[] = [
      { at: now, kind: 'error', message },
      { at: now, kind: 'session', action: 'ended', status: 'error', reason: message },
    ];
    const effects = closingEffects(session, [], 'engine-error');
    await this.committer.commit(session, ended, { trace, effects, cancelAllTimers: true, clearPending: true }, source);
    this.deps.metrics.sessionError();
    this.deps.metrics.callEnded(session.record?.flowId ?? 'none', 'error');
  }

  private async applyTo(session: CallSession, event: EngineEvent, source: EventSource): Promise<void> {
    const now = this.deps.clock.now();
    const next: CallSession = { ...session };
    const trace: SessionTraceEntry[] = [];
    const timers = new Map<string, TimerRow | null>();
    const operationId = isOperationEvent(event) && typeof event.clientContext === 'string' ? event.clientContext : undefined;
    const settleKey = operationId && settleKeyOf(String(event.kind ?? ''), operationId);
    if (settleKey && session.settled.includes(settleKey)) {
      return this.committer.consume(session, source, [{ at: now, kind: 'unhandled', event, reason: 'operation already settled (duplicate)' }]);
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
    if ((event.type === 'leg.established' || event.type === 'leg.terminated') && typeof event.leg === 'string')
      next.legs = withLegState(next.legs, event.leg, event.type === 'leg.established' ? 'up' : 'gone');

    let result: StepResult | undefined;
    if (session.record) {
      const stepped = await this.stepFlow(session, event, source, now);
      if (!stepped) return;
      result = stepped.result;
      next.record = result.record;
      trace.push(...stepped.trace, ...result.trace);
    } else {
      trace.push({ at: now, kind: 'unhandled', event, reason: 'no flow runs on this call' });
    }

    const changes = timerChanges(session.id, result?.effects ?? []);
    changes.set.forEach((timer) => timers.set(timer.id, timer));
    changes.cancel.forEach((id) => timers.set(id, null));
    const effects: Effect[] = [...changes.rest];
    next.leg = legAfter(next.leg, effects);
    next.legs = legsAfter(next.legs, effects);
    const finished = next.record !== undefined && next.record.status !== 'active';
    if (finished) {
      effects.push(...closingEffects(next, effects, 'engine-end'));
      next.phase = 'ended';
      next.endReason = next.record!.status === 'done' ? 'the flow finished' : 'the flow failed';
      trace.push({ at: now, kind: 'session', action: 'ended', status: next.record!.status, reason: next.endReason });
    } else if (event.type === 'call.terminated' && next.record) {
      timers.set(AFTER_HANGUP_TIMER, engineTimer(session.id, AFTER_HANGUP_TIMER, now + this.deps.options.afterHangupMs, 'engine.afterHangup'));
    }

    await this.committer.commit(
      session,
      next,
      {
        trace,
        setTimers: [...timers.values()].filter((timer): timer is TimerRow => timer !== null),
        cancelTimers: [...timers].filter(([, timer]) => timer === null).map(([id]) => id),
        cancelAllTimers: finished,
        effects,
        settledOperation: operationId,
        clearPending: event.type === 'call.terminated' || finished,
      },
      source,
    );
    if (finished) this.deps.metrics.callEnded(next.record!.flowId, next.record!.status);
  }

  /**
   * The flow's step for the event; when the call's pinned version is gone, the deployed version's
   * flow-wide error handler takes the call over (trace `failedOver`), and without one the call is
   * ended (undefined: nothing more to commit here).
   */
  private async stepFlow(session: CallSession, event: EngineEvent, source: EventSource, now: number) {
    const record = session.record!;
    await this.flows.ensure(record.flowId, record.flowVersion);
    try {
      return { result: step(record, event, { lookup: (flowId, version) => this.flows.version(flowId, version), now }), trace: [] };
    } catch (error) {
      if (!(error instanceof FlowVersionMissingError || error instanceof SnapshotMismatchError)) throw error;
      const result = this.failOver(record, error.message, now);
      if (!result) {
        await this.committer.appendTrace(session.id, [{ at: now, kind: 'event', event }]);
        await this.endWithError(session.id, error.message, source);
        return undefined;
      }
      const moved = {
        at: now,
        kind: 'session',
        action: 'failedOver',
        reason: error.message,
        fromVersion: record.flowVersion,
        toVersion: result.record.flowVersion,
      };
      return { result, trace: [{ at: now, kind: 'event', event }, moved] };
    }
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
}

/** The leg after the engine asked Graph to answer or place it. */
function legAfter(leg: CallSession['leg'], effects: Effect[]): CallSession['leg'] {
  if (leg === 'offered' && effects.some((effect) => effect.type === 'graph.answer')) return 'connecting';
  return leg;
}

/** The run's legs after the engine placed or hung up some: a leg placed again starts afresh. */
function legsAfter(legs: CallSession['legs'], effects: Effect[]): CallSession['legs'] {
  let next = legs;
  for (const effect of effects) {
    if (typeof effect.leg !== 'string') continue;
    if (effectSpec(effect.type)?.createsCall) {
      const before = next?.[effect.leg];
      const retired = [...(before?.retired ?? []), ...(before?.graphCallId ? [before.graphCallId] : [])].slice(-8);
      next = { ...next, [effect.leg]: { state: 'connecting', ...(retired.length ? { retired } : {}) } };
    } else if (effect.type === 'graph.hangup' && next?.[effect.leg]) next = withLegState(next, effect.leg, 'gone');
  }
  return next;
}

function withLegState(legs: CallSession['legs'], name: string, state: LegState): CallSession['legs'] {
  const leg = legs?.[name];
  if (!leg || leg.state === state || leg.state === 'gone') return legs;
  return { ...legs, [name]: { ...leg, state } };
}

/**
 * A call must not stay up with no flow behind it: when the flow stops without ending the call
 * itself, the engine hangs up (or rejects a call it never answered), and hangs up every call leg
 * still up or ringing. Graph keeps each call the bot placed until the bot deletes it or the other
 * side leaves ("DELETE /communications/calls/{id}: delete or hang up an active call",
 * learn.microsoft.com/graph/api/call-delete); nothing in Graph or Teams ends a bot's one-to-one
 * call because another call of the same bot ended, so the engine does it.
 */
function closingEffects(session: CallSession, effects: Effect[], clientContext: string): Effect[] {
  const legs = Object.entries(session.legs ?? {})
    .filter(([name, leg]) => leg.state !== 'gone' && !effects.some((effect) => effect.leg === name && effectSpec(effect.type)?.endsCall))
    .map(([leg]): Effect => ({ type: 'graph.hangup', leg, clientContext: `${clientContext}-${leg}` }));
  return [...legs, ...mainClosingEffects(session, effects, clientContext)];
}

function mainClosingEffects(session: CallSession, effects: Effect[], clientContext: string): Effect[] {
  // The flow marks the call terminated when it hung up itself in an earlier step (a dial giving up
  // ringing); Graph's `terminated` may not have arrived yet, and a second hang-up would be refused.
  if (session.leg === 'gone' || callTerminated(session.record) || effects.some((effect) => effect.leg === undefined && effectSpec(effect.type)?.endsCall))
    return [];
  if (session.leg === 'offered') return [{ type: 'graph.reject', reason: 'none', clientContext }];
  return [{ type: 'graph.hangup', clientContext }];
}
