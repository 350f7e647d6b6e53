/** sendDtmfTonesOperation completions (graph-calls.md §3.4): kind `sendDtmfTones`, with completionReason. */
import { field, type OperationType } from './operation.ts';

export const sendDtmfTonesOperation: OperationType = {
  odataTypes: ['microsoft.graph.senddtmftonesoperation'],
  kind: 'sendDtmfTones',
  details: (data) => field(data, 'completionReason'),
};
