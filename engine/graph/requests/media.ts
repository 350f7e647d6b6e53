/**
 * Prompt audio as Graph mediaInfo (graph-calls.md §6): the URI under CALLFLOW_PUBLIC_URL/prompts and
 * a resourceId. Audio the engine prepared (engine/node/prompt-audio.ts) carries an id derived from
 * its bytes, so Graph's prompt cache is reused while the audio is the same and never serves an
 * edited recording stale; a file the engine did not prepare falls back to a name-based UUID
 * (version 5, SHA-1) of its path.
 */
import { createHash } from 'node:crypto';
import { promptPathProblem } from '../../core/prompts.ts';
import type { PromptAudioRef } from '../../core/effects.ts';
import type { FlowDocument } from '../../core/types.ts';
import type { MediaInfo } from './types.ts';
import type { PromptLinks } from './prompt-links.ts';

/** Namespace of callflow prompt ids (a fixed random UUID). */
const PROMPT_NAMESPACE = '5d3c1f0e-8b7a-4e2d-9c6b-1a0f2e3d4c5b';

/** RFC 9562 §5.5 name-based UUID with SHA-1. */
export function uuidV5(name: string, namespace = PROMPT_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** mediaInfo of a prompt file given relative to the flows folder (`prompts/en-US/welcome.wav`), signed by `links` (prompt-links.ts). */
export function promptMediaInfo(publicUrl: string, file: string, links?: PromptLinks): MediaInfo {
  // The URL must name a file the /prompts route serves: never one built from `..` or an absolute path.
  const badPath = promptPathProblem(file);
  if (badPath) throw new Error(badPath);
  const relative = file.replace(/^\.?\//, '').replace(/^prompts\//, '');
  const path = relative.split('/').map(encodeURIComponent).join('/');
  const signed = links ? `?sig=${links.signature(relative)}` : '';
  return { uri: `${publicUrl.replace(/\/+$/, '')}/prompts/${path}${signed}`, resourceId: uuidV5(file.replace(/^\.?\//, '')) };
}

/** mediaInfo of audio the engine prepared: served under /prompts/<path>, signed, with the id of its content. */
export function audioMediaInfo(publicUrl: string, audio: PromptAudioRef, links?: PromptLinks): MediaInfo {
  const path = audio.path.split('/').map(encodeURIComponent).join('/');
  const signed = links ? `?sig=${links.signature(audio.path)}` : '';
  return { uri: `${publicUrl.replace(/\/+$/, '')}/prompts/${path}${signed}`, resourceId: audio.resourceId };
}

/** Every file of the given prompt keys in every locale, each once (for preFetchMedia). */
export function promptFiles(flow: FlowDocument | undefined, keys: unknown): string[] {
  const prompts = flow?.prompts ?? {};
  const wanted = Array.isArray(keys) ? keys.map(String) : Object.keys(prompts);
  const files = wanted.flatMap((key) => Object.values(prompts[key] ?? {}).flatMap((variant) => (variant.file !== undefined ? [variant.file] : [])));
  return [...new Set(files)];
}

export const MEDIA_PROMPT = '#microsoft.graph.mediaPrompt';
export const SERVICE_HOSTED_MEDIA = '#microsoft.graph.serviceHostedMediaConfig';

/** A mediaPrompt entry of a playPrompt or recordResponse body. */
export function mediaPrompt(media: MediaInfo): Record<string, unknown> {
  return { '@odata.type': MEDIA_PROMPT, mediaInfo: media };
}
