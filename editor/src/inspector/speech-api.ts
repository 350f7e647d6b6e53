/**
 * The engine's speech for the prompts editor and the simulator: the synthesizer's voices, words
 * synthesized exactly as a call would (`POST /api/speech/preview`, the audio then served under
 * `/prompts/synth/…`), and recordings uploaded (`PUT /api/prompts/<locale>/<name>`, converted by
 * the engine to 16 kHz mono; what it cannot convert is refused with its reason).
 */
import { engineRequest } from '../files/engine-api.ts';

export interface Voice {
  name: string;
  locale: string;
  gender?: string;
}

export interface SpokenVariant {
  locale: string;
  text: string;
  ssml?: string;
  voice?: string;
  file?: string;
}

const TEMPLATE = /\{\{([\s\S]*?)\}\}/g;

/** Whether words hold `{{ }}` placeholders, filled in per call. */
export const hasTemplates = (text: string): boolean => /\{\{[\s\S]*?\}\}/.test(text);

/**
 * The words a preview says for a placeholder: the name of the value it puts in, in plain words
 * (`{{ sayDate(vars.appointmentTime) }}` → "appointment time"), since no call's values exist yet.
 */
export function placeholderWords(expression: string): string {
  const names = [...expression.matchAll(/[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?!\s*\(|\w)/g)].map((match) => match[0]);
  const name = names.find((candidate) => !/^(true|false|null)$/.test(candidate));
  if (!name) return 'value';
  const last = name.split('.').pop()!;
  return last
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

/** The words with each placeholder said as its name: what "Listen" plays for a prompt with templates. */
export const sampleWords = (text: string): string => text.replace(TEMPLATE, (_all, expression: string) => placeholderWords(expression));

/** The preview request for a variant: its words (placeholders said as their names), SSML and voice. */
export function previewRequest(variant: SpokenVariant): { locale: string; text: string; ssml?: string; voice?: string } {
  return {
    locale: variant.locale,
    text: sampleWords(variant.text),
    ...(variant.ssml ? { ssml: sampleWords(variant.ssml) } : {}),
    ...(variant.voice ? { voice: variant.voice } : {}),
  };
}

/** The name an uploaded recording is kept under: the prompt key in the letters the engine takes. */
export function uploadName(promptKey: string): string {
  const name = promptKey.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (name || 'prompt').slice(0, 64);
}

/** A recording's address as the engine serves it (same origin). */
export const recordingUrl = (file: string): string => `/${file.split('/').map(encodeURIComponent).join('/')}`;

const voiceLists = new Map<string, Promise<Voice[]>>();

export const speechApi = {
  /** The synthesizer's voices for a locale (asked once per page). */
  voices(locale: string): Promise<Voice[]> {
    let list = voiceLists.get(locale);
    if (!list) {
      list = engineRequest<{ voices: Voice[] }>('GET', `/api/speech/voices?locale=${encodeURIComponent(locale)}`).then((answer) => answer.voices);
      list.catch(() => voiceLists.delete(locale));
      voiceLists.set(locale, list);
    }
    return list;
  },
  preview: (variant: SpokenVariant) => engineRequest<{ url: string; durationMs: number | null }>('POST', '/api/speech/preview', previewRequest(variant)),
  upload: (locale: string, promptKey: string, file: Blob) =>
    engineRequest<{ file: string; durationMs: number }>('PUT', `/api/prompts/${encodeURIComponent(locale)}/${uploadName(promptKey)}`, file),
};
