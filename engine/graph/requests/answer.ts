/**
 * graph.answer → `POST /communications/calls/{id}/answer` (graph-calls.md §2.2): audio with
 * service-hosted media, our callback URL for this call, and every prompt of the effect's list (all
 * prompts of the flow by default) pre-fetched in every locale so the first play starts at once.
 */
import { promptFiles, SERVICE_HOSTED_MEDIA } from './media.ts';
import { callPath, type RequestBuilder } from './types.ts';

export const answer: RequestBuilder<'graph.answer'> = (effect, context) => {
  const preFetchMedia = context.preFetch?.(effect.preFetch) ?? promptFiles(context.flow, effect.preFetch).map((file) => context.promptMedia(file));
  return {
    method: 'POST',
    path: callPath(context, 'answer'),
    body: {
      callbackUri: context.callbackUri,
      acceptedModalities: ['audio'],
      mediaConfig: { '@odata.type': SERVICE_HOSTED_MEDIA, preFetchMedia },
    },
  };
};
