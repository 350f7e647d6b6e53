/**
 * graph.playPrompt → `POST …/playPrompt` (graph-calls.md §2 #8, §6): the effect's resolved prompts
 * as mediaPrompts with their stable resourceIds, then a `recording` (a URL the flow holds, e.g. a
 * recordingLocation) played by URI alone, as Graph's samples play recordings back.
 */
import { contextOf } from './client-context.ts';
import { mediaPrompt } from './media.ts';
import { BuildError, callPath, type RequestBuilder } from './types.ts';

/** Graph plays at most 20 prompts per request. */
export const MAX_PROMPTS = 20;

export const playPrompt: RequestBuilder<'graph.playPrompt'> = (effect, context) => {
  const prompts = promptEntries(effect.prompts).map((file) => mediaPrompt(context.promptMedia(file)));
  if (effect.recording !== undefined) {
    const uri = String(effect.recording);
    if (!/^https:\/\/\S+$/.test(uri)) throw new BuildError(`the recording to play is not an https URL: '${uri}'`);
    prompts.push(mediaPrompt({ uri }));
  }
  if (!prompts.length) throw new BuildError('nothing to play');
  if (prompts.length > MAX_PROMPTS) throw new BuildError(`Graph plays at most ${MAX_PROMPTS} prompts per request, got ${prompts.length}`);
  return { method: 'POST', path: callPath(context, 'playPrompt'), body: { prompts, clientContext: contextOf(effect) } };
};

/** The files of the effect's resolved prompts (`{key, locale, file, text}`). */
export function promptEntries(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((prompt, index) => {
    const file = (prompt as { file?: unknown })?.file;
    if (typeof file !== 'string' || !file) throw new BuildError(`prompt ${index + 1} has no file`);
    return file;
  });
}
