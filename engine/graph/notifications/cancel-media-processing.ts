/**
 * cancelMediaProcessingOperation (graph-calls.md §2.4, §3.4): usually completed in the HTTP
 * response; the cancelled play or record reports its own failure (400/8508) separately.
 */
import { field, type OperationType } from './operation.ts';

export const cancelMediaProcessingOperation: OperationType = {
  odataTypes: ['microsoft.graph.cancelmediaprocessingoperation'],
  kind: 'cancelMediaProcessing',
  details: (data) => field(data, 'all'),
};
