/** graph.redirect → `POST …/redirect` (graph-calls.md §2 #6): 1–25 targets rung at once, timeout 15–90 s. Graph takes no clientContext here. */
import { participantList, invitationParticipant } from './identity.ts';
import { BuildError, callPath, type RequestBuilder } from './types.ts';

export const redirect: RequestBuilder<'graph.redirect'> = (effect, context) => {
  const targets = participantList(effect.targets, 'redirect targets', 25).map((target) => invitationParticipant(target, context.tenantId));
  const timeout = Number(effect.timeout ?? 55);
  if (!Number.isInteger(timeout) || timeout < 15 || timeout > 90) throw new BuildError(`redirect timeout must be 15–90 seconds, got ${String(effect.timeout)}`);
  return { method: 'POST', path: callPath(context, 'redirect'), body: { targets, timeout, callbackUri: context.callbackUri } };
};
