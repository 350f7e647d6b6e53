/**
 * What a notification is about, read from its `resourceUrl` — the only reliable place for the call
 * id, since `resourceData.id` is often missing (graph-calls.md §3.1). Accepts the current
 * `/communications/calls/…` form, the deprecated `/app/calls/…` one, absolute URLs, and the legacy
 * `resource` field or the entity's `@odata.id` when `resourceUrl` is absent.
 */
import { isObject, text, type WireObject } from './lenient.ts';

export type ResourceKind = 'call' | 'operation' | 'participants' | 'unknown';

export interface ResourceRef {
  callId?: string;
  kind: ResourceKind;
  /** Graph's operation id for an operation resource. */
  operationId?: string;
}

const CALL_PATH = /\/(?:communications|app)\/calls\/([^/?#]+)(?:\/(operations|participants)(?:\/([^/?#]+))?)?\/?(?:[?#].*)?$/i;

/** The address of a notification's resource. */
export function resourceOf(notification: WireObject): ResourceRef {
  const data = notification.resourceData;
  const url = text(notification.resourceUrl) ?? text(notification.resource) ?? (isObject(data) ? text(data['@odata.id']) : undefined);
  const match = url ? CALL_PATH.exec(url) : null;
  if (!match) {
    const callId = isObject(data) ? text(data.id) : undefined;
    return { callId, kind: callId ? 'call' : 'unknown' };
  }
  const [, callId, child, childId] = match;
  const decoded = decodeURIComponent(callId);
  if (!child) return { callId: decoded, kind: 'call' };
  // A documented typo addresses a roster update as ".../operations/participants".
  if (child.toLowerCase() === 'participants' || (Array.isArray(data) && childId?.toLowerCase() === 'participants'))
    return { callId: decoded, kind: 'participants' };
  return { callId: decoded, kind: 'operation', ...(childId ? { operationId: decodeURIComponent(childId) } : {}) };
}
