/** graph.mute / graph.unmute → `POST …/mute` / `…/unmute` (graph-calls.md §2 #14–15): the bot itself, group calls only; answered completed at once. */
import { contextOf } from './client-context.ts';
import { callPath, type GraphAction } from './types.ts';

function selfMute(action: 'mute' | 'unmute'): GraphAction {
  return {
    effect: `graph.${action}`,
    kind: action,
    settles: 'sync',
    build: (effect, context) => ({ method: 'POST', path: callPath(context, action), body: { clientContext: contextOf(effect) } }),
  };
}

export const mute = selfMute('mute');
export const unmute = selfMute('unmute');
