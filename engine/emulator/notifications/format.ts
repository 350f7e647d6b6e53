/**
 * Wire forms of a notification: the Graph envelope (commsNotifications), the variations real
 * payloads show (PascalCase enums, string result codes, resourceData without id) and the legacy
 * format of a first incoming-call notification (graph-calls.md §3.1, §4.3).
 */
import { randomUUID } from 'node:crypto';
import type { NotificationFaults } from '../faults.ts';
import { isJsonObject, type JsonObject } from '../json.ts';

/** A notification before it is wrapped for the wire. */
export interface CommsNotification {
  changeType: 'created' | 'updated' | 'deleted';
  resourceUrl: string;
  resourceData: JsonObject | JsonObject[];
}

/** Keys whose string values are Graph enums that real payloads sometimes PascalCase. */
const ENUM_KEYS = new Set(['changeType', 'state', 'direction', 'audio', 'status', 'completionReason']);

function pascal(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** Deep copy with the fault transformations applied. */
function transform(value: unknown, faults: NotificationFaults, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => transform(item, faults));
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = transform(v, faults, k);
    if (faults.stringResultCodes && (key === 'resultInfo' || out['@odata.type'] === '#microsoft.graph.resultInfo')) {
      for (const k of ['code', 'subcode', 'subCode']) if (typeof out[k] === 'number') out[k] = String(out[k]);
    }
    return out;
  }
  if (typeof value === 'string' && faults.pascalCaseEnums && ENUM_KEYS.has(key)) return pascal(value);
  return value;
}

/** The legacy `/app/calls/{id}` form of a resourceUrl. */
export function legacyResource(resourceUrl: string): string {
  return resourceUrl.replace(/^\/communications\//, '/app/');
}

/**
 * The Graph-format body of one notification POST: a commsNotifications collection, which exists
 * "for sending multiple notifications in a single batch" — one or several notifications.
 */
export function graphEnvelope(notifications: CommsNotification[], faults: NotificationFaults): JsonObject {
  return { '@odata.type': '#microsoft.graph.commsNotifications', value: notifications.map((notification) => wireNotification(notification, faults)) };
}

function wireNotification(notification: CommsNotification, faults: NotificationFaults): JsonObject {
  const data = transform(notification.resourceData, faults) as JsonObject | JsonObject[];
  if (faults.omitResourceDataId && !Array.isArray(data)) delete data.id;
  return {
    '@odata.type': '#microsoft.graph.commsNotification',
    changeType: transform(notification.changeType, faults, 'changeType'),
    resource: legacyResource(notification.resourceUrl),
    resourceUrl: notification.resourceUrl,
    resourceData: data,
  };
}

/**
 * The legacy-format body (as in the Teams "Incoming call notifications" article): no
 * `@odata.type` envelope, `resource` instead of `resourceUrl`, a subscription id and expiry, and
 * PascalCase enums. A bot must answer it with 204 to receive the Graph format.
 */
export function legacyEnvelope(notification: CommsNotification): JsonObject {
  return {
    value: [
      {
        subscriptionId: randomUUID().replaceAll('-', '').toUpperCase(),
        subscriptionExpirationDateTime: new Date(Date.now() + 3600_000).toISOString(),
        changeType: notification.changeType,
        resource: legacyResource(notification.resourceUrl),
        resourceData: transform(notification.resourceData, { pascalCaseEnums: true }),
      },
    ],
  };
}
