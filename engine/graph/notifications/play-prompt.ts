/** playPromptOperation completions (graph-calls.md §3.4): kind `playPrompt`, with completionReason when Graph gives one. */
import { field, type OperationType } from './operation.ts';

export const playPromptOperation: OperationType = {
  odataTypes: ['microsoft.graph.playpromptoperation'],
  kind: 'playPrompt',
  details: (data) => field(data, 'completionReason'),
};
