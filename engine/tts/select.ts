/**
 * CALLFLOW_TTS → a synthesizer. The embedded espeak-ng is the default; another backend plugs in by
 * implementing Synthesizer (synthesizer.ts) and adding one line here.
 */
import { EspeakSynthesizer } from './espeak.ts';
import type { Synthesizer } from './synthesizer.ts';

/** The synthesizer names CALLFLOW_TTS accepts. */
export const SYNTHESIZERS = ['espeak', 'azure'] as const;
export type SynthesizerName = (typeof SYNTHESIZERS)[number];

export function createSynthesizer(name: SynthesizerName): Synthesizer {
  switch (name) {
    case 'espeak':
      return new EspeakSynthesizer();
    case 'azure':
      throw new Error('CALLFLOW_TTS=azure: the Azure Speech synthesizer is not part of this build; use CALLFLOW_TTS=espeak');
  }
}
