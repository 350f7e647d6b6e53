/**
 * Notifications about a session's consult call (the bot's own call to a transfer target before a
 * consultative transfer) → `consult.established` when the target answered (state `established`) and
 * `consult.terminated {code, subcode}` when that call ended (`deleted`, or state `terminated`) — the
 * target declined, was busy, did not answer, hung up, or the transfer replaced the call. The
 * states are those of any call the bot places (graph-calls.md §1: establishing, established,
 * terminated); nothing about the caller's call is remembered or changed here, so each event may
 * repeat and the transfer block takes the first one it waits for.
 */
import type { EngineEvent } from '../../core/types.ts';
import type { Translation } from '../../session/types.ts';
import { enumValue, isObject, resultInfo } from './lenient.ts';
import { resourceOf } from './resource.ts';

export function translateConsultNotification(notification: unknown): Omit<Translation, 'memory'> {
  if (!isObject(notification)) return { events: [], notes: ['consult call notification is not an object'] };
  const ref = resourceOf(notification);
  if (ref.kind !== 'call') return { events: [], notes: [`consult call ${ref.kind} notification ignored`] };
  const data = isObject(notification.resourceData) ? notification.resourceData : {};
  const state = enumValue(data.state);
  const events: EngineEvent[] = [];
  if (enumValue(notification.changeType) === 'deleted' || state === 'terminated') {
    const result = resultInfo(data.resultInfo);
    events.push({
      type: 'consult.terminated',
      code: result?.code ?? 0,
      subcode: result?.subcode ?? 0,
      ...(result?.message ? { message: result.message } : {}),
    });
  } else if (state === 'established') {
    events.push({ type: 'consult.established' });
  }
  return { events, notes: events.length ? [] : [`consult call state '${state ?? 'none'}' needs no event`] };
}
