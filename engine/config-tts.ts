/**
 * Configuration of speech synthesis: which synthesizer speaks prompts given as words
 * (CALLFLOW_TTS, design §11), where their audio is kept, how long one synthesis may take, and
 * which voice speaks each locale when a prompt names none. Read with the rest of the configuration
 * (config.ts) and handed down; the synthesizers themselves live in engine/tts.
 */
import { resolve } from 'node:path';

/** The values CALLFLOW_TTS accepts (engine/tts/select.ts builds them). */
export const TTS_NAMES = ['espeak', 'azure'] as const;

export interface TtsSettings {
  /** CALLFLOW_TTS [espeak]. */
  synthesizer: (typeof TTS_NAMES)[number];
  /** CALLFLOW_TTS_CACHE_DIR [./data/tts]: synthesized audio, one WAV per content address. */
  cacheDir: string;
  /** CALLFLOW_TTS_TIMEOUT_MS [10000]: past it a synthesis fails and the block takes its error port. */
  timeoutMs: number;
  /** CALLFLOW_TTS_VOICES (`en-US=en-us,es-US=es-419`): the voice of each locale for prompts that name none. */
  voices: Record<string, string>;
}

type Text = (name: string) => string | undefined;

export function parseTts(text: Text, problems: string[]): TtsSettings {
  const name = text('CALLFLOW_TTS') ?? 'espeak';
  if (!(TTS_NAMES as readonly string[]).includes(name)) problems.push(`CALLFLOW_TTS: '${name}' is not a synthesizer; use ${TTS_NAMES.join(' or ')}`);
  const timeout = text('CALLFLOW_TTS_TIMEOUT_MS') ?? '10000';
  const timeoutMs = Number(timeout);
  if (!/^\d+$/.test(timeout) || timeoutMs < 100 || timeoutMs > 120_000)
    problems.push(`CALLFLOW_TTS_TIMEOUT_MS: '${timeout}' is not a whole number of milliseconds from 100 to 120000`);
  const voices: Record<string, string> = {};
  for (const entry of (text('CALLFLOW_TTS_VOICES') ?? '').split(',').filter((part) => part.trim())) {
    const [locale, voice] = entry.split('=').map((part) => part.trim());
    if (!locale || !voice || !/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(locale))
      problems.push(`CALLFLOW_TTS_VOICES: '${entry.trim()}' is not locale=voice, e.g. en-US=en-us`);
    else voices[locale] = voice;
  }
  return {
    synthesizer: (TTS_NAMES as readonly string[]).includes(name) ? (name as TtsSettings['synthesizer']) : 'espeak',
    cacheDir: ttsCacheDir({ CALLFLOW_TTS_CACHE_DIR: text('CALLFLOW_TTS_CACHE_DIR') }),
    timeoutMs: Number.isFinite(timeoutMs) ? timeoutMs : 10_000,
    voices,
  };
}

/** CALLFLOW_TTS_CACHE_DIR as an absolute path, ./data/tts by default (also read by `callflow call` for the words). */
export function ttsCacheDir(env: Record<string, string | undefined>): string {
  return resolve(env.CALLFLOW_TTS_CACHE_DIR?.trim() || './data/tts');
}
