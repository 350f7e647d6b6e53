/**
 * The address of synthesized audio: a SHA-256 of everything that decides its bytes — the
 * synthesizer and its version, the voice, the locale and the words (SSML when given, else the
 * text). Two prompts that would sound the same share one file; changing any part, or upgrading
 * the synthesizer's output (its `version`), makes a new address, so stale audio is never served.
 */
import { createHash } from 'node:crypto';
import type { SynthesisRequest, Synthesizer } from './synthesizer.ts';

export function synthesisKey(synthesizer: Pick<Synthesizer, 'name' | 'version'>, request: SynthesisRequest): string {
  const words = request.ssml !== undefined ? ['ssml', request.ssml] : ['text', request.text ?? ''];
  // JSON keeps the parts apart: no choice of words can make two different requests collide.
  const parts = JSON.stringify([synthesizer.name, synthesizer.version, request.voice ?? '', request.locale, ...words]);
  return createHash('sha256').update(parts, 'utf8').digest('hex');
}

/** SHA-256 of audio bytes, hex: what Graph's resourceId is derived from. */
export function audioHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
