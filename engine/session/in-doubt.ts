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
 * Which effects are audible is the catalogue's word (engine/core/effects.ts). The parked effect
 * lives in the call's record, its deadline is a durable timer, and both are written in one commit,
 * so a second crash while parked changes nothing.
 */
import { stateOf } from '../core/call-record.ts';
import { effectSpec } from '../core/effects.ts';
import type { EngineEvent } from '../core/types.ts';
import { engineTimer, IN_DOUBT_TIMER } from './engine-timers.ts';
import type { EventSource } from './event-source.ts';
import { isOperationEvent, settleKeyOf } from './operations.ts';
import type { SessionDeps } from './session-deps.ts';
import type { StepCommitter } from './step-commit.ts';
import type { CallSession, InDoubtEffect, OutboxEffect, PendingOperation, SessionTraceEntry } from './types.ts';

/** Added to the play length: Graph's notification takes a moment to arrive and be stored. */
const MARGIN_MS = 3_000;
/** The wait when the length is unknown (a recording played by URL, a missing file). */
const UNKNOWN_LENGTH_MS = 30_000;

/** Whether an unanswered effect found in the outbox must be parked rather than sent again: the caller could hear it twice. */
export function isInDoubt(orphan: OutboxEffect): boolean {
  return orphan.taken === true && effectSpec(orphan.effect.type)?.audible === true;
}

/**
 * The parked effects as operations a notification may report on. Graph's answer to their request
 * never reached the call, so no pending operation was stored for them; a completion that omits its
 * `@odata.type` (real payloads do) names only the clientContext, and the parked effect tells what
 * operation that is. `sentAt` is when the park began, the latest the request can have been sent.
 */
export function parkedOperations(session: CallSession): PendingOperation[] {
  return (session.inDoubt ?? []).flatMap(({ effect }) => {
    const kind = effectSpec(effect.type)?.operation;
    return kind && typeof effect.clientContext === 'string' ? [{ clientContext: effect.clientContext, kind, sentAt: session.updatedAt }] : [];
  });
}

/** The parked effect an operation event reports on, if any: its request had reached Graph. */
export function reportedBy(session: CallSession, event: EngineEvent): InDoubtEffect | undefined {
  if (!isOperationEvent(event)) return undefined;
  return session.inDoubt?.find((doubt) => doubt.effect.clientContext === event.clientContext && effectSpec(doubt.effect.type)?.operation === event.kind);
}

export class InDoubtEffects {
  constructor(
    private readonly deps: SessionDeps,
    private readonly committer: StepCommitter,
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
      ({ id, effect }) => !known.has(id) && !settled.has(settleKeyOf(effectSpec(effect.type)?.operation ?? effect.type, String(effect.clientContext))),
    );
    if (fresh.length && session.phase !== 'ended') {
      const parked = fresh.map(({ id, effect }): InDoubtEffect => ({ effectId: id, effect, flowState: stateOf(session.record) }));
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
      const next: CallSession = { ...session, updatedAt: now, inDoubt: [...(session.inDoubt ?? []), ...parked] };
      await this.committer.commit(session, next, { setTimers: timers, trace });
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
    const next: CallSession = { ...session, inDoubt: rest?.length ? rest : undefined };
    const stale = !doubt
      ? 'not parked'
      : session.phase === 'ended'
        ? 'the call ended'
        : session.leg === 'gone'
          ? 'the call leg is gone'
          : stateOf(session.record) !== doubt.flowState
            ? 'the flow moved on'
            : undefined;
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
    await this.committer.commit(session, next, { trace, effects: doubt && !stale ? [doubt.effect] : [] }, source);
  }
}
