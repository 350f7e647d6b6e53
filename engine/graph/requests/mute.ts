/** graph.mute / graph.unmute → `POST …/mute` / `…/unmute` (graph-calls.md §2 #14–15): the bot itself, group calls only; answered completed at once. */
import { contextOf } from './client-context.ts';
import { callPath, type RequestBuilder } from './types.ts';

function selfMute(action: 'mute' | 'unmute'): RequestBuilder<'graph.mute' | 'graph.unmute'> {
  return (effect, context) => ({ method: 'POST', path: callPath(context, action), body: { clientContext: contextOf(effect) } });
}

export const mute: RequestBuilder<'graph.mute'> = selfMute('mute');
export const unmute: RequestBuilder<'graph.unmute'> = selfMute('unmute');
