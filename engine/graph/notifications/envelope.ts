/**
 * The body of a notification POST: `{ "value": [ commsNotification, … ] }` (graph-calls.md §3.1).
 * Tells a malformed body (answer 400) from the legacy Skype-format first notification of an
 * incoming call, which must be answered 204 so the service re-sends it in Graph format (§4.3).
 */
import { isObject, text, type WireObject } from './lenient.ts';
import { resourceOf } from './resource.ts';

/** More than any real batch; bounds the work one POST can queue. */
export const MAX_NOTIFICATIONS = 100;

export type Envelope =
  { kind: 'graph'; notifications: Array<{ notification: WireObject; callId?: string }> } | { kind: 'legacy' } | { kind: 'invalid'; message: string };

export function parseEnvelope(body: unknown): Envelope {
  if (!isObject(body)) return { kind: 'invalid', message: 'the body must be a JSON object' };
  const value = body.value;
  if (!Array.isArray(value)) {
    return looksLegacy(body) ? { kind: 'legacy' } : { kind: 'invalid', message: "the body must have a 'value' array of notifications" };
  }
  if (value.length === 0) return { kind: 'invalid', message: "'value' holds no notification" };
  if (value.length > MAX_NOTIFICATIONS)
    return { kind: 'invalid', message: `'value' holds ${value.length} notifications; at most ${MAX_NOTIFICATIONS} are accepted` };
  const index = value.findIndex((item) => !isObject(item));
  if (index >= 0) return { kind: 'invalid', message: `value[${index}] is not an object` };
  const items = value as WireObject[];
  if (items.every((item) => !text(item.resourceUrl) && text(item.resource))) return { kind: 'legacy' };
  return { kind: 'graph', notifications: items.map((notification) => ({ notification, callId: resourceOf(notification).callId })) };
}

/**
 * The legacy format is only described as "for compatibility with the previous Skype protocol":
 * a notification with the old `resource` address and no `resourceUrl`, at the top level or in
 * `value`, is taken for it.
 */
function looksLegacy(body: WireObject): boolean {
  return !text(body.resourceUrl) && Boolean(text(body.resource));
}
