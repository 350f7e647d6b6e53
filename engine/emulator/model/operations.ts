/**
 * commsOperation objects (graph-calls.md §3.4): created by an action, returned in its response,
 * and — when the response did not already say `completed` or `failed` — finished later by a
 * `deleted` notification. The v1.0 playPromptOperation has no `completionReason` (beta only:
 * resources/playpromptoperation.md in v1.0 and beta), so v1.0 calls get none. The v1.0
 * recordOperation page and record example have none either, but the v1.0 cancelMediaProcessing
 * example sends one: drawn per call (variations.ts `recordCompletionReason`). Real completions sometimes lack `id` or the specific `@odata.type`
 * (graph-calls.md §3.1; comms-samples issue 616): drawn per call (variations.ts `operationShape`).
 */
import type { EmulatorContext } from '../context.ts';
import type { JsonObject } from '../json.ts';
import type { EmulatedCall, Operation } from './call.ts';
import { callPath, resultInfoJson } from './call-resource.ts';
import type { ResultInfo } from '../../protocol/result-codes.ts';

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

/** The operation entity (without `@odata.context`) as the call's API version shows it. */
export function operationResource(ctx: EmulatorContext, call: EmulatedCall, operation: Operation): JsonObject {
  const { completionReason, ...extra } = operation.extra;
  const v1 = call.apiVersion === 'v1.0';
  const dropped =
    v1 && (operation.kind === 'playPrompt' || (operation.kind === 'record' && ctx.variations.of('recordCompletionReason', call.id) === 'omitted'));
  const withReason = completionReason !== undefined && !dropped;
  return {
    '@odata.type': operation.odataType,
    id: operation.id,
    clientContext: operation.clientContext,
    status: operation.status,
    resultInfo: resultInfoJson(operation.resultInfo),
    ...extra,
    ...(withReason ? { completionReason } : {}),
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
  const resourceData: JsonObject = { ...operationResource(ctx, call, operation), '@odata.id': resourceUrl, '@odata.etag': `W/"${call.etag}"` };
  const shape = ctx.variations.of('operationShape', call.id);
  if (shape === 'withoutId') delete resourceData.id;
  if (shape === 'withoutType') delete resourceData['@odata.type'];
  ctx.notifier.send(call, { changeType: 'deleted', resourceUrl, resourceData });
}
