/**
 * subscribeToToneOperation (graph-calls.md §3.4): Graph answers it `completed` in the HTTP response
 * and sends no notification; one that arrives anyway is mapped like any operation (and dropped as a
 * duplicate by the session when the synchronous completion was already delivered).
 */
import type { OperationType } from './operation.ts';

export const subscribeToToneOperation: OperationType = {
  odataTypes: ['microsoft.graph.subscribetotoneoperation'],
  kind: 'subscribeToTone',
};
