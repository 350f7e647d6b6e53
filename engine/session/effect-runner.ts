/**
 * Runs a call's committed effects against the outside world. Graph effects go through one lane per
 * call, in the order the flow produced them (a cancel must not overtake the play it cancels);
 * HTTP requests run beside it. Each effect is marked taken in the store's outbox just before it is
 * sent and leaves it once answered: a process that lost its lease and the one that took the call
 * over never both send it, and whoever recovers the call of a process that died sends what that
 * process had not finished — at least once, so a crash may repeat the one request in flight but
 * never leaves a call waiting for a request that was lost.
 * Whatever comes back (synchronous completions, failures after retries, the id Graph gave a new
 * call) re-enters the call as events through its inbox. Each effect holds the call's lease.
 */
import { effectSpec, type PromptRef } from '../core/effects.ts';
import type { Effect, EngineEvent, Json } from '../core/types.ts';
import type { CallLeases } from './call-leases.ts';
import { inCallContext, noteCall } from './call-log-context.ts';
import { KeyedQueue } from './keyed-queue.ts';
import type { CallFailures, SessionDeps } from './session-deps.ts';
import { TraceWriter } from './trace-writer.ts';
import type { EffectDispatcher } from './step-commit.ts';
import { legOf, legTarget } from './leg-effects.ts';
import type { GraphOutcome, OutboxEffect, SessionTraceEntry } from './types.ts';

/** Where what comes back from an effect goes (implemented by CallSessions). */
export interface EffectResults {
  /** Queues an event for the call (through its inbox). */
  deliver(sessionId: string, event: EngineEvent): Promise<void>;
  /** Records Graph's id for the call (serialized with the call's events). */
  linkGraphCall(sessionId: string, graphCallId: string, chainId?: string, myParticipantId?: string): Promise<void>;
  /** Records Graph's id for the session's consult call, so its notifications find the session. */
  linkConsultCall(sessionId: string, consultCallId: string): Promise<void>;
  /** Records Graph's id for a call leg of the session, so its notifications find the session. */
  linkLeg(sessionId: string, leg: string, graphCallId: string): Promise<void>;
}

export class EffectRunner implements EffectDispatcher {
  private readonly lane: KeyedQueue;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly traces: TraceWriter;

  constructor(
    private readonly deps: SessionDeps,
    private readonly leases: CallLeases,
    private readonly results: EffectResults,
    failures: CallFailures,
  ) {
    this.lane = new KeyedQueue(failures, inCallContext);
    this.traces = new TraceWriter(deps);
  }

  /**
   * Starts the effects of one committed step (the caller holds the call); returns at once. Effects
   * read back as `taken` were in flight in a process that stopped: they are sent again.
   */
  dispatch(sessionId: string, effects: OutboxEffect[]): void {
    for (const { id, effect, taken } of effects) {
      const send = (run: () => Promise<void>) =>
        this.holding(sessionId, async () => {
          if (!taken && !(await this.deps.store.takeEffect(sessionId, id))) return;
          await run();
          await this.deps.store.finishEffect(sessionId, id);
        });
      // Who performs an effect is the catalogue's word (engine/core/effects.ts).
      const performer = effectSpec(effect.type)?.performer;
      if (performer === 'call')
        void this.lane.run(
          sessionId,
          send(() => this.runGraph(sessionId, effect)),
        );
      else if (performer === 'http') this.track(send(() => this.runHttp(sessionId, effect))());
      // A recording is fetched beside the call's Graph lane, also after the call ended: Graph discards it soon after.
      else if (performer === 'recording') this.track(send(() => this.runRecording(sessionId, effect))());
      else
        this.track(
          send(() => this.trace(sessionId, [{ at: this.deps.clock.now(), kind: 'error', message: `no executor for effect '${effect.type}'`, effect }]))(),
        );
    }
  }

  /** Sends an engine-made Graph request that no step committed (a question, not an action). */
  query(sessionId: string, effect: Effect): void {
    void this.lane.run(
      sessionId,
      this.holding(sessionId, () => this.runGraph(sessionId, effect)),
    );
  }

  /** Whether the call has Graph effects queued or in flight on its lane. */
  holds(sessionId: string): boolean {
    return this.lane.has(sessionId);
  }

