/**
 * Which Graph call an effect with `leg` acts on (engine/core/legs.ts): the leg's own call, found
 * by name on the session. An effect on a leg that has ended, or was never placed, is not sent: the
 * flow hears `operation.failed` with the reason (its block's error port), except a hang-up, whose
 * goal is met already, and housekeeping (keepAlive), which nothing waits for.
 */
import { effectSpec } from '../core/effects.ts';
import type { Effect, EngineEvent } from '../core/types.ts';
import type { CallSession } from './types.ts';

export type LegTarget =
  /** Send it, on this call (undefined: a leg being created, which has no id yet). */
  | { send: true; graphCallId?: string }
  /** Do not send it: trace the reason, and deliver `failed` to the flow when there is one. */
  | { send: false; reason: string; failed?: EngineEvent };

/** The leg an effect names, or undefined for an effect on the main call. */
export function legOf(effect: Effect): string | undefined {
  return typeof effect.leg === 'string' && effect.leg ? effect.leg : undefined;
}

export function legTarget(session: CallSession, effect: Effect, leg: string): LegTarget {
  const spec = effectSpec(effect.type);
  if (spec?.createsCall) return { send: true };
  const known = session.legs?.[leg];
  const reason = !known
    ? `the call leg '${leg}' was never placed`
    : known.state === 'gone'
      ? `the call leg '${leg}' has ended`
      : !known.graphCallId
        ? `Graph has not given the call leg '${leg}' an id`
        : undefined;
  if (!reason) return { send: true, graphCallId: known!.graphCallId };
  if (spec?.endsCall || spec?.engineOnly) return { send: false, reason };
  const clientContext = typeof effect.clientContext === 'string' ? effect.clientContext : null;
  const kind = spec?.operation ?? effect.type.replace(/^graph\./, '');
  return { send: false, reason, failed: { type: 'operation.failed', kind, clientContext, leg, result: { code: 410, subcode: 0, message: reason } } };
}
