/**
 * graph.getOperation → `GET …/operations/{id}`: the engine's own question, not a flow's. After a
 * restart it asks how operations sent before it went down ended, because Graph sends each
 * completion notification once and a notification sent while no engine ran is gone.
 */
import { BuildError, callPath, type RequestBuilder } from './types.ts';

export const getOperation: RequestBuilder<'graph.getOperation'> = (effect, context) => {
  if (typeof effect.operationId !== 'string' || !effect.operationId) throw new BuildError('graph.getOperation needs the operation id');
  return { method: 'GET', path: callPath(context, `operations/${encodeURIComponent(effect.operationId)}`) };
};
