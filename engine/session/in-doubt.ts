/**
 * Effects in doubt: a prompt (or a recording with its prompt) whose request a process had sent when
 * it died, with no answer stored. Graph may have started playing it or may never have seen it, and
 * it offers no way to ask (an operation can only be looked up by the id its answer carried). Sending
 * it again at once, as other unanswered effects are, would let the caller hear it twice. So the
 * process that takes the call over parks it: if Graph did play it, its completion names the
 * effect's clientContext within the prompt's length, and the park ends with nothing sent; if no word
 * comes by then, the request was lost and is sent again — unless the flow has moved on meanwhile
 * (the caller pressed a key, the call ended), when the stale prompt is dropped.
 *
 * The parked effect lives in the call's record, its deadline is a durable timer, and both are
 * written in one commit, so a second crash while parked changes nothing.
 */
import type { EngineEvent } from '../core/types.ts';
import { type AfterCommit, consumed, engineTimer, type EventSource, outboxOf, settleKeyOf } from './apply-event.ts';
import { logTrace, type SessionDeps } from './session-deps.ts';
import type { CallSession, InDoubtEffect, OutboxEffect, SessionTraceEntry } from './types.ts';

/** Ids of the timers that end a park: the prefix and the outbox id of the effect. */
export const IN_DOUBT_TIMER = '$inDoubt:';
/** Effects a caller would hear twice; other unanswered effects are sent again at once. */
const AUDIBLE = new Set(['graph.playPrompt', 'graph.recordResponse']);
/** Added to the play length: Graph's notification takes a moment to arrive and be stored. */
const MARGIN_MS = 3_000;
/** The wait when the length is unknown (a recording played by URL, a missing file). */
const UNKNOWN_LENGTH_MS = 30_000;

/** Whether an unanswered effect found in the outbox must be parked rather than sent again. */
export function isInDoubt(orphan: OutboxEffect): boolean {
  return orphan.taken === true && AUDIBLE.has(orphan.effect.type);
}

/** The parked effect an operation event reports on, if any: its request had reached Graph. */
export function reportedBy(session: CallSession, event: EngineEvent): InDoubtEffect | undefined {
  if (event.type !== 'operation.completed' && event.type !== 'operation.failed') return undefined;
  return session.inDoubt?.find((doubt) => doubt.effect.clientContext === event.clientContext && doubt.effect.type === `graph.${String(event.kind)}`);
}

function flowStateOf(session: CallSession): string {
  return JSON.stringify((session.record?.snapshot as { value?: unknown } | undefined)?.value ?? null);
}

export class InDoubtEffects {
  constructor(
    private readonly deps: SessionDeps,
    private readonly after: AfterCommit,
  ) {}

  /**
   * Parks the effects (the caller holds the call) and takes them out of the outbox. Effects already
   * parked or already reported (their completion was applied before they left the outbox) only leave it.
   */
  async park(sessionId: string, orphans: OutboxEffect[]): Promise<void> {
    const session = await this.deps.store.get(sessionId);
    if (!session) return;
    const now = this.deps.clock.now();
    const known = new Set((session.inDoubt ?? []).map((doubt) => doubt.effectId));
    const settled = new Set(session.settled);
    const fresh = orphans.filter(
      ({ id, effect }) => !known.has(id) && !settled.has(settleKeyOf(effect.type.slice('graph.'.length), String(effect.clientContext))),
    );
    if (fresh.length && session.phase !== 'ended') {
      const parked = fresh.map(({ id, effect }): InDoubtEffect => ({ effectId: id, effect, flowState: flowStateOf(session) }));
      const timers = parked.map((doubt) => {
        const waitMs = (this.deps.playLength?.(doubt.effect) ?? UNKNOWN_LENGTH_MS) + MARGIN_MS;
        return engineTimer(sessionId, `${IN_DOUBT_TIMER}${doubt.effectId}`, now + waitMs, 'engine.inDoubt');
      });
      const trace: SessionTraceEntry[] = parked.map((doubt, index) => ({
        at: now,
        kind: 'session',
        action: 'inDoubt',
        effect: doubt.effect.type,
        clientContext: doubt.effect.clientContext,
        waitMs: timers[index]!.dueAt - now,
      }));
      const next: CallSession = { ...session, rev: session.rev + 1, updatedAt: now, inDoubt: [...(session.inDoubt ?? []), ...parked] };
      if (!(await this.deps.store.commit({ session: next, expectedRev: session.rev, setTimers: timers, trace }))) {
        throw new Error(`call ${sessionId}: the session changed while effects in doubt were parked`);
      }
      logTrace(this.deps.logger, sessionId, trace);
      timers.forEach((timer) => this.after.timerSet(timer.dueAt));
    }
    for (const { id } of orphans) await this.deps.store.finishEffect(sessionId, id);
  }

  /** The park of one effect ran out with no word from Graph: send it again, or drop it if the flow moved on. */
  async decide(sessionId: string, effectId: string, source: EventSource): Promise<void> {
    const session = await this.deps.store.get(sessionId);
    if (!session) return;
    const now = this.deps.clock.now();
    const doubt = session.inDoubt?.find((entry) => entry.effectId === effectId);
    const rest = session.inDoubt?.filter((entry) => entry !== doubt);
    const next: CallSession = { ...consumed(session, source, now), inDoubt: rest?.length ? rest : undefined };
    const stale = !doubt
      ? 'not parked'
      : session.phase === 'ended'
        ? 'the call ended'
        : session.leg === 'gone'
          ? 'the call leg is gone'
          : flowStateOf(session) !== doubt.flowState
            ? 'the flow moved on'
            : undefined;
    const effects = doubt && !stale ? outboxOf(next.rev, [doubt.effect]) : [];
    const trace: SessionTraceEntry[] = [
      {
        at: now,
        kind: 'session',
        action: stale ? 'inDoubtDropped' : 'inDoubtResent',
        effect: doubt?.effect.type,
        clientContext: doubt?.effect.clientContext,
        ...(stale ? { reason: stale } : {}),
      },
    ];
    const committed = await this.deps.store.commit({
      session: next,
      expectedRev: session.rev,
      trace,
      effects,
      inboxSeq: source.inboxSeq,
      cancelTimers: source.timerId ? [source.timerId] : undefined,
    });
    if (!committed) throw new Error(`call ${sessionId}: the session changed while an effect in doubt was decided`);
    logTrace(this.deps.logger, sessionId, trace);
    this.after.dispatch(sessionId, effects);
  }
}
