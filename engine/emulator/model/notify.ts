/**
 * Builds the notifications of graph-calls.md §3 for a call and hands them to the notifier:
 * call changes (`created`/`updated`/`deleted` on /communications/calls/{id}) and rosters
 * (`updated` on …/participants). Operation completions are sent by operations.ts.
 */
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import type { EmulatedCall } from './call.ts';
import { callPath } from './call-resource.ts';

/** resourceData of a call notification: the call's type, id and etag plus `fields`. */
export function callData(call: EmulatedCall, fields: JsonObject): JsonObject {
  return { '@odata.type': '#microsoft.graph.call', '@odata.id': callPath(call), '@odata.etag': `W/"${call.etag}"`, ...fields };
}

/** Sends a call notification. */
export function notifyCall(ctx: EmulatorContext, call: EmulatedCall, changeType: 'created' | 'updated' | 'deleted', resourceData: JsonObject): void {
  ctx.notifier.send(call, { changeType, resourceUrl: callPath(call), resourceData });
}

/** Sends a roster snapshot. */
export function notifyRoster(ctx: EmulatorContext, call: EmulatedCall, participants: JsonObject[]): void {
  ctx.notifier.send(call, { changeType: 'updated', resourceUrl: `${callPath(call)}/participants`, resourceData: participants });
}
