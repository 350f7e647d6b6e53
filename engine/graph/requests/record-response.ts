/**
 * graph.recordResponse → `POST …/recordResponse` (graph-calls.md §2.3): at most one prompt, the
 * silence and duration limits (1–120 s), the beep and the stop keys as symbols ("#", not "pound").
 */
import { contextOf } from './client-context.ts';
import { mediaPrompt } from './media.ts';
import { promptMedia } from './play-prompt.ts';
import { BuildError, callPath, type RequestBuilder } from './types.ts';

function seconds(value: unknown, name: string, fallback: number): number {
  const number = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 120) throw new BuildError(`${name} must be 1–120 seconds, got ${String(value)}`);
  return number;
}

export const recordResponse: RequestBuilder<'graph.recordResponse'> = (effect, context) => {
  const media = promptMedia(effect.prompts, context);
  if (media.length > 1) throw new BuildError(`Graph plays at most one prompt before recording, got ${media.length}`);
  const stopTones = Array.isArray(effect.stopTones) ? effect.stopTones.map(String) : ['#'];
  return {
    method: 'POST',
    path: callPath(context, 'recordResponse'),
    body: {
      prompts: media.map(mediaPrompt),
      // Graph: true starts the recording at once, cancelling queued and running prompts and recordings (graph-calls.md §2.3).
      bargeInAllowed: effect.bargeInAllowed === true,
      initialSilenceTimeoutInSeconds: seconds(effect.initialSilenceTimeoutInSeconds, 'initialSilenceTimeoutInSeconds', 5),
      maxSilenceTimeoutInSeconds: seconds(effect.maxSilenceTimeoutInSeconds, 'maxSilenceTimeoutInSeconds', 5),
      maxRecordDurationInSeconds: seconds(effect.maxRecordDurationInSeconds, 'maxRecordDurationInSeconds', 60),
      playBeep: effect.playBeep !== false,
      stopTones,
      clientContext: contextOf(effect),
    },
  };
};