  get busy(): number {
    return this.lane.size + this.inflight.size;
  }

  /** Resolves when no effect is queued or running. */
  async idle(): Promise<void> {
    while (this.inflight.size || this.lane.size) await Promise.all([this.lane.idle(), ...this.inflight]);
  }

  /** `work` holding the call: the hold is taken now, so the call stays held while the work waits in line. */
  private holding(sessionId: string, work: () => Promise<void>): () => Promise<void> {
    this.leases.retain(sessionId);
    return () =>
      inCallContext(sessionId, async () => {
        try {
          await work();
        } finally {
          this.leases.exit(sessionId);
        }
      });
  }

  private async runGraph(sessionId: string, effect: Effect): Promise<void> {
    const session = await this.deps.store.get(sessionId);
    if (!session) return;
    const now = this.deps.clock.now();
    const leg = legOf(effect);
    const target = leg ? legTarget(session, effect, leg) : undefined;
    if (target && !target.send) {
      await this.trace(sessionId, [{ at: now, kind: 'graph.skipped', effect: effect.type, clientContext: effect.clientContext, leg, reason: target.reason }]);
      if (target.failed) this.track(this.results.deliver(sessionId, target.failed));
      return;
    }
    // A consult call outlives the caller's leg (it is hung up after the caller left), so only its own id matters.
    if (!leg && !effectSpec(effect.type)?.createsCall && !effectSpec(effect.type)?.onConsultCall) {
      const skip = !session.graphCallId ? 'Graph has not given this call an id' : session.leg === 'gone' ? 'the call leg is gone' : undefined;
      if (skip) return this.trace(sessionId, [{ at: now, kind: 'graph.skipped', effect: effect.type, clientContext: effect.clientContext, reason: skip }]);
    }
    // Hanging up a consult call that was never placed (Graph refused it) has nothing to do.
    if (effectSpec(effect.type)?.onConsultCall && !session.consultCallId)
      return this.trace(sessionId, [
        { at: now, kind: 'graph.skipped', effect: effect.type, clientContext: effect.clientContext, reason: 'there is no consult call' },
      ]);
    const record = session.record;
    const compiled = record ? this.deps.flows.version(record.flowId, record.flowVersion) : undefined;
    const prepared = await this.withAudio(sessionId, effect);
    if (!prepared) return;
    effect = prepared;
    const outcome = await this.deps.graph.execute(effect, {
      sessionId,
      graphCallId: target ? target.graphCallId : session.graphCallId,
      ...(session.consultCallId ? { consultCallId: session.consultCallId } : {}),
      tenantId: session.tenantId,
      direction: session.direction,
      ...(session.correlation ? { correlation: session.correlation } : {}),
      flow: compiled?.flow,
    });
    if (leg) return this.legOutcome(sessionId, leg, effect, outcome);
    // Graph's answer names the call before the link below commits it: its trace lines carry it already.
    noteCall(sessionId, { callId: outcome.graphCallId, chainId: outcome.chainId });
    await this.trace(sessionId, outcome.trace);
    if (outcome.pending) {
      const expectedMs = this.deps.playLength?.(effect);
      await this.deps.store.addPending(sessionId, { ...outcome.pending, ...(expectedMs !== undefined ? { expectedMs } : {}) });
    }
    if (outcome.graphCallId) await this.results.linkGraphCall(sessionId, outcome.graphCallId, outcome.chainId, outcome.myParticipantId);
    if (outcome.consultCallId) await this.results.linkConsultCall(sessionId, outcome.consultCallId);
    for (const event of outcome.events) this.track(this.results.deliver(sessionId, event));
    // A call Graph refused to create never existed: after the flow hears of the refusal (dial's
    // error port), it ends the way a call ends, so a flow whose error path would play or wait on a
    // call that is not there finishes instead of waiting forever, and the call is purged in time.
    if (effectSpec(effect.type)?.createsCall && !outcome.graphCallId && !session.graphCallId && outcome.events.length) {
      const refusal = outcome.events.find((event) => event.type === 'operation.failed') as { result?: { code?: number; subcode?: number } } | undefined;
      this.track(
        this.results.deliver(sessionId, {
          type: 'call.terminated',
          code: refusal?.result?.code ?? 500,
          subcode: refusal?.result?.subcode ?? 0,
          reason: 'Graph did not create the call',
        }),
      );
    }
    if (outcome.callGone)
      this.track(this.results.deliver(sessionId, { type: 'call.terminated', code: 404, subcode: 0, reason: 'Graph no longer knows the call' }));
  }

