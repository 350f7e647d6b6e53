/**
 * CALLFLOW_TTS → a synthesizer. The embedded espeak-ng is the default; another backend plugs in by
 * implementing Synthesizer (synthesizer.ts) and adding a case here (README, "Prompts").
 */
import type { TokenCredential } from '@azure/identity';
import { createAzureSpeechSynthesizer, type AzureSpeechSettings } from './azure/create-azure-speech.ts';
import { EspeakSynthesizer } from './espeak.ts';
import type { Synthesizer } from './synthesizer.ts';

export interface SynthesizerOptions {
  timeoutMs?: number;
  /** CALLFLOW_TTS=azure: the resource and its authorization (engine/config-azure-speech.ts). */
  azureSpeech?: AzureSpeechSettings;
  /** The bot's app registration's credential, for Entra authentication to Azure Speech. */
  appCredential?: TokenCredential;
}

export function createSynthesizer(name: string, options: SynthesizerOptions = {}): Synthesizer {
  switch (name) {
    case 'espeak':
      return new EspeakSynthesizer({ timeoutMs: options.timeoutMs });
    case 'azure':
      if (!options.azureSpeech) throw new Error('CALLFLOW_TTS=azure needs AZURE_SPEECH_REGION and AZURE_SPEECH_KEY (README, "Azure AI Speech voices")');
      return createAzureSpeechSynthesizer(options.azureSpeech, { timeoutMs: options.timeoutMs, appCredential: options.appCredential });
    default:
      throw new Error(`CALLFLOW_TTS=${name}: this build has no such synthesizer; use CALLFLOW_TTS=espeak`);
  }
}
