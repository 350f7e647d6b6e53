/**
 * graph.muteParticipant → `POST …/participants/{id}/mute` with a clientContext, answered 200 with a
 * muteParticipantOperation (participant-mute.md); graph.removeParticipant → `DELETE
 * …/participants/{id}`, answered 204 No Content (participant-delete.md). The catalogue settles both
 * by the answer. Both are for group calls and meetings; a participant id that is not in the call
 * is answered 404, which fails the effect (the block's error port).
 */
import { contextOf } from './client-context.ts';
import { BuildError, callPath, type RequestBuilder } from './types.ts';

/** An empty id (a template that rendered nothing) is not sent: the effect fails like a refused request. */
function participantPath(participantId: string): string {
  if (!participantId.trim()) throw new BuildError('the participant id is empty');
  return `participants/${encodeURIComponent(participantId)}`;
}

export const muteParticipant: RequestBuilder<'graph.muteParticipant'> = (effect, context) => ({
  method: 'POST',
  path: callPath(context, `${participantPath(effect.participantId)}/mute`),
  body: { clientContext: contextOf(effect) },
});

export const removeParticipant: RequestBuilder<'graph.removeParticipant'> = (effect, context) => ({
  method: 'DELETE',
  path: callPath(context, participantPath(effect.participantId)),
});
