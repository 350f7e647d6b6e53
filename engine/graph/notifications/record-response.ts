/**
 * recordOperation completions (graph-calls.md §2.3, §3.4): kind `recordResponse`, with the
 * recording's location and access token and the completion reason. v1.0 has no completionReason
 * (it is beta only: resources/recordoperation.md in v1.0 and beta), so the subcode stands in for it:
 * 8508–8515 map one for one to the recordCompletionReason values (graph-calls.md §12; the platform's
 * media codes, e.g. 500/8511 for a prompt that could not be played), and the record block can tell
 * why it stopped.
 */
import type { Json } from '../../core/types.ts';
import { text } from './lenient.ts';
import type { OperationType } from './operation.ts';

const REASON_BY_SUBCODE: Record<number, string> = {
  8508: 'operationCanceled',
  8509: 'maxSilenceTimeout',
  8510: 'initialSilenceTimeout',
  8511: 'playPromptFailed',
  8512: 'playBeepFailed',
  8513: 'mediaReceiveTimeout',
  8514: 'stopToneDetected',
  8515: 'maxRecordDurationReached',
};

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
