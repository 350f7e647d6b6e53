/** graph.subscribeToTone → `POST …/subscribeToTone` (graph-calls.md §2 #11): answered completed at once; tones then arrive as call updates. */
import { contextOf } from './client-context.ts';
import { callPath, type GraphAction } from './types.ts';

export const subscribeToTone: GraphAction = {
  effect: 'graph.subscribeToTone',
  kind: 'subscribeToTone',
  settles: 'sync',
  build: (effect, context) => ({ method: 'POST', path: callPath(context, 'subscribeToTone'), body: { clientContext: contextOf(effect) } }),
};
