/** graph.keepAlive → `POST …/keepAlive` with no body (graph-calls.md §2.5); a 404 means the call has ended. */
import { callPath, type RequestBuilder } from './types.ts';

export const keepAlive: RequestBuilder<'graph.keepAlive'> = (_effect, context) => ({ method: 'POST', path: callPath(context, 'keepAlive') });
