/** graph.cancelMediaProcessing → `POST …/cancelMediaProcessing` (graph-calls.md §2.4): cancels the running and queued play/record. */
import { contextOf } from './client-context.ts';
import { callPath, type RequestBuilder } from './types.ts';

export const cancelMediaProcessing: RequestBuilder<'graph.cancelMediaProcessing'> = (effect, context) => ({
  method: 'POST',
  path: callPath(context, 'cancelMediaProcessing'),
  body: { clientContext: contextOf(effect) },
});
