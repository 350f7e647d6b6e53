/**
 * recordOperation completions (graph-calls.md §2.3, §3.4): kind `recordResponse`, with the
 * recording's location and access token and the completion reason. v1.0 omits completionReason;
 * the two documented subcodes stand in for it so the record block can tell why it stopped.
 */
import type { Json } from '../../core/types.ts';
import { text } from './lenient.ts';
import type { OperationType } from './operation.ts';

const REASON_BY_SUBCODE: Record<number, string> = { 8508: 'operationCanceled', 8515: 'maxRecordDurationReached' };

export const recordResponseOperation: OperationType = {
  odataTypes: ['microsoft.graph.recordoperation', 'microsoft.graph.recordresponseoperation'],
  kind: 'recordResponse',
  details(data, result) {
    const reason = text(data.completionReason) ?? (result ? REASON_BY_SUBCODE[result.subcode] : undefined);
    const details: Record<string, Json> = {
      recordingLocation: text(data.recordingLocation) ?? '',
      recordingAccessToken: text(data.recordingAccessToken) ?? '',
    };
    if (reason) details.completionReason = reason;
    return details;
  },
};