  /**
   * What came back from an effect on a call leg: a created leg's id links it to the session; a leg
   * Graph no longer knows ends as the leg's termination, never the main call's.
   */
  private async legOutcome(sessionId: string, leg: string, effect: Effect, outcome: GraphOutcome): Promise<void> {
    await this.trace(
      sessionId,
      outcome.trace.map((entry) => ({ ...entry, leg })),
    );
    if (outcome.pending) {
      const expectedMs = this.deps.playLength?.(effect);
      await this.deps.store.addPending(sessionId, { ...outcome.pending, leg, ...(expectedMs !== undefined ? { expectedMs } : {}) });
    }
    if (outcome.graphCallId) await this.results.linkLeg(sessionId, leg, outcome.graphCallId);
    for (const event of outcome.events) this.track(this.results.deliver(sessionId, event));
    if (outcome.callGone)
      this.track(this.results.deliver(sessionId, { type: 'leg.terminated', leg, code: 404, subcode: 0, reason: 'Graph no longer knows the call leg' }));
  }

  /**
   * The effect with its prompts' audio ready (recordings hashed, words synthesized or found in the
   * cache), or undefined when that failed: then it is not sent, the reason is traced and the flow
   * hears `operation.failed` as for a request Graph refused, so the block's error port (or the
   * flow-wide handler) runs and the call is never left waiting for a prompt that cannot play.
   */
  private async withAudio(sessionId: string, effect: Effect): Promise<Effect | undefined> {
    const spec = effectSpec(effect.type);
    if (!spec?.speaks || !this.deps.promptAudio || !Array.isArray(effect.prompts) || !effect.prompts.length) return effect;
    const started = Date.now();
    try {
      const prompts = await this.deps.promptAudio.prepare(effect.prompts as unknown as PromptRef[]);
      this.deps.metrics.promptAudio('ready', (Date.now() - started) / 1000);
      return { ...effect, prompts: prompts as unknown as Json };
    } catch (error) {
      this.deps.metrics.promptAudio('failed', (Date.now() - started) / 1000);
      const message = (error as Error).message;
      const clientContext = typeof effect.clientContext === 'string' ? effect.clientContext : undefined;
      await this.trace(sessionId, [{ at: this.deps.clock.now(), kind: 'error', message: `${effect.type} not sent: ${message}`, clientContext }]);
      this.track(
        this.results.deliver(sessionId, {
          type: 'operation.failed',
          kind: spec.operation ?? effect.type,
          clientContext: clientContext ?? null,
          result: { code: 500, subcode: 0, message },
        }),
      );
      return undefined;
    }
  }

  private async runHttp(sessionId: string, effect: Effect): Promise<void> {
    const started = Date.now();
    const { event, trace } = await this.deps.http.execute(effect);
    this.deps.metrics.httpRequest(event.type === 'http.completed' ? 'completed' : 'failed', (Date.now() - started) / 1000);
    await this.trace(sessionId, trace);
    await this.results.deliver(sessionId, event);
  }

  private async runRecording(sessionId: string, effect: Effect): Promise<void> {
    const clientContext = String(effect.clientContext ?? '');
    const outcome = this.deps.recordings
      ? await this.deps.recordings.execute(sessionId, effect)
      : {
          event: { type: 'recording.failed', clientContext, error: 'this engine keeps no recordings' },
          trace: [{ at: this.deps.clock.now(), kind: 'error', message: 'recording not kept: this engine keeps no recordings', clientContext }],
        };
    await this.trace(sessionId, outcome.trace);
    await this.results.deliver(sessionId, outcome.event);
  }

  private trace(sessionId: string, entries: SessionTraceEntry[]): Promise<void> {
    return this.traces.append(sessionId, entries);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.deps.logger.error({ err: error }, 'effect failed unexpectedly'));
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
  }
}
