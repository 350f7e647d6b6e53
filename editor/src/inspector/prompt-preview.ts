/**
 * Hearing a prompt: its recording as the engine serves it (`/prompts/…`, same origin), or, when
 * there is no recording to play, its words through the browser's speech synthesis.
 */
import type { FlowValue } from '../document/flow-value.ts';

let playing: HTMLAudioElement | undefined;

export function promptVariant(flow: FlowValue, key: string, locale?: string): { locale: string; file?: string; text: string } | undefined {
  const variants = flow.prompts?.[key];
  if (!variants) return undefined;
  const chosen = locale && variants[locale] ? locale : Object.keys(variants)[0];
  return chosen ? { locale: chosen, ...variants[chosen] } : undefined;
}

export function speak(text: string, locale?: string): void {
  if (typeof speechSynthesis === 'undefined') return;
  const utterance = new SpeechSynthesisUtterance(text);
  if (locale) utterance.lang = locale;
  speechSynthesis.speak(utterance);
}

export function playRecording(file: string | undefined, fallbackText?: string, locale?: string): void {
  playing?.pause();
  if (file === undefined) return void (fallbackText && speak(fallbackText, locale));
  playing = new Audio(`/${file.split('/').map(encodeURIComponent).join('/')}`);
  playing.play().catch(() => fallbackText && speak(fallbackText, locale));
}
