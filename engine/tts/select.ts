/**
 * CALLFLOW_TTS → a synthesizer. The embedded espeak-ng is the default; another backend plugs in by
 * implementing Synthesizer (synthesizer.ts) and adding a case here (README, "Prompts").
 */
import { EspeakSynthesizer } from './espeak.ts';
import type { Synthesizer } from './synthesizer.ts';

export function createSynthesizer(name: string, options: { timeoutMs?: number } = {}): Synthesizer {
  switch (name) {
    case 'espeak':
      return new EspeakSynthesizer(options);
    default:
      throw new Error(`CALLFLOW_TTS=${name}: this build has no such synthesizer; use CALLFLOW_TTS=espeak`);
  }
}
