/** graph.hangup → `DELETE /communications/calls/{id}` (graph-calls.md §2 #3); a 404 means the call is already gone. */
import { callPath, type RequestBuilder } from './types.ts';

export const hangup: RequestBuilder<'graph.hangup'> = (_effect, context) => ({ method: 'DELETE', path: callPath(context) });
