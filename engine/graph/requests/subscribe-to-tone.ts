/** graph.subscribeToTone → `POST …/subscribeToTone` (graph-calls.md §2 #11): answered completed at once; tones then arrive as call updates. */
import { contextOf } from './client-context.ts';
import { callPath, type RequestBuilder } from './types.ts';

export const subscribeToTone: RequestBuilder<'graph.subscribeToTone'> = (effect, context) => ({
  method: 'POST',
  path: callPath(context, 'subscribeToTone'),
  body: { clientContext: contextOf(effect) },
});
