/**
 * commsOperation objects (graph-calls.md §3.4): created by an action, returned in its response,
 * and — when the response did not already say `completed` or `failed` — finished later by a
 * `deleted` notification.
 */
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import type { EmulatedCall, Operation } from './call.ts';
import { callPath, resultInfoJson } from './call-resource.ts';
import type { ResultInfo } from './result-codes.ts';

const ODATA_TYPES: Record<string, string> = {
  playPrompt: '#microsoft.graph.playPromptOperation',
  record: '#microsoft.graph.recordOperation',
  cancelMediaProcessing: '#microsoft.graph.cancelMediaProcessingOperation',
  subscribeToTone: '#microsoft.graph.subscribeToToneOperation',
  sendDtmfTones: '#microsoft.graph.sendDtmfTonesOperation',
  invite: '#microsoft.graph.inviteParticipantsOperation',
  mute: '#microsoft.graph.muteParticipantOperation',
  unmute: '#microsoft.graph.unmuteParticipantOperation',
  updateRecordingStatus: '#microsoft.graph.updateRecordingStatusOperation',
  startHoldMusic: '#microsoft.graph.startHoldMusicOperation',
  stopHoldMusic: '#microsoft.graph.stopHoldMusicOperation',
};

/** Creates an operation of `kind` on the call. */
export function createOperation(
  ctx: EmulatorContext,
  call: EmulatedCall,
  kind: string,
  clientContext: unknown,
  status: Operation['status'] = 'running',
  extra: JsonObject = {},
): Operation {
  const operation: Operation = {
    id: ctx.ids.next('operation'),
    kind,
    odataType: ODATA_TYPES[kind] ?? '#microsoft.graph.commsOperation',
    clientContext: typeof clientContext === 'string' ? clientContext : null,
    status,
    resultInfo: null,
    extra,
  };
  call.operations.set(operation.id, operation);
  return operation;
}

/** The operation entity (without `@odata.context`). */
export function operationResource(operation: Operation): JsonObject {
  return {
    '@odata.type': operation.odataType,
    id: operation.id,
    clientContext: operation.clientContext,
    status: operation.status,
    resultInfo: resultInfoJson(operation.resultInfo),
    ...operation.extra,
  };
}

/**
 * Finishes an operation and notifies the bot — unless the call is gone (its `deleted` call
 * notification already told the bot everything has ended).
 */
export function finishOperation(
  ctx: EmulatorContext,
  call: EmulatedCall,
  operation: Operation,
  status: 'completed' | 'failed',
  result: ResultInfo,
  extra: JsonObject = {},
): void {
  if (operation.status === 'completed' || operation.status === 'failed') return;
  operation.status = status;
  operation.resultInfo = result;
  Object.assign(operation.extra, extra);
  call.log.add({
    kind: 'event',
    event: 'operationFinished',
    detail: { operationId: operation.id, kind: operation.kind, status, code: result.code, subcode: result.subcode },
  });
  if (call.state === 'terminated') return;
  const resourceUrl = `${callPath(call)}/operations/${operation.id}`;
  ctx.notifier.send(call, {
    changeType: 'deleted',
    resourceUrl,
    resourceData: { ...operationResource(operation), '@odata.id': resourceUrl, '@odata.etag': `W/"${call.etag}"` },
  });
}
