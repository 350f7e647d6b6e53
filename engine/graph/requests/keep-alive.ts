/** graph.keepAlive → `POST …/keepAlive` with no body (graph-calls.md §2.5); a 404 means the call has ended. */
import { callPath, type GraphAction } from './types.ts';

export const keepAlive: GraphAction = {
  effect: 'graph.keepAlive',
  kind: 'keepAlive',
  settles: 'call',
  goneOn404: true,
  build: (_effect, context) => ({ method: 'POST', path: callPath(context, 'keepAlive') }),
};
