/**
 * The `azure` synthesizer built from its settings (read by engine/config-azure-speech.ts) and the
 * synthesizers' common ones: the voice of each locale (over DEFAULT_VOICES) and the time one
 * synthesis may take.
 *
 * @example
 * const problems: string[] = [];
 * const speech = parseAzureSpeech(text, problems); // AZURE_SPEECH_REGION, AZURE_SPEECH_KEY, …
 * const tts = createAzureSpeechSynthesizer(speech, { voices: config.tts.voices, timeoutMs: config.tts.timeoutMs, appCredential });
 */
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { AzureSpeechSynthesizer, type AzureSpeechOptions } from './azure-speech-synthesizer.ts';
import type { SpeechCredentials } from './speech-auth.ts';

/**
 * A neural voice per common locale (names from the Speech service's voice gallery, "Language and
 * voice support"). A locale neither here nor in CALLFLOW_TTS_VOICES speaks with the first voice the
 * service lists for it.
 */
export const DEFAULT_VOICES: Readonly<Record<string, string>> = {
  'en-US': 'en-US-JennyNeural',
  'en-GB': 'en-GB-SoniaNeural',
  'es-ES': 'es-ES-ElviraNeural',
  'de-DE': 'de-DE-KatjaNeural',
  'fr-FR': 'fr-FR-DeniseNeural',
  'it-IT': 'it-IT-ElsaNeural',
  'pt-BR': 'pt-BR-FranciscaNeural',
};

/** Where the Speech resource is and how requests to it are authorized (read by engine/config-azure-speech.ts). */
export interface AzureSpeechSettings {
  /** Base of the synthesis and voices paths, no trailing slash. */
  endpoint: string;
  issueTokenUrl: string;
  auth: { kind: 'key'; key: string } | { kind: 'token'; key: string } | { kind: 'entra'; resourceId: string };
}

export function createAzureSpeechSynthesizer(
  settings: AzureSpeechSettings,
  options: { voices?: Record<string, string>; timeoutMs?: number; appCredential?: TokenCredential } & Pick<AzureSpeechOptions, 'onAttempt' | 'retry'> = {},
): AzureSpeechSynthesizer {
  return new AzureSpeechSynthesizer({
    endpoint: settings.endpoint,
    credentials: speechCredentials(settings, options.appCredential),
    voices: { ...DEFAULT_VOICES, ...options.voices },
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    onAttempt: options.onAttempt,
  });
}

/**
 * The credentials the settings name. Entra tokens come from the bot's app registration when the
 * engine hands its credential in, else from DefaultAzureCredential (a managed identity, the Azure
 * CLI's sign-in, …).
 */
export function speechCredentials(settings: AzureSpeechSettings, appCredential?: TokenCredential): SpeechCredentials {
  const auth = settings.auth;
  if (auth.kind === 'key') return auth;
  if (auth.kind === 'token') return { ...auth, issueTokenUrl: settings.issueTokenUrl };
  return { kind: 'entra', resourceId: auth.resourceId, credential: appCredential ?? new DefaultAzureCredential() };
}
