/**
 * graph.playPrompt → `POST …/playPrompt` (graph-calls.md §2 #8, §6): the effect's resolved prompts
 * as mediaPrompts with their stable resourceIds, then a `recording` (a URL the flow holds, e.g. a
 * recordingLocation) played by URI alone, as Graph's samples play recordings back.
 */
import type { PromptAudioRef } from '../../core/effects.ts';
import { contextOf } from './client-context.ts';
import { mediaPrompt } from './media.ts';
import { BuildError, callPath, type BuildContext, type MediaInfo, type RequestBuilder } from './types.ts';

/** Graph plays at most 20 prompts per request. */
export const MAX_PROMPTS = 20;

export const playPrompt: RequestBuilder<'graph.playPrompt'> = (effect, context) => {
  const prompts = promptMedia(effect.prompts, context).map(mediaPrompt);
  if (effect.recording !== undefined) {
    const uri = String(effect.recording);
    // A recording the engine kept is on the bot's own origin, as its prompts are (http only for a loopback bot and emulator).
    if (!/^https:\/\/\S+$/.test(uri) && !ownRecording(uri, context)) throw new BuildError(`the recording to play is not an https URL: '${uri}'`);
    prompts.push(mediaPrompt({ uri }));
  }
  if (!prompts.length) throw new BuildError('nothing to play');
  if (prompts.length > MAX_PROMPTS) throw new BuildError(`Graph plays at most ${MAX_PROMPTS} prompts per request, got ${prompts.length}`);
  return { method: 'POST', path: callPath(context, 'playPrompt'), body: { prompts, clientContext: contextOf(effect) } };
};

/** Whether `uri` is one of the engine's kept recordings, served beside the notification URL. */
function ownRecording(uri: string, context: BuildContext): boolean {
  return uri.startsWith(`${new URL(context.callbackUri).origin}/recordings/`) && !/\s/.test(uri);
}

/**
 * The mediaInfo of the effect's resolved prompts: the audio the engine prepared for each (a
 * recording or synthesized words, with the id of its content), or, for a prompt it did not
 * prepare, its recording by path. Words nobody synthesized cannot be played.
 */
export function promptMedia(value: unknown, context: BuildContext): MediaInfo[] {
  if (!Array.isArray(value)) return [];
  return value.map((prompt, index) => {
    const { audio, file, key } = (prompt ?? {}) as { audio?: PromptAudioRef; file?: unknown; key?: unknown };
    if (audio && typeof audio.path === 'string') return context.audioMedia(audio);
    if (typeof file === 'string' && file) return context.promptMedia(file);
    throw new BuildError(`prompt ${index + 1}${typeof key === 'string' ? ` ('${key}')` : ''} has no recording and its words were not synthesized`);
  });
}
