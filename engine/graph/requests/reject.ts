/** graph.reject → `POST …/reject` (graph-calls.md §2 #5): reason none, busy or forbidden. Graph takes no clientContext here. */
import { BuildError, callPath, type RequestBuilder } from './types.ts';

const REASONS = ['none', 'busy', 'forbidden'];

export const reject: RequestBuilder<'graph.reject'> = (effect, context) => {
  const reason = String(effect.reason ?? 'none');
  if (!REASONS.includes(reason)) throw new BuildError(`reject reason must be one of ${REASONS.join(', ')}, got '${reason}'`);
  return { method: 'POST', path: callPath(context, 'reject'), body: { reason } };
};
