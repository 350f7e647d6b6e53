/**
 * Hearing a prompt as callers will: its recording as the engine serves it (`/prompts/…`), else its
 * words synthesized by the engine (`POST /api/speech/preview`) and played from the address it
 * answers. Never the browser's own voice, which no caller hears. One prompt plays at a time; the
 * simulator queues a call's prompts one after another.
 */
import type { FlowValue } from '../document/flow-value.ts';
import { recordingUrl, speechApi, type SpokenVariant } from './speech-api.ts';

let playing: HTMLAudioElement | undefined;

export function promptVariant(flow: FlowValue, key: string, locale?: string): SpokenVariant | undefined {
  const variants = flow.prompts?.[key];
  if (!variants) return undefined;
  const chosen = locale && variants[locale] ? locale : Object.keys(variants)[0];
  return chosen ? { locale: chosen, ...variants[chosen] } : undefined;
}

/** Where a variant's audio is: its recording, or its words synthesized now by the engine. */
export async function audioOf(variant: SpokenVariant): Promise<{ url: string; durationMs: number | null; synthesized: boolean }> {
  if (variant.file) return { url: recordingUrl(variant.file), durationMs: null, synthesized: false };
  const answer = await speechApi.preview(variant);
  return { ...answer, synthesized: true };
}

/** Stops what is playing. */
export function stopPlaying(): void {
  playing?.pause();
  playing?.remove();
  playing = undefined;
}

/** Plays the audio at `url`, resolving when it has ended (or could not be played). */
export function playUrl(url: string): Promise<void> {
  stopPlaying();
  // In the page (hidden) rather than detached, so what is playing can be seen and checked.
  const audio = new Audio(url);
  audio.className = 'prompt-audio';
  audio.hidden = true;
  document.body.append(audio);
  playing = audio;
  return new Promise<void>((done) => {
    audio.addEventListener('ended', () => done());
    audio.addEventListener('pause', () => done());
    audio.addEventListener('error', () => done());
    audio.play().catch(() => done());
  });
}

/** Plays a variant; resolves with what was played, rejects with the engine's reason (an ApiError). */
export async function listen(variant: SpokenVariant): Promise<{ url: string; durationMs: number | null; synthesized: boolean }> {
  stopPlaying();
  const audio = await audioOf(variant);
  void playUrl(audio.url);
  return audio;
}

/**
 * A call's prompts in order, for the simulator: each played when the one before has ended. A prompt
 * whose audio the engine cannot give (not reachable, not allowed) is skipped: its words are in the
 * timeline.
 */
export class PromptQueue {
  private chain: Promise<void> = Promise.resolve();
  private generation = 0;

  add(variant: SpokenVariant): void {
    const generation = this.generation;
    const ready = audioOf(variant).catch(() => undefined);
    this.chain = this.chain.then(async () => {
      const audio = await ready;
      if (audio && generation === this.generation) await playUrl(audio.url);
    });
  }

  clear(): void {
    this.generation += 1;
    this.chain = Promise.resolve();
    stopPlaying();
  }
}
