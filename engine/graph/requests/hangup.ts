/** graph.hangup → `DELETE /communications/calls/{id}` (graph-calls.md §2 #3); a 404 means the call is already gone. */
import { callPath, type GraphAction } from './types.ts';

export const hangup: GraphAction = {
  effect: 'graph.hangup',
  kind: 'hangup',
  settles: 'call',
  goneOn404: true,
  build: (_effect, context) => ({ method: 'DELETE', path: callPath(context) }),
};
